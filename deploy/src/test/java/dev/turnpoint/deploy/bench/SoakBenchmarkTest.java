package dev.turnpoint.deploy.bench;

import dev.turnpoint.deploy.bench.SoakInterval.Kind;
import dev.turnpoint.deploy.bench.TurnpointProcess.Launch;
import dev.turnpoint.persistence.PersistenceConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Does Turnpoint hold its speed, its memory and its disk under hours of steady traffic? Turnpoint runs in a child JVM
 * (the README's JVM options, embedded H2 store on a new data directory, samples off, 127.0.0.1, ports 0) and gets the
 * {@link SoakTraffic} mix of turns, forks and reads on the offline conversation workflow.
 *
 * <ol>
 *   <li>Calibration: {@value #CALIBRATION_CLIENTS} closed-loop clients send the mix as fast as it is answered, for
 *       {@code -Dbench.soak.calibration.seconds} (60); the turns/s they reach in its second half (the first warms
 *       the server up) is the maximum turn rate.</li>
 *   <li>The soak: the mix open-loop, on a fixed schedule, at half the maximum turn rate (so the whole mix at that
 *       rate ÷ {@value SoakTraffic#TURN_PERCENT} %), for {@code -Dbench.soak.minutes} (30). A request's latency counts
 *       from when the schedule said to send it.</li>
 * </ol>
 * Every minute it records turns/s, the p50 and p99 latency of turns, forks and reads, the server's resident memory
 * ({@code VmRSS}), the data directory's size on disk (every file in it), the live data (the {@code dbStats}
 * {@code dataSize} of Turnpoint's database, which the embedded server answers over the wire: the BSON size of every
 * stored document) and the GC pauses from the server's GC log. It then reports the targets: turns/s and p99 of the
 * last {@value #WINDOW_MINUTES} minutes at most 10 % worse than the first (fewer minutes each when the soak is shorter
 * than twice that), resident memory growing less than 10 % from the first minute to the last, the data directory at
 * most {@value #DATA_DIR_LIMIT} times the live data. Like every harness it fails on requests not answered as expected,
 * never on timings. {@code -Dbench.serverJvmOptions="..."} replaces the server's JVM options (the GC log is added).
 */
@Tag("benchmark")
class SoakBenchmarkTest {

  private static final Duration SOAK = Duration.ofMinutes(Long.getLong("bench.soak.minutes", 30));
  private static final Duration CALIBRATION =
      Duration.ofSeconds(Long.getLong("bench.soak.calibration.seconds", 60));
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  /** How long the requests still in flight when the schedule ends may take to be answered. */
  private static final Duration DRAIN = Duration.ofMinutes(2);
  private static final int CALIBRATION_CLIENTS = 16;
  /** Enough for the open loop not to wait for connections unless the server falls behind. */
  private static final int CONNECTIONS = 64;
  private static final int WINDOW_MINUTES = 5;
  private static final double STEADY_TOLERANCE = 0.10;
  private static final double MEMORY_GROWTH_LIMIT = 0.10;
  private static final double DATA_DIR_LIMIT = 3.0;
  private static final String WORKFLOW = "bench/conversation-workflow.json";

  @TempDir
  Path work;

  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  /** What one minute of the soak showed. */
  private record Minute(int index, SoakInterval traffic, int runs, long residentBytes, long dataDirBytes,
                        long liveBytes, GcLog.Pauses gc) {

    double dataDirPerLive() {
      return liveBytes == 0 ? Double.NaN : (double) dataDirBytes / liveBytes;
    }
  }

  @Test
  void steadyTrafficKeepsThroughputMemoryAndDisk() throws Exception {
    BenchReport report = new BenchReport("soak", "Soak");
    Path dataDir = work.resolve("server");
    Path gcLogFile = work.resolve("server-gc.log");
    List<String> options = new ArrayList<>(serverJvmOptions());
    options.addAll(GcLog.jvmOptions(gcLogFile));
    try (TurnpointProcess server = TurnpointProcess.start(Launch.testClassPath(options), dataDir,
        // One key sends all the traffic: its rate limit would cap the calibration.
        Map.of("TURNPOINT_SAMPLES", "false", "TURNPOINT_API_RATE_PER_KEY", "0"))) {
      int port = server.awaitApiPort(START_TIMEOUT);
      String mongoUri = server.await(TurnpointProcess.EMBEDDED_MONGO, Duration.ofSeconds(5));
      String key = Files.readString(dataDir.resolve("admin-api-key")).trim();
      WebClient web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
          new PoolOptions().setHttp1MaxSize(CONNECTIONS));
      TurnpointApi api = new TurnpointApi(web, port, key);
      String workflowId = api.createWorkflow(WORKFLOW).await();
      MongoClient store = MongoClient.create(vertx, new JsonObject().put("connection_string", mongoUri)
          .put("db_name", PersistenceConfig.DEFAULT_DATABASE));
      GcLog gcLog = new GcLog(gcLogFile);
      AtomicReference<SoakInterval> period = new AtomicReference<>(new SoakInterval(System.nanoTime()));
      Context context = vertx.getOrCreateContext();
      SoakTraffic traffic = new SoakTraffic(vertx, api, workflowId, period);

      report.line("server pid %d, JVM options %s, embedded MongoDB %s, data directory %s", server.pid(),
          String.join(" ", options), mongoUri, dataDir);
      report.line("mix: %d %% turns (conversations of %d turns), %d %% forks (checkpoint run from a random committed"
              + " turn of a random run, then up to %d turns), %d %% reads (get run, list runs, get checkpoint)",
          SoakTraffic.TURN_PERCENT, SoakTraffic.TURNS_PER_CONVERSATION, SoakTraffic.FORK_PERCENT,
          SoakTraffic.TURNS_AFTER_FORK, 100 - SoakTraffic.TURN_PERCENT - SoakTraffic.FORK_PERCENT);

      List<SoakInterval> halves = calibrate(context, traffic, period);
      GcLog.Pauses calibrationGc = gcLog.readNew();
      SoakInterval calibration = halves.get(1);
      double maxTurnRate = calibration.perSecond(Kind.TURN);
      report.line("calibration: %d closed-loop clients, %.0f s to warm up (%.1f turns/s), then %.0f s: %.1f turns/s"
              + " (the maximum turn rate), %.1f forks/s, %.1f reads/s; turn p50 %.1f ms, p99 %.1f ms; %s",
          CALIBRATION_CLIENTS, halves.get(0).seconds(), halves.get(0).perSecond(Kind.TURN), calibration.seconds(),
          maxTurnRate, calibration.perSecond(Kind.FORK), calibration.perSecond(Kind.READ),
          calibration.percentileMillis(Kind.TURN, 50), calibration.percentileMillis(Kind.TURN, 99),
          gcText(calibrationGc));
      for (SoakInterval half : halves) {
        assertThat(half.failures()).as("calibration requests not answered as expected; first: %s",
            half.firstFailure()).isZero();
      }
      assertThat(maxTurnRate).as("turns/s during the calibration").isPositive();

      double turnRate = maxTurnRate / 2;
      double requestRate = turnRate * 100 / SoakTraffic.TURN_PERCENT;
      report.line("");
      report.line("soak: open loop, %.1f requests/s on a fixed schedule (%.1f turns/s, half the maximum), %d minutes",
          requestRate, turnRate, SOAK.toMinutes());
      report.line("%s", header());
      long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
      long end = start + SOAK.toNanos();
      period.set(new SoakInterval(start));
      Future<Void> paced = onContext(context, () -> traffic.openLoop(requestRate, start, end));
      List<Minute> minutes = new ArrayList<>();
      for (int index = 1; index <= SOAK.toMinutes(); index++) {
        sleepUntil(start + index * MINUTE.toNanos());
        long now = System.nanoTime();
        SoakInterval minute = period.getAndSet(new SoakInterval(now));
        minute.end(now);
        int runs = onContext(context, () -> Future.succeededFuture(traffic.runCount())).await();
        minutes.add(new Minute(index, minute, runs, server.residentBytes(), directoryBytes(dataDir),
            liveBytes(store), gcLog.readNew()));
        report.line("%s", row(minutes.get(minutes.size() - 1)));
      }
      paced.toCompletionStage().toCompletableFuture().get(DRAIN.toSeconds(), TimeUnit.SECONDS);
      SoakInterval late = period.get();
      late.end(System.nanoTime());
      report.line("answered after the last minute: %d turns, %d forks, %d reads; failures %d", late.count(Kind.TURN),
          late.count(Kind.FORK), late.count(Kind.READ), late.failures());
      store.close().await();

      report.line("");
      checks(report, minutes, turnRate);
      report.write();

      for (Minute minute : minutes) {
        assertThat(minute.traffic().failures()).as("requests of minute %d not answered as expected; first: %s",
            minute.index(), minute.traffic().firstFailure()).isZero();
      }
      assertThat(late.failures()).as("requests not answered as expected; first: %s", late.firstFailure()).isZero();
      SoakInterval all = SoakInterval.merge(minutes.stream().map(Minute::traffic).toList());
      for (Kind kind : Kind.values()) {
        assertThat(all.count(kind)).as("%s requests answered during the soak", kind).isPositive();
      }
    }
  }

  /**
   * The calibration's two halves: the first warms the server up (the JIT compilers are still busy for tens of
   * seconds), the second measures the maximum rate.
   */
  private static List<SoakInterval> calibrate(Context context, SoakTraffic traffic,
                                              AtomicReference<SoakInterval> period) throws InterruptedException {
    long startedAt = System.nanoTime();
    long half = startedAt + CALIBRATION.toNanos() / 2;
    period.set(new SoakInterval(startedAt));
    Future<Void> running = onContext(context, () -> traffic.closedLoop(CALIBRATION_CLIENTS,
        startedAt + CALIBRATION.toNanos()));
    sleepUntil(half);
    SoakInterval warmUp = period.getAndSet(new SoakInterval(half));
    warmUp.end(half);
    running.await();
    SoakInterval measured = period.get();
    measured.end(System.nanoTime());
    return List.of(warmUp, measured);
  }

  /** The targets, over the first and the last minutes of the soak. */
  private static void checks(BenchReport report, List<Minute> minutes, double turnRate) {
    report.line("-- targets");
    int count = minutes.size();
    int window = Math.min(WINDOW_MINUTES, count / 2);
    if (window == 0) {
      report.line("a soak of %d minute(s) has no first and last minutes to compare", count);
      return;
    }
    SoakInterval first = SoakInterval.merge(minutes.subList(0, window).stream().map(Minute::traffic).toList());
    SoakInterval last = SoakInterval.merge(minutes.subList(count - window, count).stream().map(Minute::traffic)
        .toList());
    report.line("schedule held: %.1f turns/s over the whole soak for %.1f scheduled",
        SoakInterval.merge(minutes.stream().map(Minute::traffic).toList()).perSecond(Kind.TURN), turnRate);
    steady(report, "turns/s", window, first.perSecond(Kind.TURN), last.perSecond(Kind.TURN), true);
    for (Kind kind : Kind.values()) {
      steady(report, kind.name().toLowerCase(Locale.ROOT) + " p99 ms", window, first.percentileMillis(kind, 99),
          last.percentileMillis(kind, 99), false);
    }
    long firstResident = minutes.get(0).residentBytes();
    long lastResident = minutes.get(count - 1).residentBytes();
    double growth = (double) lastResident / firstResident - 1;
    report.line("resident memory: minute 1 %s, minute %d %s, growth %+.1f %% (target < %.0f %%: %s)",
        BenchReport.megabytes(firstResident), count, BenchReport.megabytes(lastResident), growth * 100,
        MEMORY_GROWTH_LIMIT * 100, verdict(growth < MEMORY_GROWTH_LIMIT));
    Minute lastMinute = minutes.get(count - 1);
    double worst = minutes.stream().mapToDouble(Minute::dataDirPerLive).max().orElse(Double.NaN);
    report.line("data directory: %s for %s live at the end = %.2f times (target <= %.1f: %s); at most %.2f times in"
            + " any minute", BenchReport.megabytes(lastMinute.dataDirBytes()),
        BenchReport.megabytes(lastMinute.liveBytes()), lastMinute.dataDirPerLive(), DATA_DIR_LIMIT,
        verdict(lastMinute.dataDirPerLive() <= DATA_DIR_LIMIT), worst);
    GcLog.Pauses gc = minutes.stream().map(Minute::gc).reduce(GcLog.Pauses.NONE, GcLog.Pauses::plus);
    report.line("GC over the soak: %s", gcText(gc));
  }

  /**
   * A figure of the last minutes against the first: the target is that it got no more than 10 % worse. A figure
   * that got better (a p99 that fell once the JIT compilers had finished with the first minutes) is no regression.
   */
  private static void steady(BenchReport report, String figure, int window, double first, double last,
                             boolean higherIsBetter) {
    double change = last / first - 1;
    double worse = higherIsBetter ? -change : change;
    report.line("%s: first %d min %.1f, last %d min %.1f, %+.1f %% (target: at most %.0f %% worse: %s)", figure,
        window, first, window, last, change * 100, STEADY_TOLERANCE * 100, verdict(worse <= STEADY_TOLERANCE));
  }

  private static String verdict(boolean met) {
    return met ? "met" : "MISSED";
  }

  private static String header() {
    return String.format(Locale.ROOT, "%3s | %7s | %13s | %6s | %15s | %6s | %15s | %8s | %8s | %8s | %8s | %14s |"
            + " %16s | %6s | %s", "min", "turns/s", "turn p50/p99", "fork/s", "fork p50/p99", "read/s",
        "read p50/p99", "resident", "data dir", "live", "dir/live", "full GC n (ms)", "young GC n (ms)", "runs",
        "failures");
  }

  private static String row(Minute minute) {
    SoakInterval traffic = minute.traffic();
    return String.format(Locale.ROOT, "%3d | %7.1f | %13s | %6.1f | %15s | %6.1f | %15s | %8s | %8s | %8s | %8.2f |"
            + " %14s | %16s | %6d | %d", minute.index(), traffic.perSecond(Kind.TURN), latencies(traffic, Kind.TURN),
        traffic.perSecond(Kind.FORK), latencies(traffic, Kind.FORK), traffic.perSecond(Kind.READ),
        latencies(traffic, Kind.READ), BenchReport.megabytes(minute.residentBytes()),
        BenchReport.megabytes(minute.dataDirBytes()), BenchReport.megabytes(minute.liveBytes()),
        minute.dataDirPerLive(), String.format(Locale.ROOT, "%d (%.0f)", minute.gc().full(), minute.gc().fullMillis()),
        String.format(Locale.ROOT, "%d (%.0f)", minute.gc().young(), minute.gc().youngMillis()), minute.runs(),
        traffic.failures());
  }

  private static String latencies(SoakInterval traffic, Kind kind) {
    return String.format(Locale.ROOT, "%.0f / %.0f ms", traffic.percentileMillis(kind, 50),
        traffic.percentileMillis(kind, 99));
  }

  private static String gcText(GcLog.Pauses gc) {
    return String.format(Locale.ROOT, "%d full GCs (%.0f ms), %d young GCs (%.0f ms)", gc.full(), gc.fullMillis(),
        gc.young(), gc.youngMillis());
  }

  /** The BSON size of every document in Turnpoint's database, as the embedded server's {@code dbStats} says. */
  private static long liveBytes(MongoClient store) {
    return store.runCommand("dbStats", new JsonObject().put("dbStats", 1)).await().getNumber("dataSize").longValue();
  }

  /** The size of every file under {@code directory}; files the store removes while it is walked are left out. */
  private static long directoryBytes(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.mapToLong(file -> {
        try {
          BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
          return attributes.isRegularFile() ? attributes.size() : 0;
        } catch (NoSuchFileException removed) {
          return 0;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  /** Runs {@code work} on {@code context}, where the traffic's state lives, and answers its result. */
  private static <T> Future<T> onContext(Context context, Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(nothing -> work.get().onComplete(promise));
    return promise.future();
  }

  private static List<String> serverJvmOptions() {
    String options = System.getProperty("bench.serverJvmOptions", TurnThroughputBenchmarkTest.README_JVM_OPTIONS)
        .trim();
    return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
  }
}
