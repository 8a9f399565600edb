package dev.turnpoint.deploy;

import dev.turnpoint.deploy.bench.TurnpointProcess;
import dev.turnpoint.deploy.bench.TurnpointProcess.Launch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.turnpoint.deploy.bench.TurnpointApi.userTurn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the real {@link Main} (a child JVM on an H2 data directory) with SIGKILL while two runs are in the middle of a
 * turn, each waiting on an HTTP node whose server (in this test) does not answer, starts it again on the same
 * directory and checks that those runs take a turn and accept {@code stop} within seconds, well inside the
 * default lease of 15 s: the restart released the leases the dead process held. Every acknowledged turn is still
 * there; the interrupted ones, never answered, are not.
 */
class RestartMidTurnIT {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  /** How soon after the restart a run caught mid-turn must answer: far less than the 15 s default lease. */
  private static final long WITHIN_MILLIS = 5_000;

  @TempDir
  Path dataDir;

  private Vertx vertx;
  private WebClient client;
  private TurnpointProcess turnpoint;
  private final AtomicBoolean answerCalls = new AtomicBoolean(true);
  private final List<Promise<Void>> heldCalls = new ArrayList<>();
  private String target;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    Router router = Router.router(vertx);
    router.get("/call").handler(ctx -> {
      if (answerCalls.get()) {
        ctx.json(new JsonObject().put("answered", true));
        return;
      }
      // Held without an answer until the server is killed.
      synchronized (heldCalls) {
        heldCalls.stream().filter(held -> !held.future().isComplete()).findFirst()
            .ifPresent(Promise::tryComplete);
      }
    });
    int port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
    target = "http://127.0.0.1:" + port;
  }

  @AfterEach
  void tearDown() {
    if (turnpoint != null) {
      turnpoint.kill();
    }
    vertx.close().await();
  }

  @Test
  void runsCaughtMidTurnByKillNineTakeTurnsAndStopWithinSecondsOfTheRestart() throws IOException {
    int port = start();
    String key = Files.readString(dataDir.resolve(Turnpoint.ADMIN_KEY_FILE)).trim();
    String workflowId = createWorkflow(port, key);
    String talking = startRun(port, key, workflowId);
    String stopping = startRun(port, key, workflowId);
    for (String runId : List.of(talking, stopping)) {
      assertThat(turn(port, key, workflowId, runId, "first").statusCode()).isEqualTo(200);
      assertThat(turn(port, key, workflowId, runId, "second").statusCode()).isEqualTo(200);
    }
    List<String> acknowledged = List.of("first", "second");

    answerCalls.set(false);
    List<Future<Void>> bothWaiting = new ArrayList<>();
    synchronized (heldCalls) {
      for (int i = 0; i < 2; i++) {
        Promise<Void> held = Promise.promise();
        heldCalls.add(held);
        bothWaiting.add(held.future());
      }
    }
    int beforeKill = port;
    List<Future<HttpResponse<Buffer>>> interrupted = List.of(talking, stopping).stream()
        .map(runId -> sendTurn(beforeKill, key, workflowId, runId, "interrupted")).toList();
    Future.all(bothWaiting).await();
    turnpoint.kill();
    turnpoint = null;
    Future.join(interrupted).transform(settled -> Future.succeededFuture()).await();
    assertThat(interrupted).as("never answered").allMatch(Future::failed);

    answerCalls.set(true);
    port = start();
    long restarted = System.nanoTime();

    HttpResponse<Buffer> next = turn(port, key, workflowId, talking, "after restart");
    assertThat(next.statusCode()).as(next.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> stopped = command(port, key, workflowId, stopping, "stop");
    assertThat(stopped.statusCode()).as(stopped.bodyAsString()).isEqualTo(200);
    long tookMillis = (System.nanoTime() - restarted) / 1_000_000;
    assertThat(tookMillis).as("both runs answered within seconds of the restart").isLessThan(WITHIN_MILLIS);
    assertThat(stopped.bodyAsJsonObject().getString("status")).isEqualTo("cancelled");

    List<String> talked = new ArrayList<>(acknowledged);
    talked.add("after restart");
    assertThat(userMessages(port, key, talking)).containsExactlyElementsOf(talked);
    assertThat(userMessages(port, key, stopping)).containsExactlyElementsOf(acknowledged);
    HttpResponse<Buffer> afterStop = command(port, key, workflowId, talking, "stop");
    assertThat(afterStop.statusCode()).as(afterStop.bodyAsString()).isEqualTo(200);
  }

  /** Starts Turnpoint on the data directory, its HTTP nodes allowed to reach this test's server; answers its port. */
  private int start() {
    turnpoint = TurnpointProcess.start(Launch.testClassPath(List.of()), dataDir, Map.of(
        "TURNPOINT_SAMPLES", "false",
        "TURNPOINT_OUTBOUND_ALLOW", target.substring("http://".length())));
    return turnpoint.awaitApiPort(START_TIMEOUT);
  }

  private String createWorkflow(int port, String key) throws IOException {
    JsonObject graph = new JsonObject(Files.readString(Path.of("src/test/resources/calling-workflow.json")));
    HttpResponse<Buffer> created = request(port, key, HttpMethod.POST, "/workflows/v1/workflows", graph).await();
    assertThat(created.statusCode()).as(created.bodyAsString()).isLessThan(300);
    return created.bodyAsJsonObject().getJsonObject("workflow").getString("_id");
  }

  private String startRun(int port, String key, String workflowId) {
    JsonObject start = new JsonObject().put("run_input", new JsonObject().put("command", "start")
        .put("dynamic_variables", new JsonObject().put("target", target)));
    HttpResponse<Buffer> started = request(port, key, HttpMethod.POST,
        "/workflows/v1/workflows/" + workflowId + "/execute", start).await();
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(200);
    return started.bodyAsJsonObject().getString("run_id");
  }

  private HttpResponse<Buffer> turn(int port, String key, String workflowId, String runId, String text) {
    return sendTurn(port, key, workflowId, runId, text).await();
  }

  private Future<HttpResponse<Buffer>> sendTurn(int port, String key, String workflowId, String runId, String text) {
    return request(port, key, HttpMethod.POST, "/workflows/v1/workflows/" + workflowId + "/execute",
        userTurn(runId, text));
  }

  private HttpResponse<Buffer> command(int port, String key, String workflowId, String runId, String command) {
    JsonObject body = new JsonObject().put("run_id", runId)
        .put("run_input", new JsonObject().put("command", command));
    return request(port, key, HttpMethod.POST, "/workflows/v1/workflows/" + workflowId + "/execute", body).await();
  }

  /** The user message of each stored turn after the first (the start), in order. */
  private List<String> userMessages(int port, String key, String runId) {
    HttpResponse<Buffer> read = request(port, key, HttpMethod.GET, "/workflows/v1/workflow-runs/" + runId, null)
        .await();
    assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
    JsonArray pairs = read.bodyAsJsonObject().getJsonObject("workflow_run").getJsonObject("workflow_run")
        .getJsonArray("input_output_pairs");
    List<String> messages = new ArrayList<>();
    for (int i = 1; i < pairs.size(); i++) {
      messages.add(pairs.getJsonObject(i).getJsonObject("run_input").getJsonObject("thread_to_node_inputs")
          .getJsonObject("0").getJsonArray("node_run_inputs").getJsonObject(0).getJsonArray("messages")
          .getJsonObject(0).getString("content"));
    }
    return messages;
  }

  private Future<HttpResponse<Buffer>> request(int port, String key, HttpMethod method, String path,
                                               JsonObject body) {
    var request = client.request(method, port, "127.0.0.1", path).bearerTokenAuthentication(key).timeout(60_000);
    return body == null ? request.send() : request.sendJsonObject(body);
  }
}
