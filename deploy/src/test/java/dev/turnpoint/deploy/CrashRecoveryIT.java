package dev.turnpoint.deploy;

import dev.turnpoint.deploy.bench.TurnpointProcess;
import dev.turnpoint.deploy.bench.TurnpointProcess.Launch;
import dev.turnpoint.testing.Polling;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.turnpoint.deploy.bench.TurnpointApi.userTurn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real {@link Main} in a child JVM on an H2 data directory, kills it with SIGKILL right after acknowledged
 * requests (or in the middle of a load of them), starts it again on the same directory and checks that everything
 * acknowledged is still there.
 */
class CrashRecoveryIT {

  private static final long LEASE_MILLIS = 1500;
  private static final int CONVERSATIONS = 8;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  @TempDir
  Path dataDir;

  private Vertx vertx;
  private WebClient client;
  private TurnpointProcess turnpoint;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() {
    if (turnpoint != null) {
      turnpoint.kill();
    }
    vertx.close().await();
  }

  @Test
  void acknowledgedWorkflowsAndTurnsSurviveKillNine() throws Exception {
    int port = startTurnpoint();
    String key = Files.readString(dataDir.resolve(Turnpoint.ADMIN_KEY_FILE)).trim();

    List<String> workflowIds = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      JsonObject created = call(port, key, "POST", "/workflows/v1/workflows",
          new JsonObject().put("name", "Crash test " + i)).bodyAsJsonObject();
      workflowIds.add(created.getJsonObject("workflow").getString("_id"));
    }
    String echoId = createEchoWorkflow(port, key);
    String runId = startRun(port, key, echoId);
    for (int turn = 0; turn < 3; turn++) {
      call(port, key, "POST", "/workflows/v1/workflows/" + echoId + "/execute", userTurn(runId, "message " + turn));
    }

    turnpoint.kill();
    turnpoint = null;
    port = startTurnpoint();

    for (String id : workflowIds) {
      assertThat(call(port, key, "GET", "/workflows/v1/workflows/" + id, null).statusCode()).isEqualTo(200);
    }
    JsonObject run = call(port, key, "GET", "/workflows/v1/workflow-runs/" + runId, null).bodyAsJsonObject()
        .getJsonObject("workflow_run").getJsonObject("workflow_run");
    assertThat(run.getJsonArray("input_output_pairs")).hasSize(4);
  }

  @Test
  void killNineUnderLoadLosesNoAnsweredTurnAndInterruptedRunsContinue() throws Exception {
    int port = startTurnpoint();
    String key = Files.readString(dataDir.resolve(Turnpoint.ADMIN_KEY_FILE)).trim();
    String echoId = createEchoWorkflow(port, key);
    Map<String, AtomicInteger> answeredTurns = new ConcurrentHashMap<>();
    for (int i = 0; i < CONVERSATIONS; i++) {
      answeredTurns.put(startRun(port, key, echoId), new AtomicInteger(1));
    }

    AtomicBoolean killed = new AtomicBoolean();
    AtomicInteger answered = new AtomicInteger();
    int loadPort = port;
    answeredTurns.forEach((runId, count) ->
        keepTalking(loadPort, key, echoId, runId, count, answered, killed));
    Polling.upTo(Duration.ofSeconds(30)).every(Duration.ofMillis(20))
        .until("60 turns answered before the kill", () -> answered.get() >= 60);
    turnpoint.kill();
    killed.set(true);
    turnpoint = null;
    assertThat(answered.get()).as("turns answered before the kill").isGreaterThanOrEqualTo(60);

    port = startTurnpoint();
    Thread.sleep(LEASE_MILLIS);
    for (Map.Entry<String, AtomicInteger> conversation : answeredTurns.entrySet()) {
      String runId = conversation.getKey();
      int stored = storedTurns(port, key, runId);
      // A turn can be durable without its answer having reached the client, never the other way round.
      assertThat(stored).as("turns of run " + runId).isBetween(conversation.getValue().get(),
          conversation.getValue().get() + 1);
      call(port, key, "POST", "/workflows/v1/workflows/" + echoId + "/execute", userTurn(runId, "after restart"));
      assertThat(storedTurns(port, key, runId)).isEqualTo(stored + 1);
    }
  }

  /** Sends turn after turn on one run, counting the answered ones, until the server is killed. */
  private void keepTalking(int port, String key, String workflowId, String runId, AtomicInteger count,
                           AtomicInteger answered, AtomicBoolean killed) {
    if (killed.get()) {
      return;
    }
    client.post(port, "127.0.0.1", "/workflows/v1/workflows/" + workflowId + "/execute")
        .bearerTokenAuthentication(key)
        .sendJsonObject(userTurn(runId, "turn " + count.get()))
        .onComplete(done -> {
          if (done.succeeded() && done.result().statusCode() == 200 && !killed.get()) {
            count.incrementAndGet();
            answered.incrementAndGet();
            keepTalking(port, key, workflowId, runId, count, answered, killed);
          }
        });
  }

  private int storedTurns(int port, String key, String runId) {
    return call(port, key, "GET", "/workflows/v1/workflow-runs/" + runId, null).bodyAsJsonObject()
        .getJsonObject("workflow_run").getJsonObject("workflow_run").getJsonArray("input_output_pairs").size();
  }

  private String createEchoWorkflow(int port, String key) throws IOException {
    JsonObject graph = new JsonObject(Files.readString(Path.of("src/test/resources/echo-workflow.json")));
    return call(port, key, "POST", "/workflows/v1/workflows", graph).bodyAsJsonObject()
        .getJsonObject("workflow").getString("_id");
  }

  private String startRun(int port, String key, String workflowId) {
    return call(port, key, "POST", "/workflows/v1/workflows/" + workflowId + "/execute",
        new JsonObject().put("run_input", new JsonObject().put("command", "start"))).bodyAsJsonObject()
        .getString("run_id");
  }

  private HttpResponse<Buffer> call(int port, String key, String method, String path, JsonObject body) {
    var request = client.request(io.vertx.core.http.HttpMethod.valueOf(method), port, "127.0.0.1", path)
        .bearerTokenAuthentication(key);
    HttpResponse<Buffer> response = (body == null ? request.send() : request.sendJsonObject(body)).await();
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.bodyAsString()).isLessThan(300);
    return response;
  }

  /** Starts Main in a child JVM and answers the API port once it printed that it is ready. */
  private int startTurnpoint() throws IOException {
    Path config = dataDir.resolveSibling(dataDir.getFileName() + "-config.json");
    // A short lease, so that runs caught mid-turn by the kill can take turns again soon after the restart.
    Files.writeString(config, "{\"engine\": {\"turn_lease_ms\": " + LEASE_MILLIS + "}}");
    turnpoint = TurnpointProcess.start(Launch.testClassPath(List.of()), dataDir, Map.of(
        "TURNPOINT_CONFIG", config.toString(),
        "TURNPOINT_SAMPLES", "false"));
    return turnpoint.awaitApiPort(START_TIMEOUT);
  }
}
