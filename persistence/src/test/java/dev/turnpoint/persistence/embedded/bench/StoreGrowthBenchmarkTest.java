package dev.turnpoint.persistence.embedded.bench;

import dev.turnpoint.persistence.embedded.H2StoreFixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the embedded H2 store holds as turns are written: its file against the live data, the chunks H2 keeps in
 * memory, and the write rate, every {@value #REPORT_EVERY} writes. The writes are a turn's, as {@code MongoRunStore}
 * makes them, over the wire and one at a time: a run document per 20-turn conversation, and for every turn the lease
 * on the run, the turn document (its pair and checkpoint) and the commit on the run. Live data grows by the turn
 * documents, as it does for a server that keeps its runs.
 *
 * <p>Each configuration (a persistence slice) starts on a new data directory: by default the store as configured
 * out of the box, and {@code before}, H2's own chunk retention and no compaction, as the store ran before.
 *
 * <pre>
 * mvn -B -o verify -Pbenchmarks -pl persistence -am -Dtest=StoreGrowthBenchmarkTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * # -Dbench.store.writes=50000 the writes per configuration, -Dbench.store.warmup=10000 the writes before;
 * # -Dbench.store.configs=default,before which configurations (also fill&lt;percent&gt;: another minimum fill)
 * </pre>
 */
@Tag("benchmark")
@ExtendWith(VertxExtension.class)
class StoreGrowthBenchmarkTest {

  private static final int REPORT_EVERY = 5_000;
  private static final int TURNS_PER_RUN = 20;
  private static final Path REPORT = Path.of("target", "benchmarks", "embedded-store-growth.txt");
  /** Sizes of a 20-turn conversation's documents in the turn benchmark (docs/benchmarks.md). */
  private static final String SNAPSHOT = text(3_200);
  private static final String PAIR = text(6_400);
  private static final String CHECKPOINT = text(4_500);

  private final List<String> report = new ArrayList<>();

  @Test
  void fileAndChunksAsTurnsAreWritten(Vertx vertx, @TempDir Path work) throws IOException {
    int writes = Integer.getInteger("bench.store.writes", 50_000);
    line("== embedded H2 store: file, live data and chunks over %d turn-shaped writes ==", writes);
    line("%d cores, load average at start %s, java %s", Runtime.getRuntime().availableProcessors(), loadAverage(),
        System.getProperty("java.version"));
    int warmup = Integer.getInteger("bench.store.warmup", 10_000);
    try (H2StoreFixture store = H2StoreFixture.start(vertx, work.resolve("warmup"), new JsonObject())) {
      TurnWriter writer = new TurnWriter(store.mongo());
      while (writer.writes() < warmup) {
        writer.turn();
      }
    }
    line("after %d warm-up writes (so that every configuration runs compiled code):", warmup);
    String[] names = System.getProperty("bench.store.configs", "default,before").split(",");
    for (int i = 0; i < names.length; i++) {
      JsonObject config = configNamed(names[i]);
      measure(vertx, work.resolve(i + "-" + names[i]), names[i] + " " + config.encode(), config, writes);
    }
    line("load average at end %s", loadAverage());
    Files.createDirectories(REPORT.getParent());
    Files.write(REPORT, report);
  }

  /** {@code default}, {@code before}, or {@code fill<percent>} for the default with another minimum fill. */
  private static JsonObject configNamed(String name) {
    if ("before".equals(name)) {
      return new JsonObject().put("embedded_chunk_retention_ms", 45_000).put("embedded_min_fill_percent", 0);
    }
    if (name.startsWith("fill")) {
      return new JsonObject().put("embedded_min_fill_percent", Integer.parseInt(name.substring(4)));
    }
    return new JsonObject();
  }

  private void measure(Vertx vertx, Path dataDir, String title, JsonObject config, int writes) {
    line("");
    line("-- %s", title);
    line("%7s %8s %7s %8s %9s %9s %6s %7s %6s %10s %8s", "writes", "writes/s", "CPU ms", "worst ms", "file MB",
        "live MB", "ratio", "chunks", "fill", "written MB", "heap MB");
    line("(per interval: CPU ms of the process per write, slowest turn; heap used after a full GC, harness included)");
    try (H2StoreFixture store = H2StoreFixture.start(vertx, dataDir, config)) {
      TurnWriter writer = new TurnWriter(store.mongo());
      Interval interval = new Interval(0);
      while (writer.writes() < writes) {
        writer.turn();
        if (writer.writes() - interval.firstWrite >= REPORT_EVERY) {
          sample(store, writer, interval);
          interval = new Interval(writer.writes());
        }
      }
      if (interval.firstWrite < writer.writes()) {
        sample(store, writer, interval);
      }
      assertThat(store.mongo().count("runs", new JsonObject()).await()).isEqualTo(writer.runs());
    }
  }

  /** Where a report interval started: wall clock, the process's CPU time, the writer's slowest turn. */
  private static final class Interval {
    final int firstWrite;
    final long startNanos = System.nanoTime();
    final long startCpuNanos = processCpuNanos();

    Interval(int firstWrite) {
      this.firstWrite = firstWrite;
    }
  }

  private void sample(H2StoreFixture store, TurnWriter writer, Interval interval) {
    int writes = writer.writes();
    int count = writes - interval.firstWrite;
    double rate = count / ((System.nanoTime() - interval.startNanos) / 1e9);
    double cpuMillis = (processCpuNanos() - interval.startCpuNanos) / 1e6 / count;
    double slowestTurnMillis = writer.slowestTurnNanos() / 1e6;
    long file = store.fileBytes();
    long live = store.liveDataBytes();
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    line("%7d %8.0f %7.2f %8.0f %9.1f %9.1f %6.2f %7d %5d%% %10.0f %8.0f", writes, rate, cpuMillis,
        slowestTurnMillis, megabytes(file), megabytes(live), (double) file / live, store.chunkCount(),
        store.chunksFillPercent(), megabytes(store.writtenBytes()), megabytes(heap));
  }

  /** A turn's writes as the run store makes them; a new run every {@value #TURNS_PER_RUN} turns. */
  private static final class TurnWriter {
    private final MongoClient mongo;
    private int writes;
    private int runs;
    private int turn = TURNS_PER_RUN;
    private long slowestTurnNanos;

    TurnWriter(MongoClient mongo) {
      this.mongo = mongo;
    }

    void turn() {
      long start = System.nanoTime();
      if (turn == TURNS_PER_RUN) {
        runs++;
        turn = 0;
        mongo.insert("runs", new JsonObject().put("_id", runId()).put("team_id", "bench").put("turn_count", 0)
            .put("workflow_snapshot", SNAPSHOT)).await();
        writes++;
      }
      String token = "lease-" + runs + "-" + turn;
      JsonObject run = new JsonObject().put("_id", runId()).put("team_id", "bench");
      mongo.findOneAndUpdate("runs", run.copy().put("turn_count", turn),
          new JsonObject().put("$set", new JsonObject().put("lease", new JsonObject().put("token", token)))).await();
      mongo.save("run_turns", new JsonObject().put("_id", runId() + ":" + turn).put("run_id", runId())
          .put("lease_token", token).put("pair", PAIR).put("checkpoint", CHECKPOINT)).await();
      mongo.findOneAndUpdate("runs", run.copy().put("lease.token", token), new JsonObject()
          .put("$set", new JsonObject().put("turn_count", turn + 1).put("last_turn", token))
          .put("$unset", new JsonObject().put("lease", ""))).await();
      writes += 3;
      turn++;
      slowestTurnNanos = Math.max(slowestTurnNanos, System.nanoTime() - start);
    }

    /** The slowest turn since this was last asked. */
    long slowestTurnNanos() {
      long slowest = slowestTurnNanos;
      slowestTurnNanos = 0;
      return slowest;
    }

    int writes() {
      return writes;
    }

    long runs() {
      return runs;
    }

    private String runId() {
      return "run-" + runs;
    }
  }

  private void line(String format, Object... args) {
    String text = String.format(Locale.ROOT, format, args);
    System.out.println(text);
    report.add(text);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double megabytes(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Text that differs along its length, as a conversation does. */
  private static String text(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; text.length() < length; i++) {
      text.append("word").append(Integer.toString(i * 7919, 36)).append(' ');
    }
    return text.substring(0, length);
  }
}
