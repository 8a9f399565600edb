package dev.turnpoint.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpoint.deploy.Turnpoint;
import dev.turnpoint.deploy.TurnpointConfig;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.validation.WorkflowGraphValidator;
import dev.turnpoint.model.validation.WorkflowLimits;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds the largest workflow the default {@link WorkflowLimits} and body limit accept and measures every path that
 * handles it: for each, the wall time of the request and the longest time any event loop of the server went without
 * running anything else ({@link EventLoopStalls}). The target is that no path stalls a loop for more than about
 * 100 ms. The server runs in this JVM (embedded H2 store, samples off); the client runs on a Vert.x of its own, so its
 * encoding and decoding stall none of the server's loops.
 *
 * <p>The graph: a greeting, then {@code max_workflow_nodes - 1} LLM nodes on the offline LLM whose prompts fill the
 * body to just under its limit, {@code max_global_nodes} of them global with a condition, and
 * {@code max_workflow_edges} edges, all but the first conditional with a condition of a few hundred characters.
 */
@Tag("benchmark")
class LargeWorkflowBenchmarkTest {

  private static final String WORKFLOWS = "/workflows/v1/workflows";
  private static final int REPEATS = Integer.getInteger("bench.largeworkflow.repeats", 5);
  private static final int WARMUPS = Integer.getInteger("bench.largeworkflow.warmups", 2);
  /** How much of {@code max_workflow_bytes} the graph fills, leaving room for the envelope of a replacement. */
  private static final double BODY_FILL = 0.97;
  private static final Pattern CSRF_META = Pattern.compile("<meta name=\"csrf-token\" content=\"([0-9a-f]+)\">");

  /**
   * The default limits; {@code -Dbench.largeworkflow.bytes=5000000} measures a graph of another size (the server is
   * then configured to accept it), as when the limit was the 5 MB body limit alone.
   */
  private final WorkflowLimits limits = withGraphBytes(WorkflowLimits.DEFAULTS,
      Integer.getInteger("bench.largeworkflow.bytes", WorkflowLimits.DEFAULT_MAX_GRAPH_BYTES));
  private BenchReport report;
  private EventLoopStalls stalls;

  @Test
  void largestAcceptedWorkflow() throws Exception {
    report = new BenchReport("large-workflows", "Largest accepted workflow: each path's time and event-loop stall");
    Path dir = Files.createTempDirectory("bench-large-workflows");
    Vertx clientVertx = Vertx.vertx();
    Turnpoint turnpoint = Turnpoint.start(TurnpointConfig.load(null, Map.of(
        "TURNPOINT_DATA_DIR", dir.toString(),
        "TURNPOINT_HTTP_PORT", "0",
        "TURNPOINT_CONSOLE_PORT", "0",
        "TURNPOINT_HOST", "127.0.0.1",
        "TURNPOINT_SAMPLES", "false",
        "TURNPOINT_API_MAX_WORKFLOW_BYTES", String.valueOf(limits.maxGraphBytes()))));
    try {
      stalls = EventLoopStalls.watch(turnpoint.vertx());
      WebClient web = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(turnpoint.apiPort()));
      String key = Files.readString(turnpoint.adminKeyFile()).trim();
      measure(web, key, WebClientSession.create(WebClient.create(clientVertx, new WebClientOptions()
          .setDefaultHost("127.0.0.1").setDefaultPort(turnpoint.consolePort()).setFollowRedirects(false))));
    } finally {
      if (stalls != null) {
        stalls.close();
      }
      turnpoint.close();
      clientVertx.close().await();
      report.write();
    }
  }

  private void measure(WebClient web, String key, WebClientSession console) throws Exception {
    JsonObject graph = largestGraph();
    Buffer body = graph.toBuffer();
    report.line("graph: %d nodes (%d global), %d edges, %d bytes of JSON (max_workflow_bytes %d), prompts of %d chars",
        graph.getJsonArray("node_configs").size(), limits.maxGlobalNodes(), graph.getJsonArray("edge_configs").size(),
        body.length(), limits.maxGraphBytes(), graph.getJsonArray("node_configs").getJsonObject(1)
            .getJsonObject("main_response_config").getString("prompt").length());
    report.line("%-52s %9s %9s %13s  %s", "path", "median ms", "max ms", "longest stall", "on");

    JsonNode tree = Json.MAPPER.readTree(body.getBytes());
    timed("limits check, in-process (no event loop)", () -> {
      assertThat(WorkflowGraphValidator.exceededLimits(tree, limits)).isEmpty();
      return null;
    });
    timed("graph rules, in-process (no event loop)", () -> {
      assertThat(WorkflowGraphValidator.validate(Json.fromJson(graph, WorkflowConfigFullyHydrated.class)))
          .isEmpty();
      return null;
    });
    String id = timed("create workflow  POST /workflows", () -> ok(request(web, HttpMethod.POST, WORKFLOWS, key)
        .sendBuffer(body)).getJsonObject("workflow").getString("_id"));
    String workflow = WORKFLOWS + "/" + id;
    timed("export  GET /workflows/{id}?fully_hydrate", () -> ok(request(web, HttpMethod.GET,
        workflow + "?fully_hydrate=true", key).send()));
    timed("update  PATCH /workflows/{id}", () -> ok(request(web, HttpMethod.PATCH, workflow, key)
        .sendJsonObject(new JsonObject().put("description", "renamed"))));
    // Version 1, which the config replacement, the diff and the console's graph use; more versions come last.
    ok(request(web, HttpMethod.POST, workflow + "/versions", key)
        .sendJsonObject(new JsonObject().put("version_name", "copy")));
    JsonObject changed = graph.copy();
    JsonArray nodes = changed.getJsonArray("node_configs");
    for (int i = 1; i < nodes.size(); i += 2) {
      JsonObject prompt = nodes.getJsonObject(i).getJsonObject("main_response_config");
      prompt.put("prompt", "Changed. " + prompt.getString("prompt").substring(9));
    }
    Buffer replacement = new JsonObject().put("config", changed).toBuffer();
    timed("version config  PATCH .../versions/1/config", () -> ok(request(web, HttpMethod.PATCH,
        workflow + "/versions/1/config", key).sendBuffer(replacement)));
    timed("diff  GET .../versions/0/diff/1", () -> {
      JsonObject diff = ok(request(web, HttpMethod.GET, workflow + "/versions/0/diff/1", key).send());
      assertThat(diff.getJsonObject("summary").getInteger("nodes_modified")).isEqualTo(nodes.size() / 2);
      return null;
    });
    String runId = timed("run start  POST .../execute (start)", () -> ok(request(web, HttpMethod.POST,
        workflow + "/execute", key).sendJsonObject(new JsonObject().put("run_input",
        new JsonObject().put("command", "start")))).getString("run_id"));
    timed("turn  POST .../execute (user message)", () -> ok(request(web, HttpMethod.POST, workflow + "/execute", key)
        .sendJsonObject(TurnpointApi.userTurn(runId, "I'd like an appointment"))));
    int[] runBytes = new int[1];
    timed("run answer  GET /workflow-runs/{id}", () -> {
      HttpResponse<Buffer> answer = request(web, HttpMethod.GET, "/workflows/v1/workflow-runs/" + runId, key).send()
          .await();
      assertThat(answer.statusCode()).isEqualTo(200);
      runBytes[0] = answer.body().length();
      return null;
    });
    report.line("the run's answer: %d bytes", runBytes[0]);
    signIn(console, key);
    timed("console workflow page  GET /workflows/{id}", () -> page(console.get("/workflows/" + id)));
    timed("console graph (htmx)  GET /workflows/{id}?version=1", () -> page(console.get("/workflows/" + id
        + "?version=1").putHeader("HX-Request", "true")));
    timed("version create  POST .../versions", () -> ok(request(web, HttpMethod.POST, workflow + "/versions", key)
        .sendJsonObject(new JsonObject().put("version_name", "copy"))));
  }

  /** Runs {@code step} after warm-ups, REPEATS times, and reports its wall times and the longest stall. */
  private <T> T timed(String path, Callable<T> step) throws Exception {
    for (int i = 0; i < WARMUPS; i++) {
      step.call();
    }
    long[] nanos = new long[REPEATS];
    EventLoopStalls.Stall longestStall = null;
    T result = null;
    for (int i = 0; i < REPEATS; i++) {
      stalls.reset();
      long start = System.nanoTime();
      result = step.call();
      nanos[i] = System.nanoTime() - start;
      EventLoopStalls.Stall stall = stalls.longest();
      if (longestStall == null || stall.millis() > longestStall.millis()) {
        longestStall = stall;
      }
    }
    Arrays.sort(nanos);
    report.line("%-52s %9.1f %9.1f %10.1f ms  %s", path, nanos[REPEATS / 2] / 1e6, nanos[REPEATS - 1] / 1e6,
        longestStall.millis(), longestStall.thread());
    return result;
  }

  private static HttpRequest<Buffer> request(WebClient web, HttpMethod method, String path, String key) {
    return web.request(method, path).bearerTokenAuthentication(key).putHeader("Content-Type", "application/json");
  }

  private static JsonObject ok(Future<HttpResponse<Buffer>> sent) {
    HttpResponse<Buffer> answer = sent.await();
    if (answer.statusCode() != 200) {
      throw new AssertionError(answer.statusCode() + ": " + answer.bodyAsString());
    }
    return answer.bodyAsJsonObject();
  }

  private static Object page(HttpRequest<Buffer> request) {
    HttpResponse<Buffer> answer = request.send().await();
    if (answer.statusCode() != 200) {
      throw new AssertionError(answer.statusCode() + ": " + answer.bodyAsString());
    }
    return answer.body().length();
  }

  private static void signIn(WebClientSession console, String key) {
    String token = csrfToken(console.get("/sign-in").send().await());
    HttpResponse<Buffer> signedIn = console.post("/sign-in").sendForm(MultiMap.caseInsensitiveMultiMap()
        .add("csrf_token", token).add("api_key", key)).await();
    assertThat(signedIn.statusCode()).as(signedIn.bodyAsString()).isEqualTo(303);
  }

  private static String csrfToken(HttpResponse<Buffer> page) {
    Matcher matcher = CSRF_META.matcher(page.bodyAsString());
    if (!matcher.find()) {
      throw new IllegalStateException("no CSRF token on the page: " + page.statusCode());
    }
    return matcher.group(1);
  }

  // ---- the graph ----

  private JsonObject largestGraph() {
    JsonObject graph = graphWithPrompts(0);
    long room = (long) (limits.maxGraphBytes() * BODY_FILL) - graph.toBuffer().length();
    int prompt = (int) Math.min(limits.maxTextChars(), room / (limits.maxNodes() - 1));
    return graphWithPrompts(prompt);
  }

  private static WorkflowLimits withGraphBytes(WorkflowLimits limits, int bytes) {
    return new WorkflowLimits(bytes, limits.maxNodes(), limits.maxEdges(), limits.maxGlobalNodes(),
        limits.maxTextChars(), limits.maxExpressionChars(), limits.maxExpressionDepth());
  }

  private JsonObject graphWithPrompts(int promptChars) {
    JsonArray nodes = new JsonArray().add(new JsonObject().put("logical_id", "node_0").put("name", "Greeting")
        .put("type", "say_static").put("is_start", true).put("static_messages_config", new JsonObject()
            .put("static_messages", new JsonArray().add("Hello! How can I help?"))
            .put("static_messages_selection_mode", "sequence")));
    for (int i = 1; i < limits.maxNodes(); i++) {
      JsonObject node = new JsonObject().put("logical_id", "node_" + i).put("name", "Step " + i)
          .put("type", "say_llm").put("wait_for_user_message", true).put("self_loop", true)
          .put("main_response_config", new JsonObject().put("prompt", prompt(i, promptChars)))
          .put("llms_config", new JsonObject().put("type", "offline_llm").put("offline", new JsonObject()
              .put("default_reply", "Thanks, noted.")));
      if (i <= limits.maxGlobalNodes()) {
        node.put("global_node_config", new JsonObject().put("is_global", true).put("condition",
            new JsonObject().put("condition_expression", condition(i))));
      }
      nodes.add(node);
    }
    List<Object> edges = new ArrayList<>();
    edges.add(new JsonObject().put("logical_id", "edge_0").put("type", "direct")
        .put("source_node_logical_id", "node_0").put("destination_node_logical_id", "node_1"));
    for (int e = 1; e < limits.maxEdges(); e++) {
      int source = 1 + e % (limits.maxNodes() - 1);
      int destination = 1 + (e * 7) % (limits.maxNodes() - 1);
      edges.add(new JsonObject().put("logical_id", "edge_" + e).put("name", "Route " + e).put("type", "conditional")
          .put("source_node_logical_id", "node_" + source).put("destination_node_logical_id", "node_" + destination)
          .put("condition", new JsonObject().put("condition_expression", condition(e))));
    }
    return new JsonObject().put("workflow_config", new JsonObject().put("name", "Largest accepted workflow"))
        .put("node_configs", nodes).put("edge_configs", new JsonArray(edges));
  }

  private static String prompt(int node, int chars) {
    String sentence = "At step " + node + ", ask the caller for the next detail and confirm what they said. ";
    StringBuilder prompt = new StringBuilder(chars + sentence.length());
    while (prompt.length() < chars) {
      prompt.append(sentence);
    }
    prompt.setLength(chars);
    return prompt.toString();
  }

  /** A condition none of the conversation's variables meets, so the run stays where it is. */
  private static String condition(int index) {
    return "isNonEmpty([[intake.slot_" + index + "]]) AND ([[intake.answer_" + index + "]] == 'yes' OR "
        + "[[intake.count_" + index + "]] > 3) AND NOT contains(lower([[intake.notes]]), 'stop " + index + "') AND "
        + "(startsWith([[caller.name | strip]], 'Dr') OR [[caller.priority]] >= " + index + ")";
  }
}
