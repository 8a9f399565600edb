package dev.turnpoint.deploy.bench;

import dev.turnpoint.deploy.bench.TurnpointProcess.Launch;
import dev.turnpoint.testing.Polling;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cold starts of the runnable jar on fresh data directories (embedded H2 MongoDB): how long until
 * {@code GET /workflows/v1/openapi.json} first answers, how long until the ready banner (after the samples are
 * imported), and how much memory is resident after ten idle seconds. Each JVM configuration is started several
 * times; targets: answering within 3 s, under 300 MB resident when idle.
 *
 * <p>Needs {@code deploy/target/turnpoint.jar} ({@code mvn -B -o -q package -DskipTests} at the repository root).
 * {@code -Dbench.startup.starts=N} (5) sets the starts of the default configurations and
 * {@code -Dbench.startup.variantStarts=N} (3) those of the tuned ones.
 */
@Tag("benchmark")
class StartupMemoryBenchmarkTest {

  private static final Path JAR = Path.of("target", "turnpoint.jar");
  private static final String OPENAPI = "/workflows/v1/openapi.json";
  private static final Duration IDLE = Duration.ofSeconds(10);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final long ANSWER_TARGET_MILLIS = 3_000;
  private static final long IDLE_TARGET_BYTES = 300L * 1024 * 1024;

  /** Flags that shrink the heap a small server needs: one GC thread, no large default heap, smaller stacks. */
  private static final List<String> LEAN_MEMORY = List.of("-XX:+UseSerialGC", "-XX:MaxRAM=1g", "-Xss512k");
  /** On top: only the quick C1 compiler, which costs less time and memory while the server warms up. */
  private static final List<String> LEAN_STARTUP = concat(LEAN_MEMORY, List.of("-XX:TieredStopAtLevel=1"));

  /**
   * HTTP/1.1, as curl and browsers speak it. The JDK client's default, an h2c upgrade, now and then gets a corrupt
   * answer for the 80 KB API description from this server, which would fail a start that worked.
   */
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path work;

  private record Configuration(String name, boolean samples, List<String> jvmOptions, int starts) {
  }

  private record ColdStart(long answerMillis, long readyMillis, long idleResidentBytes, long peakResidentBytes) {
  }

  @Test
  void coldStartsAnswerSoonAndIdleSmall() throws Exception {
    assertThat(JAR).as("the runnable jar: run 'mvn -B -o -q package -DskipTests' at the repository root first")
        .exists();
    int starts = Integer.getInteger("bench.startup.starts", 5);
    int variantStarts = Integer.getInteger("bench.startup.variantStarts", 3);
    BenchReport report = new BenchReport("startup-memory", "Startup and idle memory");
    report.line("jar %s (%d MB, built %s); idle wait %d s after the ready banner; targets: answers < %d ms,"
            + " idle resident < %s", JAR.toAbsolutePath().normalize(), Files.size(JAR) >> 20,
        Files.getLastModifiedTime(JAR), IDLE.toSeconds(), ANSWER_TARGET_MILLIS, BenchReport.megabytes(
            IDLE_TARGET_BYTES));
    warmUpClient();

    List<Configuration> configurations = List.of(
        new Configuration("default JVM, samples on (the default)", true, List.of(), starts),
        new Configuration("default JVM, TURNPOINT_SAMPLES=false", false, List.of(), starts),
        new Configuration(String.join(" ", LEAN_MEMORY) + ", samples on", true, LEAN_MEMORY, variantStarts),
        new Configuration(String.join(" ", LEAN_STARTUP) + ", samples on", true, LEAN_STARTUP, variantStarts));
    for (Configuration configuration : configurations) {
      measure(report, configuration, Launch.jar(JAR, configuration.jvmOptions()));
    }

    Path archive = work.resolve("turnpoint.jsa");
    List<String> withArchive = concat(LEAN_STARTUP, List.of("-XX:SharedArchiveFile=" + archive));
    long dumpMillis = recordClassArchive(Launch.jar(JAR, concat(LEAN_STARTUP,
        List.of("-XX:ArchiveClassesAtExit=" + archive))));
    report.line("class data sharing archive recorded by one start with -XX:ArchiveClassesAtExit (%d ms, %d MB)",
        dumpMillis, Files.size(archive) >> 20);
    Configuration shared = new Configuration(String.join(" ", LEAN_STARTUP) + " -XX:SharedArchiveFile=<archive>,"
        + " samples on", true, withArchive, variantStarts);
    measure(report, shared, Launch.jar(JAR, withArchive));
    report.write();
  }

  private void measure(BenchReport report, Configuration configuration, Launch launch) throws Exception {
    report.line("");
    report.line("-- %s: %s", configuration.name(), String.join(" ", launch.jvmOptions()).isEmpty()
        ? "java " + String.join(" ", launch.program()) : "java " + String.join(" ", launch.jvmOptions()) + " "
        + String.join(" ", launch.program()));
    List<ColdStart> results = new ArrayList<>();
    for (int i = 1; i <= configuration.starts(); i++) {
      ColdStart start = coldStart(configuration.samples(), launch, work.resolve("data-" + System.nanoTime()));
      results.add(start);
      report.line("start %d: answers after %5d ms, ready banner after %5d ms, resident after %d s idle %s"
              + " (peak %s)", i, start.answerMillis(), start.readyMillis(), IDLE.toSeconds(),
          BenchReport.megabytes(start.idleResidentBytes()), BenchReport.megabytes(start.peakResidentBytes()));
    }
    long answer = median(results, ColdStart::answerMillis);
    long idle = median(results, ColdStart::idleResidentBytes);
    report.line("median: answers after %d ms (%s), ready after %d ms, idle resident %s (%s);"
            + " range answers %d..%d ms, idle %s..%s", answer,
        answer < ANSWER_TARGET_MILLIS ? "target met" : "TARGET MISSED",
        median(results, ColdStart::readyMillis), BenchReport.megabytes(idle),
        idle < IDLE_TARGET_BYTES ? "target met" : "TARGET MISSED",
        min(results, ColdStart::answerMillis), max(results, ColdStart::answerMillis),
        BenchReport.megabytes(min(results, ColdStart::idleResidentBytes)),
        BenchReport.megabytes(max(results, ColdStart::idleResidentBytes)));
  }

  private ColdStart coldStart(boolean samples, Launch launch, Path dataDir) throws Exception {
    int port = freePort();
    Map<String, String> env = Map.of("TURNPOINT_HTTP_PORT", Integer.toString(port),
        "TURNPOINT_SAMPLES", Boolean.toString(samples));
    try (TurnpointProcess turnpoint = TurnpointProcess.start(launch, dataDir, env)) {
      long answeredAt = awaitOpenApi(turnpoint, port);
      turnpoint.await(TurnpointProcess.READY, START_TIMEOUT);
      long readyAt = System.nanoTime();
      Thread.sleep(IDLE.toMillis());
      assertThat(turnpoint.isAlive()).as(turnpoint.outputText()).isTrue();
      return new ColdStart(millisSince(turnpoint.startedAtNanos(), answeredAt),
          millisSince(turnpoint.startedAtNanos(), readyAt), turnpoint.residentBytes(),
          turnpoint.peakResidentBytes());
    }
  }

  /** Polls every 10 ms until the API description answers 200; answers when, in {@link System#nanoTime()}. */
  private long awaitOpenApi(TurnpointProcess turnpoint, int port) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + OPENAPI))
        .timeout(Duration.ofSeconds(5)).GET().build();
    Duration left = START_TIMEOUT.minusNanos(System.nanoTime() - turnpoint.startedAtNanos());
    try {
      Polling.upTo(left.isNegative() ? Duration.ZERO : left).every(Duration.ofMillis(10))
          .until("an answer 200 from " + OPENAPI, () -> {
            assertThat(turnpoint.isAlive()).as("Turnpoint exited during start:\n%s", turnpoint.outputText()).isTrue();
            return status(request);
          }, status -> status == 200);
    } catch (AssertionError notAnswered) {
      throw new AssertionError(notAnswered.getMessage() + ":\n" + turnpoint.outputText(), notAnswered);
    }
    return System.nanoTime();
  }

  /** The status of the answer to {@code request}, or -1 while nothing listens on its port yet. */
  private int status(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (ConnectException notListeningYet) {
      return -1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking " + request.uri(), e);
    }
  }

  /** Starts once with {@code -XX:ArchiveClassesAtExit}, stops after the ready banner; the JVM writes the archive. */
  private long recordClassArchive(Launch launch) {
    long started = System.nanoTime();
    try (TurnpointProcess turnpoint = TurnpointProcess.start(launch, work.resolve("data-archive"),
        Map.of("TURNPOINT_SAMPLES", "true"))) {
      turnpoint.await(TurnpointProcess.READY, START_TIMEOUT);
    }
    return millisSince(started, System.nanoTime());
  }

  /** The first request of an HTTP client costs its own start-up; pay it before any process is timed. */
  private void warmUpClient() throws Exception {
    int port = freePort();
    try {
      http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + OPENAPI)).build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (ConnectException expected) {
      // Nothing listens there: only the client's own initialisation was wanted.
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long millisSince(long startNanos, long endNanos) {
    return (endNanos - startNanos) / 1_000_000;
  }

  private static long median(List<ColdStart> results, ToLongFunction<ColdStart> value) {
    List<ColdStart> sorted = results.stream().sorted(Comparator.comparingLong(value)).toList();
    return value.applyAsLong(sorted.get(sorted.size() / 2));
  }

  private static long min(List<ColdStart> results, ToLongFunction<ColdStart> value) {
    return results.stream().mapToLong(value).min().orElseThrow();
  }

  private static long max(List<ColdStart> results, ToLongFunction<ColdStart> value) {
    return results.stream().mapToLong(value).max().orElseThrow();
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }
}
