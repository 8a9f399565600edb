package dev.turnpoint.deploy.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pauses a child JVM wrote to its unified GC log ({@code -Xlog:gc*:file=...}), read as the log grows: each
 * {@link #readNew()} answers the pauses logged since the previous one. Only the summary line of each collection
 * counts, e.g. {@code [12.3s][info][gc] GC(7) Pause Full (Allocation Failure) 240M->90M(247M) 310.5ms}.
 */
final class GcLog {

  private static final Pattern PAUSE =
      Pattern.compile("GC\\(\\d+\\) Pause (Young|Full)\\b.*?(\\d+(?:\\.\\d+)?)ms\\s*$");

  private final Path file;
  private long offset;
  private String partialLine = "";

  GcLog(Path file) {
    this.file = file;
  }

  /** The options that make a JVM write the log this reads: every GC tag, no rotation. */
  static List<String> jvmOptions(Path file) {
    return List.of("-Xlog:gc*:file=" + file + ":uptime,level,tags:filecount=0");
  }

  /** Collections of one period: how many of each kind, and how long they stopped the JVM. */
  record Pauses(int young, double youngMillis, int full, double fullMillis) {

    static final Pauses NONE = new Pauses(0, 0, 0, 0);

    Pauses plus(Pauses other) {
      return new Pauses(young + other.young, youngMillis + other.youngMillis, full + other.full,
          fullMillis + other.fullMillis);
    }
  }

  /** The pauses logged since the last call (a line still being written waits for the next call). */
  Pauses readNew() {
    if (!Files.exists(file)) {
      return Pauses.NONE;
    }
    String text;
    try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
      byte[] bytes = new byte[(int) Math.max(0, log.length() - offset)];
      log.seek(offset);
      log.readFully(bytes);
      offset += bytes.length;
      text = partialLine + new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the GC log " + file, e);
    }
    int lastNewline = text.lastIndexOf('\n');
    partialLine = text.substring(lastNewline + 1);
    return parse(text.substring(0, lastNewline + 1));
  }

  /** The pauses of complete log lines. */
  static Pauses parse(String lines) {
    Pauses pauses = Pauses.NONE;
    for (String line : lines.split("\n")) {
      Matcher matcher = PAUSE.matcher(line);
      if (matcher.find()) {
        double millis = Double.parseDouble(matcher.group(2));
        pauses = pauses.plus(matcher.group(1).equals("Full") ? new Pauses(0, 0, 1, millis)
            : new Pauses(1, millis, 0, 0));
      }
    }
    return pauses;
  }
}
