package dev.turnpoint.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The 25 example workflows of the Interactly SDK 0.2.0, as its {@code workflows.create_from_config} posts them
 * ({@code sdk-examples/}): each is accepted, and runs its first two turns (start, then one user message) without a
 * {@code workflow_error}, except those in {@link #EXPECTED_ERRORS}. LLM calls go to an OpenAI-compatible stub on
 * loopback (fixed reply, {@code {}} for structured output, "does not hold" for every decision); the examples'
 * {@code base_url}s and HTTP targets are pointed at the stub here, the data is left as captured.
 */
class SdkExampleWorkflowsTest {

  /**
   * Examples that need what Turnpoint does not run yet, with (part of) the {@code workflow_error} each gives today
   * and the turn (1 or 2) that gives it. When a feature lands, its example leaves this list.
   */
  private static final Map<Integer, ExpectedError> EXPECTED_ERRORS = Map.of();
  /**
   * The evaluator example: its {@code workflow_run_fetch} reads the run named by the {@code workflow_run_id} dynamic
   * variable, a placeholder in the example ("replace with a real run id"), so it is given the id of a real run.
   */
  private static final int EVALUATOR_EXAMPLE = 18;

  private record ExpectedError(int turn, String message) {
  }

  private static Vertx vertx;
  private static ApiFixture api;
  private static String stub;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.post("/v1/chat/completions").handler(SdkExampleWorkflowsTest::complete);
    router.get("/drug/label.json").handler(ctx -> ctx.json(new JsonObject().put("results", new JsonArray()
        .add(new JsonObject().put("purpose", "Pain reliever")))));
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    stub = "http://127.0.0.1:" + server.actualPort();
    api = ApiFixture.start(vertx, new JsonObject(), new JsonObject()
        .put("openai_base_url", stub + "/v1").put("openai_api_key", "stub-key")
        .put("outbound_allow", new JsonArray().add("127.0.0.1:" + server.actualPort())));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static void complete(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    JsonObject message = new JsonObject().put("role", "assistant").put("content", "Hello, this is the stub LLM.");
    if (body.containsKey("response_format")) {
      message.put("content", "{}");
    }
    if (body.getValue("tool_choice") instanceof JsonObject choice) {
      String function = choice.getJsonObject("function").getString("name");
      message.put("content", (String) null).put("tool_calls", new JsonArray().add(new JsonObject()
          .put("id", "call_1").put("type", "function").put("function", new JsonObject().put("name", function)
              .put("arguments", new JsonObject().put("holds", false).encode()))));
    }
    ctx.json(new JsonObject().put("model", body.getString("model"))
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("message", message)
            .put("finish_reason", "stop")))
        .put("usage", new JsonObject().put("prompt_tokens", 10).put("completion_tokens", 5)));
  }

  static List<Integer> examples() {
    return IntStream.rangeClosed(1, 25).boxed().toList();
  }

  @ParameterizedTest(name = "example {0}")
  @MethodSource("examples")
  void theExampleIsAcceptedAndRunsItsFirstTwoTurns(int example) throws IOException {
    JsonObject body = pointedAtTheStub(example(example));
    String key = api.newTeamAdmin();
    HttpResponse<Buffer> created = api.send(POST, "/workflows/v1/workflows", key, body);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(200);
    String workflowId = created.bodyAsJsonObject().getJsonObject("workflow").getString("_id");
    String execute = "/workflows/v1/workflows/" + workflowId + "/execute";
    ExpectedError expected = EXPECTED_ERRORS.get(example);

    JsonObject start = ExecutionRoutesTest.runInput("start");
    if (example == EVALUATOR_EXAMPLE) {
      start.put("dynamic_variables", new JsonObject().put("workflow_run_id", aRunOfTheTeam(key)));
    }
    JsonObject first = turn(key, execute, new JsonObject().put("run_input", start));
    if (expected != null && expected.turn() == 1) {
      assertThat(errors(first)).as("example %d, turn 1", example).anyMatch(e -> e.contains(expected.message()));
      return;
    }
    assertThat(errors(first)).as("example %d, turn 1", example).isEmpty();
    if (!first.getBoolean("is_waiting_for_input")) {
      return;
    }
    JsonObject second = turn(key, execute, new JsonObject().put("run_id", first.getString("run_id"))
        .put("run_input", ExecutionRoutesTest.runInput("data", "Hi, I am Ana Silva and I have a question.")));
    if (expected != null) {
      assertThat(errors(second)).as("example %d, turn 2", example).anyMatch(e -> e.contains(expected.message()));
      return;
    }
    assertThat(errors(second)).as("example %d, turn 2", example).isEmpty();
    assertThat(second.getInteger("turn_number")).isEqualTo(2);
  }

  @Test
  void theEvaluatorExampleOfItsPlaceholderRunIdFailsWithAClearError() throws IOException {
    String key = api.newTeamAdmin();
    HttpResponse<Buffer> created = api.send(POST, "/workflows/v1/workflows", key,
        pointedAtTheStub(example(EVALUATOR_EXAMPLE)));
    String execute = "/workflows/v1/workflows/" + created.bodyAsJsonObject().getJsonObject("workflow").getString("_id")
        + "/execute";
    JsonObject first = turn(key, execute, new JsonObject().put("run_input", ExecutionRoutesTest.runInput("start")));
    assertThat(errors(first)).anyMatch(error -> error.contains("could not load run"));
  }

  /** The id of a run of example 1, started in the team of {@code key}. */
  private static String aRunOfTheTeam(String key) throws IOException {
    HttpResponse<Buffer> created = api.send(POST, "/workflows/v1/workflows", key, pointedAtTheStub(example(1)));
    String execute = "/workflows/v1/workflows/" + created.bodyAsJsonObject().getJsonObject("workflow").getString("_id")
        + "/execute";
    return turn(key, execute, new JsonObject().put("run_input", ExecutionRoutesTest.runInput("start")))
        .getString("run_id");
  }

  private static JsonObject example(int example) throws IOException {
    String name = "/sdk-examples/wf_example_progression_" + example + ".json";
    try (InputStream in = SdkExampleWorkflowsTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Every non-null {@code base_url} and every {@code http_request} host replaced by the stub's. */
  private static JsonObject pointedAtTheStub(JsonObject body) {
    rewrite(body);
    return body;
  }

  private static void rewrite(Object value) {
    if (value instanceof JsonObject object) {
      if (object.getValue("base_url") instanceof String) {
        object.put("base_url", stub + "/v1");
      }
      if ("http_request".equals(object.getString("type")) && object.getValue("url") instanceof String url) {
        object.put("url", url.replaceFirst("^https?://[^/]+", stub));
      }
      object.forEach(entry -> rewrite(entry.getValue()));
    } else if (value instanceof JsonArray array) {
      array.forEach(SdkExampleWorkflowsTest::rewrite);
    }
  }

  private static JsonObject turn(String key, String path, JsonObject body) {
    HttpResponse<Buffer> response = api.send(POST, path, key, body);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static List<String> errors(JsonObject turn) {
    return turn.getJsonArray("events").stream().map(JsonObject.class::cast)
        .filter(event -> "workflow_error".equals(event.getString("type")))
        .map(event -> String.valueOf(event.getString("error_message"))).toList();
  }
}
