package dev.turnpoint.deploy.bench;

import dev.turnpoint.deploy.Turnpoint;
import dev.turnpoint.deploy.TurnpointConfig;
import dev.turnpoint.deploy.bench.MongoCommandCounter.Counts;
import dev.turnpoint.deploy.bench.TurnpointProcess.Launch;
import dev.turnpoint.persistence.PersistenceConfig;
import dev.turnpoint.persistence.embedded.EmbeddedMongoServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.ext.mongo.WriteOption;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Turns per second over HTTP against what the same embedded MongoDB (H2 backend) can write.
 *
 * <ol>
 *   <li>How many commands and durable writes a turn costs, measured: an in-process Turnpoint whose MongoDB
 *       connection goes through a {@link MongoCommandCounter} to an embedded H2 server drives one conversation.</li>
 *   <li>Turns: Turnpoint in a child JVM (embedded H2 store, samples off, 127.0.0.1, ports 0) with an offline
 *       workflow (a greeting, then a self-looping offline LLM node, so each user message is one turn).
 *       {@value #CONVERSATIONS} conversations in flight, each sequential: a {@code start} turn, then user messages,
 *       {@value #TURNS_PER_CONVERSATION} turns per conversation, then the next conversation; a warm-up, then a fixed
 *       measured period. Every turn must answer 200. Reports turns/s, turn latency, the server's resident memory
 *       and its CPU time per turn by thread group.</li>
 *   <li>Raw writes against the server's own embedded MongoDB (its address is in its log), {@value #WRITERS}
 *       concurrent writers through vertx-mongo-client, acknowledged: small documents (insert, then update), and
 *       turn-shaped writes (a turn's three durable writes on copies of a real run and turn document).</li>
 * </ol>
 * Then: turns/s against (small-document writes/s ÷ durable writes per turn), expected to be at least 50 %, and
 * against turn-shaped writes/s ÷ 3, which shows how much of a turn's time is its MongoDB writes.
 *
 * <p>{@code -Dbench.turns.seconds=N} (30) sets the measured period, {@code -Dbench.turns.warmup.seconds=N} (60) the
 * warm-up before it, {@code -Dbench.writes.seconds=N} (20) the raw
 * one, and {@code -Dbench.serverJvmOptions="..."} replaces the server process's JVM options (by default
 * those of the README's run command, {@value #README_JVM_OPTIONS}).
 */
@Tag("benchmark")
class TurnThroughputBenchmarkTest {

  /** The server runs with the JVM options of the README's run command unless told otherwise. */
  static final String README_JVM_OPTIONS = "-XX:+UseSerialGC -XX:MaxRAM=1g -Xmn128m";
  private static final int CONVERSATIONS = 16;
  private static final int TURNS_PER_CONVERSATION = 20;
  private static final int WRITERS = 16;
  private static final String WORKFLOW = "bench/conversation-workflow.json";
  /**
   * Long enough for the JIT compilation to be over, so the measured period shows the steady state: on two busy cores
   * C2 was still compiling after 20 s (a fifth of the server's CPU).
   */
  private static final Duration TURN_WARM_UP = Duration.ofSeconds(Long.getLong("bench.turns.warmup.seconds", 60));
  private static final Duration TURN_PERIOD = Duration.ofSeconds(Long.getLong("bench.turns.seconds", 30));
  private static final Duration WRITE_WARM_UP = Duration.ofSeconds(5);
  private static final Duration WRITE_PERIOD = Duration.ofSeconds(Long.getLong("bench.writes.seconds", 20));
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final long MEMORY_TARGET_BYTES = 1024L * 1024 * 1024;
  private static final String SCRATCH_DATABASE = "turnpoint_bench_scratch";
  private static final String SMALL_DOCUMENTS = "small_documents";
  private static final String TURN_SHAPED_RUNS = "turn_shaped_runs";
  private static final String TURN_SHAPED_TURNS = "turn_shaped_turns";

  @TempDir
  Path work;

  private Vertx vertx;
  private WebClient web;
  /** The Turnpoint under measurement, whose CPU time every measured period reports. */
  private TurnpointProcess server;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    // One connection per conversation: the default pool of 5 would queue 11 of the 16 conversations.
    web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(CONVERSATIONS));
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  /** Commands per turn, from one counted conversation. */
  private record TurnCost(Counts startTurn, Counts userTurns, int userTurnCount) {

    double durableWritesPerTurn() {
      return (double) (startTurn.documentsChanged() + userTurns.documentsChanged()) / (1 + userTurnCount);
    }
  }

  /** Completed operations of one measured period, with their latencies. */
  private static final class Samples {
    private long[] latencies = new long[4096];
    private int count;
    private long failures;
    private String firstFailure;
    private long startedAt;
    private long endedAt;
    private double serverCpuAtStart;
    private double serverCpuAtEnd;
    private MachineCpu machineAtStart;
    private MachineCpu machineAtEnd;
    private Map<String, Double> threadsAtStart;
    private Map<String, Double> threadsAtEnd;

    /** Starts the period; {@code server} is the process whose CPU time it costs. */
    void begin(TurnpointProcess server) {
      startedAt = System.nanoTime();
      serverCpuAtStart = server.cpuSeconds();
      machineAtStart = MachineCpu.now();
      threadsAtStart = server.cpuSecondsByThreadGroup();
    }

    void end(TurnpointProcess server) {
      endedAt = System.nanoTime();
      serverCpuAtEnd = server.cpuSeconds();
      machineAtEnd = MachineCpu.now();
      threadsAtEnd = server.cpuSecondsByThreadGroup();
    }

    /** The server's CPU time per operation by thread group, largest first. */
    String cpuByThread(String operation) {
      Map<String, Double> used = new HashMap<>();
      threadsAtEnd.forEach((group, seconds) -> used.put(group, seconds - threadsAtStart.getOrDefault(group, 0.0)));
      double total = used.values().stream().mapToDouble(Double::doubleValue).sum();
      StringBuilder text = new StringBuilder("server CPU per " + operation + " by thread:");
      used.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
          .forEach(group -> text.append(String.format(Locale.ROOT, " %s %.2f ms (%.0f %%);", group.getKey(),
              group.getValue() * 1000 / count(), group.getValue() * 100 / total)));
      return text.toString();
    }

    double serverCpuMillisEach() {
      return (serverCpuAtEnd - serverCpuAtStart) * 1000 / count();
    }

    /** Where the CPU went: the server's share per operation, and how busy the machine was as a whole. */
    String cpu(String operation) {
      double serverSeconds = serverCpuAtEnd - serverCpuAtStart;
      return String.format(Locale.ROOT, "server CPU %.2f cores = %.2f ms per %s; all %d cores of the machine %.0f %%"
              + " busy", serverSeconds / seconds(), serverSeconds * 1000 / count(), operation,
          Runtime.getRuntime().availableProcessors(), machineAtEnd.busySince(machineAtStart) * 100);
    }

    synchronized void record(long latencyNanos) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = latencyNanos;
    }

    synchronized void fail(String what) {
      failures++;
      if (firstFailure == null) {
        firstFailure = what;
      }
    }

    synchronized int count() {
      return count;
    }

    double perSecond() {
      return count() / ((endedAt - startedAt) / 1e9);
    }

    synchronized double percentileMillis(double percentile) {
      if (count == 0) {
        return Double.NaN;
      }
      long[] sorted = Arrays.copyOf(latencies, count);
      Arrays.sort(sorted);
      int index = (int) Math.min(count - 1, Math.max(0, Math.ceil(percentile / 100.0 * count) - 1));
      return sorted[index] / 1e6;
    }

    double seconds() {
      return (endedAt - startedAt) / 1e9;
    }
  }

  @Test
  void turnsPerSecondAgainstRawMongoWrites() throws Exception {
    BenchReport report = new BenchReport("turn-throughput", "Turn throughput");
    TurnCost cost = countTurnCost(report);

    List<String> serverOptions = serverJvmOptions();
    Path dataDir = work.resolve("server");
    try (TurnpointProcess started = TurnpointProcess.start(Launch.testClassPath(serverOptions), dataDir,
        // One key drives every conversation as fast as the server goes: its rate limit would cap the measurement.
        Map.of("TURNPOINT_SAMPLES", "false", "TURNPOINT_API_RATE_PER_KEY", "0"))) {
      server = started;
      int port = server.awaitApiPort(START_TIMEOUT);
      String mongoUri = server.await(TurnpointProcess.EMBEDDED_MONGO, Duration.ofSeconds(5));
      String key = Files.readString(dataDir.resolve("admin-api-key")).trim();
      TurnpointApi api = new TurnpointApi(web, port, key);
      String workflowId = api.createWorkflow(WORKFLOW).await();

      report.line("");
      report.line("-- turns over HTTP: server pid %d (test class path%s), embedded MongoDB %s", server.pid(),
          serverOptions.isEmpty() ? ", default JVM options" : ", JVM options " + String.join(" ", serverOptions),
          mongoUri);
      report.line("%d conversations in flight, %d turns each (start + %d user messages), warm-up %d s,"
              + " measured %d s", CONVERSATIONS, TURNS_PER_CONVERSATION, TURNS_PER_CONVERSATION - 1,
          TURN_WARM_UP.toSeconds(), TURN_PERIOD.toSeconds());
      Samples warmUp = driveConversations(api, workflowId, TURN_WARM_UP);
      report.line("warm-up: %d turns, %.1f turns/s", warmUp.count(), warmUp.perSecond());
      AtomicLong peakDuringRun = new AtomicLong(server.residentBytes());
      ScheduledExecutorService memory = Executors.newSingleThreadScheduledExecutor();
      memory.scheduleAtFixedRate(() -> peakDuringRun.accumulateAndGet(server.residentBytes(), Math::max),
          0, 200, TimeUnit.MILLISECONDS);
      Samples turns;
      try {
        turns = driveConversations(api, workflowId, TURN_PERIOD);
      } finally {
        memory.shutdownNow();
      }
      report.line("turns: %d in %.1f s = %.1f turns/s; latency p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
              + " failures %d", turns.count(), turns.seconds(), turns.perSecond(), turns.percentileMillis(50),
          turns.percentileMillis(99), turns.percentileMillis(100), turns.failures);
      report.line("%s", turns.cpu("turn"));
      report.line("%s", turns.cpuByThread("turn"));
      long peak = peakDuringRun.get();
      report.line("server resident memory: peak during the measured period %s (%s < %s), high-water mark since"
              + " start %s, now %s", BenchReport.megabytes(peak), peak < MEMORY_TARGET_BYTES ? "target met"
              : "TARGET MISSED", BenchReport.megabytes(MEMORY_TARGET_BYTES),
          BenchReport.megabytes(server.peakResidentBytes()), BenchReport.megabytes(server.residentBytes()));

      MongoClient scratch = mongoClient(mongoUri, SCRATCH_DATABASE);
      MongoClient turnpointDatabase = mongoClient(mongoUri, PersistenceConfig.DEFAULT_DATABASE);
      Samples smallWrites;
      Samples turnShapedWrites;
      try {
        smallWrites = smallDocumentWrites(scratch, report);
        turnShapedWrites = turnShapedWrites(scratch, turnpointDatabase, report);
        scratch.dropCollection(SMALL_DOCUMENTS).compose(dropped -> scratch.dropCollection(TURN_SHAPED_RUNS))
            .compose(dropped -> scratch.dropCollection(TURN_SHAPED_TURNS)).await();
      } finally {
        scratch.close().await();
        turnpointDatabase.close().await();
      }

      double writesPerTurn = cost.durableWritesPerTurn();
      double smallCeiling = smallWrites.perSecond() / writesPerTurn;
      double ratio = turns.perSecond() / smallCeiling;
      double turnShapedCeiling = turnShapedWrites.perSecond() / 3;
      report.line("");
      report.line("-- verdict");
      report.line("small-document writes/s %.0f / durable writes per turn %.2f = %.0f turns/s if a turn cost"
          + " only its writes", smallWrites.perSecond(), writesPerTurn, smallCeiling);
      report.line("measured %.1f turns/s = %.0f %% of that (expected >= 50 %%: %s)", turns.perSecond(), ratio * 100,
          ratio >= 0.5 ? "yes" : "NO");
      report.line("turn-shaped writes/s %.0f / 3 = %.0f turns/s if a turn cost only its MongoDB writes at their"
              + " real size; measured turns/s are %.0f %% of that", turnShapedWrites.perSecond(), turnShapedCeiling,
          turns.perSecond() / turnShapedCeiling * 100);
      report.line("server CPU per turn %.2f ms; its three durable writes done raw at their real size cost the server"
              + " %.2f ms (%.0f %% of the turn), three small-document writes %.2f ms",
          turns.serverCpuMillisEach(), 3 * turnShapedWrites.serverCpuMillisEach(),
          300 * turnShapedWrites.serverCpuMillisEach() / turns.serverCpuMillisEach(),
          3 * smallWrites.serverCpuMillisEach());
      report.write();

      assertThat(turns.failures).as("turns that did not answer 200; first: %s", turns.firstFailure).isZero();
      assertThat(warmUp.failures).as("warm-up turns that did not answer 200; first: %s", warmUp.firstFailure)
          .isZero();
      assertThat(smallWrites.failures).as("writes that failed; first: %s", smallWrites.firstFailure).isZero();
      assertThat(turnShapedWrites.failures).as("writes that failed; first: %s", turnShapedWrites.firstFailure)
          .isZero();
      assertThat(turns.count()).isPositive();
    }
  }

  private MongoClient mongoClient(String uri, String database) {
    return MongoClient.create(vertx, new JsonObject()
        .put("connection_string", uri)
        .put("db_name", database)
        .put("maxPoolSize", WRITERS * 2));
  }

  // ---- what a turn costs ----

  private TurnCost countTurnCost(BenchReport report) throws Exception {
    Path dir = work.resolve("counted");
    EmbeddedMongoServer mongo = EmbeddedMongoServer.start(PersistenceConfig.from(new JsonObject()
        .put("data_dir", dir.resolve("mongo").toString()).put("embedded_backend", "h2")));
    MongoCommandCounter counter = null;
    Turnpoint turnpoint = null;
    try {
      counter = MongoCommandCounter.start(vertx, URI.create(mongo.connectionString()).getPort()).await();
      turnpoint = Turnpoint.start(TurnpointConfig.load(null, Map.of(
          "TURNPOINT_MONGO_URI", "mongodb://127.0.0.1:" + counter.port(),
          "TURNPOINT_DATA_DIR", dir.toString(),
          "TURNPOINT_HTTP_PORT", "0",
          "TURNPOINT_CONSOLE_PORT", "0",
          "TURNPOINT_HOST", "127.0.0.1",
          "TURNPOINT_SAMPLES", "false")));
      TurnpointApi api = new TurnpointApi(web, turnpoint.apiPort(),
          Files.readString(turnpoint.adminKeyFile()).trim());
      String workflowId = api.createWorkflow(WORKFLOW).await();

      Counts beforeStart = counter.counts();
      String runId = checkedTurn(api, workflowId, null, 0).getString("run_id");
      Counts afterStart = counter.counts();
      Counts firstUserTurn = null;
      Counts lastUserTurn = null;
      for (int turn = 1; turn < TURNS_PER_CONVERSATION; turn++) {
        Counts before = counter.counts();
        checkedTurn(api, workflowId, runId, turn);
        lastUserTurn = counter.counts().minus(before);
        if (firstUserTurn == null) {
          firstUserTurn = lastUserTurn;
        }
      }
      Counts afterUserTurns = counter.counts();
      TurnCost cost = new TurnCost(afterStart.minus(beforeStart), afterUserTurns.minus(afterStart),
          TURNS_PER_CONVERSATION - 1);

      int userTurns = cost.userTurnCount();
      report.line("-- what a turn costs, counted on the wire (one conversation of %d turns through a counting"
          + " proxy to an embedded H2 MongoDB)", TURNS_PER_CONVERSATION);
      report.line("start turn: %s; %d write commands, %d documents changed; %s sent, %s received",
          cost.startTurn().commands(), cost.startTurn().writeCommands(), cost.startTurn().documentsChanged(),
          kilobytes(cost.startTurn().bytesSent()), kilobytes(cost.startTurn().bytesReceived()));
      report.line("user-message turn (mean of %d): %.2f write commands (%s), %.2f documents changed, %.2f reads",
          userTurns, (double) cost.userTurns().writeCommands() / userTurns,
          perTurn(cost.userTurns().commands(), userTurns), (double) cost.userTurns().documentsChanged() / userTurns,
          (double) cost.userTurns().readCommands() / userTurns);
      report.line("bytes to and from MongoDB: first user-message turn %s sent, %s received; turn %d %s sent, %s"
              + " received", kilobytes(firstUserTurn.bytesSent()), kilobytes(firstUserTurn.bytesReceived()),
          TURNS_PER_CONVERSATION - 1, kilobytes(lastUserTurn.bytesSent()), kilobytes(lastUserTurn.bytesReceived()));
      report.line("durable writes per turn over a %d-turn conversation: %.2f", TURNS_PER_CONVERSATION,
          cost.durableWritesPerTurn());
      return cost;
    } finally {
      if (turnpoint != null) {
        turnpoint.close();
      }
      if (counter != null) {
        counter.close().await();
      }
      mongo.shutdown();
    }
  }

  private static JsonObject checkedTurn(TurnpointApi api, String workflowId, String runId, int turn) {
    HttpResponse<Buffer> response = api.executeTurn(workflowId, runId, userMessage(turn)).await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static String perTurn(Map<String, Long> commands, int turns) {
    StringBuilder text = new StringBuilder();
    commands.forEach((name, count) -> text.append(text.isEmpty() ? "" : ", ").append(name).append(' ')
        .append(String.format(Locale.ROOT, "%.2f", (double) count / turns)));
    return text.toString();
  }

  // ---- turns over HTTP ----

  private Samples driveConversations(TurnpointApi api, String workflowId, Duration period) {
    Samples samples = new Samples();
    samples.begin(server);
    long deadline = samples.startedAt + period.toNanos();
    List<Future<Void>> conversations = new ArrayList<>();
    for (int i = 0; i < CONVERSATIONS; i++) {
      Conversation conversation = new Conversation(api, workflowId);
      conversations.add(repeatUntil(deadline, samples, conversation::next));
    }
    Future.join(conversations).await();
    samples.end(server);
    return samples;
  }

  /**
   * Repeats {@code step} until {@code deadline}, each time once the previous one completed, recording how long each
   * took; the first failure is recorded and ends the loop.
   */
  private static Future<Void> repeatUntil(long deadline, Samples samples, Supplier<Future<?>> step) {
    Promise<Void> finished = Promise.promise();
    new Runnable() {
      @Override
      public void run() {
        if (System.nanoTime() >= deadline) {
          finished.tryComplete();
          return;
        }
        long sentAt = System.nanoTime();
        step.get().onComplete(done -> {
          if (done.failed()) {
            samples.fail(done.cause().toString());
            finished.tryComplete();
            return;
          }
          samples.record(System.nanoTime() - sentAt);
          run();
        });
      }
    }.run();
    return finished.future();
  }

  /** One client, sequential: each turn is sent once the previous one answered; a new run after the last turn. */
  private static final class Conversation {
    private final TurnpointApi api;
    private final String workflowId;
    private String runId;
    private int turn;

    Conversation(TurnpointApi api, String workflowId) {
      this.api = api;
      this.workflowId = workflowId;
    }

    Future<Void> next() {
      if (turn == TURNS_PER_CONVERSATION) {
        runId = null;
        turn = 0;
      }
      return api.executeTurn(workflowId, runId, userMessage(turn)).compose(response -> {
        if (response.statusCode() != 200) {
          return Future.failedFuture(response.statusCode() + " " + response.bodyAsString());
        }
        runId = response.bodyAsJsonObject().getString("run_id");
        turn++;
        return Future.succeededFuture();
      });
    }
  }

  private static String userMessage(int turn) {
    return turn % 5 == 1 ? "I would like an appointment next week, please." : "Message " + turn + ": thanks.";
  }

  // ---- raw MongoDB writes ----

  /** A writer's next write, given how many it has written in this period. */
  @FunctionalInterface
  private interface WriteStep {
    Future<?> write(long sequence);
  }

  /** The writes of one writer in one period (warm-up or measured), whose new documents get ids of their own. */
  @FunctionalInterface
  private interface WriterFactory {
    WriteStep writer(int writer, String period);
  }

  /**
   * Acknowledged single-document writes of small (~300-byte) documents: each writer inserts a new document, then
   * updates it, and so on.
   */
  private Samples smallDocumentWrites(MongoClient mongo, BenchReport report) {
    report.line("");
    report.line("-- raw MongoDB writes against the same server, small documents: %d writers, each alternating an"
        + " acknowledged insert of a new ~300-byte document and an update of it; warm-up %d s, measured %d s",
        WRITERS, WRITE_WARM_UP.toSeconds(), WRITE_PERIOD.toSeconds());
    String payload = "x".repeat(200);
    WriterFactory writers = (writer, period) -> sequence -> {
      String id = period + "-" + writer + "-" + sequence / 2;
      return sequence % 2 == 0
          ? mongo.insertWithOptions(SMALL_DOCUMENTS, new JsonObject().put("_id", id).put("writer", writer)
              .put("sequence", sequence).put("updates", 0).put("payload", payload), WriteOption.ACKNOWLEDGED)
          : mongo.updateCollectionWithOptions(SMALL_DOCUMENTS, new JsonObject().put("_id", id), new JsonObject()
                  .put("$set", new JsonObject().put("payload", payload.toUpperCase()).put("sequence", sequence))
                  .put("$inc", new JsonObject().put("updates", 1)),
              new UpdateOptions().setWriteOption(WriteOption.ACKNOWLEDGED));
    };
    return measureWrites(report, writers);
  }

  /**
   * The three durable writes of a turn, on copies of a real run document and turn document from the measured period
   * (same sizes, same operations as {@code MongoRunStore}), but without the engine, the event bus or HTTP: each
   * writer takes a lease on its own run copy (findAndModify answering the run without the snapshot and checkpoint
   * the engine holds), writes a copy of the turn document under a new id (an upsert guarded by the lease revision),
   * then commits the turn on the run copy (findAndModify storing where the turn came from and its checkpoint).
   */
  /** What the lease and the commit answer: the run without its latest turn, checkpoint and workflow snapshot. */
  private static final JsonObject HEADER_ONLY = new JsonObject().put("last_turn", 0).put("last_checkpoint", 0)
      .put("workflow_run.workflow_config_fully_hydrated", 0);

  private Samples turnShapedWrites(MongoClient mongo, MongoClient turnpointDatabase, BenchReport report) {
    JsonObject run = turnpointDatabase.findWithOptions("workflow_runs", new JsonObject(), new FindOptions()
        .setSort(new JsonObject().put("turn_count", -1)).setLimit(1)).await().get(0);
    JsonObject turn = turnpointDatabase.findOne("run_turns", new JsonObject().put("_id", run.getString("_id") + ":"
        + (run.getInteger("turn_count") - 1)), null).await();
    assertThat(turn).as("the last turn document of run %s", run.getString("_id")).isNotNull();
    report.line("");
    report.line("-- raw MongoDB writes against the same server, turn-shaped: copies of a real run document"
            + " (%d turns, %s of JSON) and turn document (%s); %d writers, each repeating lease (findAndModify"
            + " answering the run's header), turn upsert and commit (findAndModify); warm-up %d s, measured %d s",
        run.getInteger("turn_count"), kilobytes(run.encode().length()), kilobytes(turn.encode().length()), WRITERS,
        WRITE_WARM_UP.toSeconds(), WRITE_PERIOD.toSeconds());
    JsonObject snapshot = run.getJsonObject("workflow_run").getJsonObject("workflow_config_fully_hydrated");
    report.line("the run document holds: workflow snapshot %s, last_checkpoint %s, last_turn %s; the turn document:"
            + " pair %s, checkpoint %s", kilobytes(jsonLength(snapshot)),
        kilobytes(jsonLength(run.getJsonObject("last_checkpoint"))), kilobytes(jsonLength(run.getJsonObject(
            "last_turn"))), kilobytes(jsonLength(turn.getJsonObject("pair"))),
        kilobytes(jsonLength(turn.getJsonObject("checkpoint"))));
    for (int writer = 0; writer < WRITERS; writer++) {
      mongo.insert(TURN_SHAPED_RUNS, run.copy().put("_id", "run-" + writer)).await();
    }
    JsonObject turnContent = turn.copy();
    turnContent.remove("_id");
    JsonObject commit = new JsonObject()
        .put("last_turn", run.getJsonObject("last_turn"))
        .put("last_checkpoint", run.getJsonObject("last_checkpoint"))
        .put("workflow_run.status", "waiting_for_user_input");
    WriterFactory writers = (writer, period) -> sequence -> {
      JsonObject ownRun = new JsonObject().put("_id", "run-" + writer).put("team_id", run.getString("team_id"));
      String now = Instant.now().toString();
      return switch ((int) (sequence % 3)) {
        case 0 -> mongo.findOneAndUpdateWithOptions(TURN_SHAPED_RUNS, ownRun, new JsonObject()
                .put("$set", new JsonObject().put("lease", new JsonObject().put("token", "t" + sequence)
                    .put("expires_at", System.currentTimeMillis() + 300_000)).put("updated_at", now))
                .put("$inc", new JsonObject().put("revision", 1)),
            new FindOptions().setFields(HEADER_ONLY), new UpdateOptions().setReturningNewDocument(true));
        case 1 -> mongo.updateCollectionWithOptions(TURN_SHAPED_TURNS,
            new JsonObject().put("_id", period + "-run-" + writer + ":" + sequence / 3)
                .put("lease_revision", new JsonObject().put("$lte", sequence)),
            // A copy each time: an upsert writes the filter's _id into the object it is given.
            new JsonObject().put("$set", turnContent.copy().put("lease_revision", sequence)),
            new UpdateOptions().setUpsert(true));
        default -> mongo.findOneAndUpdateWithOptions(TURN_SHAPED_RUNS, ownRun, new JsonObject()
                .put("$set", commit.copy().put("updated_at", now))
                .put("$inc", new JsonObject().put("revision", 1).put("turn_count", 1))
                .put("$unset", new JsonObject().put("lease", "")),
            new FindOptions().setFields(HEADER_ONLY), new UpdateOptions().setReturningNewDocument(true));
      };
    };
    return measureWrites(report, writers);
  }

  private Samples measureWrites(BenchReport report, WriterFactory writers) {
    Samples warmUp = write(writers, "warm-up", WRITE_WARM_UP);
    report.line("warm-up: %d writes, %.0f writes/s", warmUp.count(), warmUp.perSecond());
    Samples writes = write(writers, "measured", WRITE_PERIOD);
    report.line("writes: %d in %.1f s = %.0f writes/s; latency p50 %.2f ms, p99 %.2f ms; failures %d",
        writes.count(), writes.seconds(), writes.perSecond(), writes.percentileMillis(50),
        writes.percentileMillis(99), writes.failures);
    report.line("%s", writes.cpu("write"));
    assertThat(warmUp.failures).as("raw writes that failed; first: %s", warmUp.firstFailure).isZero();
    return writes;
  }

  private Samples write(WriterFactory writers, String name, Duration period) {
    Samples samples = new Samples();
    samples.begin(server);
    long deadline = samples.startedAt + period.toNanos();
    List<Future<Void>> running = new ArrayList<>();
    for (int writer = 0; writer < WRITERS; writer++) {
      // Sequential: each write is sent once the previous one was acknowledged.
      WriteStep step = writers.writer(writer, name);
      long[] written = {0};
      running.add(repeatUntil(deadline, samples, () -> step.write(written[0]++)));
    }
    Future.join(running).await();
    samples.end(server);
    return samples;
  }

  private static long jsonLength(JsonObject json) {
    return json == null ? 0 : json.encode().length();
  }

  private static String kilobytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
  }

  private static List<String> serverJvmOptions() {
    String options = System.getProperty("bench.serverJvmOptions", README_JVM_OPTIONS).trim();
    return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
  }
}
