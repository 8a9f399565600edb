package dev.turnpoint.deploy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one harness: each line is printed to stdout as it is measured and, at the end, the whole report is
 * written to {@code target/benchmarks/<name>.txt}. It starts with the machine and its load, because timings on a
 * shared or busy machine are only comparable with that in mind.
 */
final class BenchReport {

  static final Path DIRECTORY = Path.of("target", "benchmarks");

  private final String name;
  private final List<String> lines = new ArrayList<>();

  BenchReport(String name, String title) {
    this.name = name;
    line("== %s ==", title);
    line("date %s, %s", Instant.now().truncatedTo(ChronoUnit.SECONDS), machine());
    line("java %s (%s), load average at start %s", System.getProperty("java.version"),
        System.getProperty("java.vm.name"), loadAverage());
  }

  void line(String format, Object... args) {
    String text = String.format(Locale.ROOT, format, args);
    System.out.println(text);
    lines.add(text);
  }

  /** Adds the closing load average and writes the report file. */
  Path write() {
    line("load average at end %s", loadAverage());
    try {
      Files.createDirectories(DIRECTORY);
      Path file = DIRECTORY.resolve(name + ".txt");
      Files.write(file, lines);
      System.out.println("written to " + file.toAbsolutePath());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.0f MB", bytes / (1024.0 * 1024.0));
  }

  private static String machine() {
    long memoryKb = 0;
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memoryKb = Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Runtime.getRuntime().availableProcessors() + " cores";
    }
    return String.format(Locale.ROOT, "%d cores (%s), %.0f GB RAM", Runtime.getRuntime().availableProcessors(), cpu,
        memoryKb / (1024.0 * 1024.0));
  }

  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
