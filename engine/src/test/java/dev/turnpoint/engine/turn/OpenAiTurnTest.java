package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.GraphResources;
import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.turnpoint.engine.turn.TurnDriver.said;
import static org.assertj.core.api.Assertions.assertThat;

/** Turns whose LLM nodes call an OpenAI-compatible server: usage accounting and the node's error fallback. */
class OpenAiTurnTest {

  private static Vertx vertx;
  private static HttpServer server;
  private static String baseUrl;
  private static final Queue<JsonObject> requests = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.post("/v1/chat/completions").handler(ctx -> {
      JsonObject body = ctx.body().asJsonObject();
      requests.add(body.put("authorization", ctx.request().getHeader("Authorization")));
      if ("tool-model".equals(body.getString("model"))) {
        ctx.json(toolModelAnswer(body));
        return;
      }
      if ("broken-model".equals(body.getString("model"))) {
        ctx.response().setStatusCode(500).end();
        return;
      }
      ctx.json(new JsonObject().put("model", body.getString("model") + "-0613")
          .put("choices", new JsonArray().add(new JsonObject().put("message",
              new JsonObject().put("role", "assistant").put("content", "Hi, I am " + body.getString("model")))))
          .put("usage", new JsonObject().put("prompt_tokens", 10).put("completion_tokens", 4)));
    });
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    baseUrl = "http://127.0.0.1:" + server.actualPort() + "/v1";
  }

  /**
   * A model that asks for its tools: first "add" (2 + 3) and a tool the node does not have, then it says what the
   * tools gave back; "greedy-tool-model" asks for "add" on every call.
   */
  private static JsonObject toolModelAnswer(JsonObject body) {
    JsonArray messages = body.getJsonArray("messages");
    JsonObject last = messages.getJsonObject(messages.size() - 1);
    JsonObject message = new JsonObject().put("role", "assistant");
    if (!"tool".equals(last.getString("role"))) {
      message.putNull("content").put("tool_calls", new JsonArray()
          .add(new JsonObject().put("id", "call_1").put("type", "function").put("function", new JsonObject()
              .put("name", "add").put("arguments", "{\"a\": 2, \"b\": 3}")))
          .add(new JsonObject().put("id", "call_2").put("type", "function").put("function", new JsonObject()
              .put("name", "missing_tool").put("arguments", "{}"))));
    } else {
      List<String> results = messages.stream().map(JsonObject.class::cast)
          .filter(m -> "tool".equals(m.getString("role")))
          .map(m -> m.getString("tool_call_id") + "=" + m.getString("content")).toList();
      message.put("content", "Tools said " + String.join("; ", results));
    }
    return new JsonObject().put("model", "tool-model").put("choices", new JsonArray()
        .add(new JsonObject().put("message", message)))
        .put("usage", new JsonObject().put("prompt_tokens", 5).put("completion_tokens", 2));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void everyCallIsCountedPerModelAndProviderWithTheKeyThatPaidForIt() {
    String graph = """
        {"workflow_config": {"name": "Two models", "default_prompt_prefix": "Prefix.",
                             "default_prompt_suffix": "Suffix.",
                             "llms_config": {"type": "custom_llm", "model": "house-model", "provider": "custom"}},
         "node_configs": [
           {"logical_id": "node_a", "type": "say_llm", "is_start": true, "wait_for_user_message": false,
            "self_loop": false, "main_response_config": {"prompt": "Greet {{name}}."},
            "llms_config": {"type": "openai_llm", "model": "gpt-a", "api_key": "team-key"}},
           {"logical_id": "node_b", "type": "say_llm", "ignore_default_prompt_prefix": true,
            "main_response_config": {"prompt": "Ask how they are."}}
         ],
         "edge_configs": [
           {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_a",
            "destination_node_logical_id": "node_b"}
         ]}
        """;
    requests.clear();
    TurnExecutor executor = TestExecutors.executor(vertx, TurnLimits.DEFAULT, TestExecutors.noRuns(), baseUrl);
    WorkflowRunInput input = TurnDriver.input(RunCommand.START);
    input.dynamicVariables = new JsonObject().put("name", "Ana");
    TurnOutcome outcome = new TurnDriver(executor, GraphResources.graph(graph), "66f000000000000000000003").turn(input);

    assertThat(outcome.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(said(outcome)).containsExactly("Hi, I am gpt-a", "Hi, I am house-model");
    JsonObject first = requests.poll();
    assertThat(first.getString("authorization")).isEqualTo("Bearer team-key");
    assertThat(first.getJsonArray("messages").getJsonObject(0).getString("content"))
        .isEqualTo("Prefix.\n\nGreet Ana.\n\nSuffix.");
    JsonObject second = requests.poll();
    assertThat(second.getString("authorization")).isEqualTo("Bearer platform-key");
    assertThat(second.getJsonArray("messages").getJsonObject(0).getString("content"))
        .isEqualTo("Ask how they are.\n\nSuffix.");
    assertThat(second.getJsonArray("messages").getJsonObject(1).getString("content")).isEqualTo("Hi, I am gpt-a");

    LLMTokenUsage usage = outcome.turnTokenUsage();
    assertThat(usage.callCount).isEqualTo(2);
    assertThat(usage.callCountWithUserKeys).isEqualTo(1);
    assertThat(usage.callCountWithFallbackKeys).isEqualTo(1);
    assertThat(usage.totalTokens).isEqualTo(28);
    assertThat(usage.breakdownByModels).extracting(row -> row.responseModel + "/" + row.provider)
        .containsExactly("gpt-a-0613/openai", "house-model-0613/custom");
    assertThat(outcome.turnLatencyStats().callCount).isEqualTo(2);
    assertThat(outcome.checkpoint().llmLatencyStats.breakdownByModels).hasSize(2);
    assertThat(outcome.events()).filteredOn(e -> "assistant_response".equals(e.getString("type")))
        .first().satisfies(e -> assertThat(e.getJsonObject("llm_usage_info").getLong("input_tokens")).isEqualTo(10));
  }

  @Test
  void anLlmNodeCallsTheToolsItsLlmAsksForAndAnswersWithTheirResults() {
    String graph = """
        {"workflow_config": {"name": "Tools"},
         "node_configs": [
           {"logical_id": "node_a", "type": "say_llm", "is_start": true,
            "main_response_config": {"prompt": "Add numbers when asked."},
            "llms_config": {"type": "openai_llm", "model": "tool-model"},
            "tools_config": {"tools": [
              {"type": "inbuilt_function", "name": "add", "description": "Adds a and b",
               "args_schema": {"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}}}
            ]}}
         ],
         "edge_configs": []}
        """;
    requests.clear();
    TurnExecutor executor = TestExecutors.executor(vertx, TurnLimits.DEFAULT, TestExecutors.noRuns(), baseUrl);
    TurnOutcome outcome = new TurnDriver(executor, GraphResources.graph(graph), "66f000000000000000000005").start();

    assertThat(said(outcome)).containsExactly("Tools said call_1={\"result\":5}; "
        + "call_2={\"error\":\"there is no tool named 'missing_tool'\"}");
    JsonObject first = requests.poll();
    JsonObject function = first.getJsonArray("tools").getJsonObject(0).getJsonObject("function");
    assertThat(function.getString("name")).isEqualTo("add");
    assertThat(function.getString("description")).isEqualTo("Adds a and b");
    assertThat(function.getJsonObject("parameters").getJsonObject("properties").fieldNames())
        .containsExactlyInAnyOrder("a", "b");
    JsonArray followUp = requests.poll().getJsonArray("messages");
    JsonObject asked = followUp.getJsonObject(followUp.size() - 3);
    assertThat(asked.getString("role")).isEqualTo("assistant");
    assertThat(asked.getJsonArray("tool_calls").getJsonObject(0).getJsonObject("function").getString("arguments"))
        .isEqualTo("{\"a\":2,\"b\":3}");
    assertThat(followUp.getJsonObject(followUp.size() - 2).getString("tool_call_id")).isEqualTo("call_1");
    assertThat(outcome.turnTokenUsage().callCount).as("both LLM calls are counted").isEqualTo(2);
    JsonArray calls = outcome.pair().runOutput.threadToNodeOutputs.get("0").get(0).getJsonArray("tool_calls");
    assertThat(calls.getJsonObject(0).getValue("result")).isEqualTo(5L);
    assertThat(calls.getJsonObject(1).getString("error")).contains("missing_tool");
  }

  @Test
  void aSayLlmNodeWhoseLlmFailsSaysItsDefaultErrorMessageAndKeepsTheConversation() {
    String graph = """
        {"workflow_config": {"name": "Broken LLM"},
         "node_configs": [
           {"logical_id": "node_a", "type": "say_llm", "is_start": true,
            "llms_config": {"type": "openai_llm", "model": "broken-model", "max_retries": 1}}
         ],
         "edge_configs": []}
        """;
    TurnExecutor executor = TestExecutors.executor(vertx, TurnLimits.DEFAULT, TestExecutors.noRuns(), baseUrl);
    TurnOutcome outcome = new TurnDriver(executor, GraphResources.graph(graph), "66f000000000000000000004").start();
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(said(outcome)).containsExactly("I am sorry, there seems to be an issue. Could you please repeat?");
    assertThat(outcome.events()).filteredOn(e -> "workflow_warning".equals(e.getString("type"))).singleElement()
        .satisfies(e -> assertThat(e.getString("message")).contains("HTTP 500 after 2 attempt(s)"));
    assertThat(outcome.turnTokenUsage().callCount).isZero();
  }
}
