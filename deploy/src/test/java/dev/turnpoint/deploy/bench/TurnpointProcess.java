package dev.turnpoint.deploy.bench;

import dev.turnpoint.deploy.Main;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turnpoint's {@link Main} in a child JVM, as a user would run it, listening on 127.0.0.1 only. Its output is
 * collected line by line so a harness can wait for the banner or read what the server logged, and its memory is read
 * from {@code /proc/<pid>/status}. Harnesses and the crash tests of other packages share it.
 */
public final class TurnpointProcess implements AutoCloseable {

  static final Pattern API_URL = Pattern.compile("API +http://localhost:(\\d+)/workflows/v1");
  static final Pattern READY = Pattern.compile("Turnpoint is ready in (\\d+) ms");
  static final Pattern EMBEDDED_MONGO = Pattern.compile("Embedded MongoDB \\(H2 backend\\) listening at (\\S+)");

  private final Process process;
  private final long startedAtNanos;
  private final List<String> output = new ArrayList<>();

  private TurnpointProcess(Process process, long startedAtNanos) {
    this.process = process;
    this.startedAtNanos = startedAtNanos;
    Thread reader = new Thread(this::collectOutput, "turnpoint-child-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** How to launch the JVM: its options and what runs (a jar, or a class path and main class). */
  public record Launch(List<String> jvmOptions, List<String> program) {

    /** {@code java [options] -jar turnpoint.jar}: exactly what a user runs. */
    static Launch jar(Path jar, List<String> jvmOptions) {
      return new Launch(jvmOptions, List.of("-jar", jar.toString()));
    }

    /** Main on an explicit class path (the test class path, or extra resources in front of the jar). */
    static Launch classPath(String classPath, List<String> jvmOptions) {
      return new Launch(jvmOptions, List.of("-cp", classPath, Main.class.getName()));
    }

    /** This test JVM's own class path, so the child runs the code just compiled. */
    public static Launch testClassPath(List<String> jvmOptions) {
      return classPath(System.getProperty("java.class.path"), jvmOptions);
    }
  }

  /**
   * Starts Turnpoint with its data in {@code dataDir}, listening on 127.0.0.1; {@code environment} adds or overrides
   * {@code TURNPOINT_*} variables (ports default to 0).
   */
  public static TurnpointProcess start(Launch launch, Path dataDir, Map<String, String> environment) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(launch.jvmOptions());
    command.addAll(launch.program());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("TURNPOINT_"));
    env.put("TURNPOINT_DATA_DIR", dataDir.toString());
    env.put("TURNPOINT_HTTP_PORT", "0");
    env.put("TURNPOINT_CONSOLE_PORT", "0");
    env.put("TURNPOINT_HOST", "127.0.0.1");
    env.putAll(environment);
    long startedAt = System.nanoTime();
    try {
      return new TurnpointProcess(builder.start(), startedAt);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  long pid() {
    return process.pid();
  }

  long startedAtNanos() {
    return startedAtNanos;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until a line of output matches {@code pattern} and answers its first group. */
  String await(Pattern pattern, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    synchronized (output) {
      while (true) {
        for (; seen < output.size(); seen++) {
          Matcher matcher = pattern.matcher(output.get(seen));
          if (matcher.find()) {
            return matcher.group(1);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive() && seen == output.size()) {
          throw new IllegalStateException("Turnpoint did not print /" + pattern + "/ within " + timeout
              + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") + ". Output:\n"
              + String.join("\n", output));
        }
        try {
          output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for Turnpoint", e);
        }
      }
    }
  }

  public int awaitApiPort(Duration timeout) {
    return Integer.parseInt(await(API_URL, timeout));
  }

  /** Resident memory now, in bytes ({@code VmRSS}). */
  long residentBytes() {
    return statusKilobytes("VmRSS").orElseThrow(() -> new IllegalStateException(
        "Turnpoint (pid " + pid() + ") is not running; output:\n" + outputText())) * 1024;
  }

  /** The most resident memory the process ever had, in bytes ({@code VmHWM}). */
  long peakResidentBytes() {
    return statusKilobytes("VmHWM").orElseThrow(() -> new IllegalStateException(
        "Turnpoint (pid " + pid() + ") is not running")) * 1024;
  }

  /**
   * CPU time the process has used so far (user and system, all threads), in seconds, from {@code /proc/<pid>/stat}
   * in clock ticks of 1/100 s (Linux's USER_HZ).
   */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
      // Fields after the command name, which is in parentheses and may hold spaces: state is field 3, utime 14.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException e) {
      throw new UncheckedIOException("Turnpoint (pid " + pid() + ") is not running", e);
    }
  }

  /**
   * CPU seconds used so far by the process's live threads, grouped by thread name without its trailing number (the
   * kernel keeps the first 15 characters of a name: {@code vert.x-eventloo}, {@code mongo-server-wo} (the embedded
   * MongoDB), {@code AsyncGetter-N-t} (the MongoDB driver), {@code GC Thread}, {@code C2 CompilerThre}, ...).
   */
  Map<String, Double> cpuSecondsByThreadGroup() {
    Map<String, Double> groups = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
      for (Path task : tasks.toList()) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException threadEnded) {
          continue;
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("#?\\d+$", "").trim();
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        groups.merge(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0, Double::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Turnpoint (pid " + pid() + ") is not running", e);
    }
    return groups;
  }

  private Optional<Long> statusKilobytes(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
        if (line.startsWith(field + ":")) {
          return Optional.of(Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim()));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public String outputText() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** Kills Turnpoint with SIGKILL, as a crash would: it gets no chance to close anything. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("Turnpoint (pid " + pid() + ") survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing Turnpoint", e);
    }
  }

  /** Stops Turnpoint as a user would (SIGTERM, so it closes its store), forcibly if it takes too long. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void collectOutput() {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (output) {
          output.add(line);
          output.notifyAll();
        }
      }
    } catch (IOException e) {
      // The process went away; whoever waits on its output sees that it is no longer alive.
    } finally {
      synchronized (output) {
        output.notifyAll();
      }
    }
  }
}
