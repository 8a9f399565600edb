package dev.turnpoint.deploy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real {@link Main} in a child JVM on an H2 data directory, kills it with SIGKILL right after acknowledged
 * requests, starts it again on the same directory and checks that everything acknowledged is still there.
 */
class CrashRecoveryTest {

  private static final Pattern API_URL = Pattern.compile("API +http://localhost:(\\d+)/workflows/v1");

  @TempDir
  Path dataDir;

  private Vertx vertx;
  private WebClient client;
  private Process process;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() {
    if (process != null) {
      process.destroyForcibly();
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
    JsonObject graph = new JsonObject(Files.readString(Path.of("src/test/resources/echo-workflow.json")));
    String echoId = call(port, key, "POST", "/workflows/v1/workflows", graph).bodyAsJsonObject()
        .getJsonObject("workflow").getString("_id");
    JsonObject first = call(port, key, "POST", "/workflows/v1/workflows/" + echoId + "/execute",
        new JsonObject().put("run_input", new JsonObject().put("command", "start"))).bodyAsJsonObject();
    String runId = first.getString("run_id");
    for (int turn = 0; turn < 3; turn++) {
      call(port, key, "POST", "/workflows/v1/workflows/" + echoId + "/execute", new JsonObject()
          .put("run_id", runId)
          .put("run_input", new JsonObject().put("command", "data").put("thread_to_node_inputs", new JsonObject()
              .put("0", new JsonObject().put("node_run_inputs", new io.vertx.core.json.JsonArray().add(
                  new JsonObject().put("type", "llm").put("messages", new io.vertx.core.json.JsonArray().add(
                      new JsonObject().put("type", "human").put("content", "message " + turn)))))))));
    }

    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    process = null;
    port = startTurnpoint();

    for (String id : workflowIds) {
      assertThat(call(port, key, "GET", "/workflows/v1/workflows/" + id, null).statusCode()).isEqualTo(200);
    }
    JsonObject run = call(port, key, "GET", "/workflows/v1/workflow-runs/" + runId, null).bodyAsJsonObject()
        .getJsonObject("workflow_run").getJsonObject("workflow_run");
    assertThat(run.getJsonArray("input_output_pairs")).hasSize(4);
  }

  private HttpResponse<Buffer> call(int port, String key, String method, String path, JsonObject body) {
    var request = client.request(io.vertx.core.http.HttpMethod.valueOf(method), port, "127.0.0.1", path)
        .bearerTokenAuthentication(key);
    HttpResponse<Buffer> response = (body == null ? request.send() : request.sendJsonObject(body)).await();
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.bodyAsString()).isLessThan(300);
    return response;
  }

  /** Starts Main in a child JVM and answers the API port once it printed that it is ready. */
  private int startTurnpoint() throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName())
        .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("TURNPOINT_DATA_DIR", dataDir.toString());
    env.put("TURNPOINT_HTTP_PORT", "0");
    env.put("TURNPOINT_CONSOLE_PORT", "0");
    env.put("TURNPOINT_HOST", "127.0.0.1");
    env.put("TURNPOINT_SAMPLES", "false");
    process = builder.start();
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    StringBuilder seen = new StringBuilder();
    String line;
    while (System.nanoTime() < deadline && (line = output.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher matcher = API_URL.matcher(line);
      if (matcher.find()) {
        Thread drain = new Thread(() -> output.lines().forEach(ignored -> { }), "turnpoint-child-output");
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(matcher.group(1));
      }
    }
    throw new AssertionError("Turnpoint did not start:\n" + seen);
  }
}
