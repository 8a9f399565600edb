package dev.turnpoint.deploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU ticks of the whole machine from {@code /proc/stat}, busy and in total. Over a measured period they say how
 * busy all cores were, whoever used them: a benchmark that shares the machine with other work reads lower figures.
 */
record MachineCpu(long busyTicks, long totalTicks) {

  static MachineCpu now() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      for (int i = 1; i < fields.length && i <= 8; i++) {
        total += Long.parseLong(fields[i]);
      }
      // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
      long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
      return new MachineCpu(total - idle, total);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fraction of all cores' time that was busy since {@code earlier}. */
  double busySince(MachineCpu earlier) {
    long total = totalTicks - earlier.totalTicks;
    return total == 0 ? 0 : (double) (busyTicks - earlier.busyTicks) / total;
  }
}
