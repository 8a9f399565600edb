package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.GraphResources;
import dev.turnpoint.model.run.WorkflowStatus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.turnpoint.engine.turn.TurnDriver.said;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code llm_group} and {@code llm_group_with_backchannel} against an OpenAI-compatible server on loopback whose
 * models answer at once ({@code fast-*}), after 400 ms ({@code slow-*}), with HTTP 500 ({@code broken-*}) or never
 * ({@code hang-*}).
 */
class LlmGroupTurnTest {

  private static final long SLOW_MS = 400;
  private static Vertx vertx;
  private static String baseUrl;
  private static final Queue<String> asked = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.post("/v1/chat/completions").handler(LlmGroupTurnTest::complete);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    baseUrl = "http://127.0.0.1:" + server.actualPort() + "/v1";
  }

  private static void complete(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    String model = body.getString("model");
    asked.add(model);
    if (model.startsWith("broken")) {
      ctx.response().setStatusCode(500).end();
      return;
    }
    if (model.startsWith("hang")) {
      return;
    }
    JsonObject message = new JsonObject().put("role", "assistant")
        .put("content", (model.contains("main") ? "Sure. [MAIN] " : "") + "Hi, I am " + model);
    if (body.containsKey("tool_choice")) {
      String function = body.getJsonObject("tool_choice").getJsonObject("function").getString("name");
      message.put("content", (String) null).put("tool_calls", new JsonArray().add(new JsonObject()
          .put("id", "call_1").put("type", "function").put("function", new JsonObject().put("name", function)
              .put("arguments", new JsonObject().put("holds", true).encode()))));
    }
    JsonObject answer = new JsonObject().put("model", model)
        .put("choices", new JsonArray().add(new JsonObject().put("message", message)))
        .put("usage", new JsonObject().put("prompt_tokens", 10).put("completion_tokens", 4));
    if (model.startsWith("slow")) {
      vertx.setTimer(SLOW_MS, id -> ctx.json(answer));
    } else {
      ctx.json(answer);
    }
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void forget() {
    asked.clear();
  }

  private static String member(String model) {
    return "{\"type\": \"openai_llm\", \"logical_id\": \"llm_" + model + "\", \"model\": \"" + model
        + "\", \"max_retries\": 0}";
  }

  private static String group(String mode, int minPatience, Integer maxPatience, String... models) {
    return "{\"type\": \"llm_group\", \"logical_id\": \"group_1\", \"operation_mode\": \"" + mode
        + "\", \"min_patience_time_ms\": " + minPatience + ", \"max_patience_time_ms\": " + maxPatience
        + ", \"llms\": [" + String.join(", ", List.of(models).stream().map(LlmGroupTurnTest::member).toList())
        + "]}";
  }

  /** One say_llm node that does not wait, with {@code llmsConfig}. */
  private static TurnOutcome say(String llmsConfig) {
    String graph = """
        {"workflow_config": {"name": "Group"},
         "node_configs": [
           {"logical_id": "node_say", "type": "say_llm", "is_start": true, "wait_for_user_message": false,
            "main_response_config": {"prompt": "Greet."}, "llms_config": %s},
           {"logical_id": "node_end", "type": "end_conversation"}
         ],
         "edge_configs": [{"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_say",
                           "destination_node_logical_id": "node_end"}]}
        """.formatted(llmsConfig);
    TurnExecutor executor = TestExecutors.executor(vertx, TurnLimits.DEFAULT, TestExecutors.noRuns(), baseUrl);
    return new TurnDriver(executor, GraphResources.graph(graph), "66f000000000000000000201").start();
  }

  private static JsonObject reply(TurnOutcome outcome) {
    return outcome.events().stream().filter(e -> "assistant_response".equals(e.getString("type")))
        .reduce((first, second) -> second).orElseThrow();
  }

  private static List<String> countedModels(TurnOutcome outcome) {
    return outcome.turnTokenUsage().breakdownByModels.stream().map(row -> row.responseModel).toList();
  }

  @Test
  void parallelTakesTheMostPreferredAnswerAtOnceWhenItComesFirst() {
    TurnOutcome outcome = say(group("parallel_select_one", 5_000, null, "fast-a", "slow-b"));

    assertThat(said(outcome)).containsExactly("Hi, I am fast-a");
    JsonObject group = reply(outcome).getJsonObject("llm_usage_info").getJsonObject("llm_group");
    assertThat(group.getInteger("member_index")).isZero();
    assertThat(group.getString("member_logical_id")).isEqualTo("llm_fast-a");
    assertThat(group.getString("operation_mode")).isEqualTo("parallel_select_one");
    assertThat(reply(outcome).getJsonObject("response_metadata").getJsonObject("llm_group").getString("model"))
        .isEqualTo("fast-a");
    assertThat(countedModels(outcome)).containsExactly("fast-a");
  }

  @Test
  void parallelWaitsForAMorePreferredMemberUntilMinPatienceThenTakesTheBestAnswered() {
    TurnOutcome patient = say(group("parallel_select_one", 5_000, null, "slow-a", "fast-b"));
    assertThat(said(patient)).containsExactly("Hi, I am slow-a");
    assertThat(countedModels(patient)).containsExactlyInAnyOrder("slow-a", "fast-b");
    assertThat(patient.turnTokenUsage().callCount).isEqualTo(2);

    TurnOutcome impatient = say(group("parallel_select_one", 50, null, "slow-a", "fast-b"));
    assertThat(said(impatient)).containsExactly("Hi, I am fast-b");
    assertThat(reply(impatient).getJsonObject("llm_usage_info").getJsonObject("llm_group")
        .getInteger("member_index")).isEqualTo(1);
    assertThat(countedModels(impatient)).containsExactly("fast-b");
  }

  @Test
  void sequentialStartsTheRestProactivelyWhenTheFirstIsSlow() {
    TurnOutcome outcome = say(group("sequential_with_proactive", 50, null, "slow-a", "fast-b", "fast-c"));

    assertThat(said(outcome)).containsExactly("Hi, I am fast-b");
    assertThat(asked).containsExactly("slow-a", "fast-b", "fast-c");
    assertThat(reply(outcome).getJsonObject("llm_usage_info").getJsonObject("llm_group").getJsonArray("called"))
        .containsExactly("llm_slow-a", "llm_fast-b", "llm_fast-c");
  }

  @Test
  void sequentialAsksOnlyTheFirstWhenItAnswersInTime() {
    TurnOutcome outcome = say(group("sequential_with_proactive", 5_000, null, "slow-a", "fast-b"));

    assertThat(said(outcome)).containsExactly("Hi, I am slow-a");
    assertThat(asked).containsExactly("slow-a");
  }

  @Test
  void aFailingMemberFallsBackToTheNextAtOnce() {
    long started = System.nanoTime();
    TurnOutcome outcome = say(group("sequential_with_proactive", 60_000, null, "broken-a", "fast-b"));

    assertThat(said(outcome)).containsExactly("Hi, I am fast-b");
    assertThat(asked).containsExactly("broken-a", "fast-b");
    // Far less than the minute of patience: the failure, not the timer, started the next member.
    assertThat(System.nanoTime() - started).isLessThan(30_000_000_000L);
    assertThat(countedModels(outcome)).containsExactly("fast-b");
  }

  @Test
  void aMemberTurnpointCannotCallGivesWayToo() {
    String group = "{\"type\": \"llm_group\", \"operation_mode\": \"parallel_select_one\", \"llms\": ["
        + "{\"type\": \"google_llm\", \"model\": \"gemini\"}, " + member("fast-b") + "]}";
    assertThat(said(say(group))).containsExactly("Hi, I am fast-b");
  }

  @Test
  void noAnswerWithinMaxPatienceOrEveryMemberFailingSaysTheDefaultErrorMessage() {
    TurnOutcome slow = say(group("parallel_select_one", 50, 200, "hang-a", "hang-b"));
    assertThat(said(slow)).containsExactly("I am sorry, there seems to be an issue. Could you please repeat?");
    assertThat(slow.events()).filteredOn(e -> "workflow_warning".equals(e.getString("type")))
        .singleElement().satisfies(e -> assertThat(e.getString("message")).contains("max_patience_time_ms"));

    TurnOutcome failing = say(group("sequential_with_proactive", 50, null, "broken-a", "broken-b"));
    assertThat(failing.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(said(failing)).containsExactly("I am sorry, there seems to be an issue. Could you please repeat?");
    assertThat(failing.events()).filteredOn(e -> "workflow_warning".equals(e.getString("type")))
        .singleElement().satisfies(e -> assertThat(e.getString("message")).contains("every LLM of llm_group"));
  }

  @Test
  void aGroupOfOnlyUnsupportedProvidersIsAConfigurationError() {
    String group = "{\"type\": \"llm_group\", \"llms\": [{\"type\": \"google_llm\"}, {\"type\": \"anthropic_llm\"}]}";
    TurnOutcome outcome = say(group);
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(outcome.events()).filteredOn(e -> "workflow_error".equals(e.getString("type"))).isNotEmpty();
  }

  @Test
  void aGroupDecidesConditionsAndAnswersForTheWorkflowAndGlobalDefaultMembers() {
    String graph = """
        {"workflow_config": {"name": "Group conditions",
                             "llms_config": %s},
         "node_configs": [
           {"logical_id": "node_say", "type": "say_llm", "is_start": true, "wait_for_user_message": false,
            "main_response_config": {"prompt": "Greet."},
            "llms_config": {"type": "llm_group", "llms": [{"type": "global_default_llm"}]}},
           {"logical_id": "node_yes", "type": "say_static", "static_messages_config": {"static_messages": ["yes"]}}
         ],
         "edge_configs": [{"logical_id": "e1", "type": "conditional", "source_node_logical_id": "node_say",
                           "destination_node_logical_id": "node_yes",
                           "condition": {"condition_freeform": "the greeting happened"}}]}
        """.formatted(group("parallel_select_one", 50, null, "fast-w"));
    TurnExecutor executor = TestExecutors.executor(vertx, TurnLimits.DEFAULT, TestExecutors.noRuns(), baseUrl);
    TurnOutcome outcome = new TurnDriver(executor, GraphResources.graph(graph), "66f000000000000000000202").start();

    // The node's group has one member standing for the workflow's LLM, itself a group.
    assertThat(said(outcome)).containsExactly("Hi, I am fast-w", "yes");
    JsonObject decision = outcome.events().stream()
        .filter(e -> "condition_evaluator_llm".equals(e.getString("type"))).findFirst().orElseThrow();
    assertThat(decision.getBoolean("decision")).isTrue();
    assertThat(decision.getJsonObject("llm_usage_info").getJsonObject("llm_group").getString("model"))
        .isEqualTo("fast-w");
  }

  private static String backchannel(String main, String extra) {
    return "{\"type\": \"llm_group_with_backchannel\", \"id\": \"bc_1\", \"main_llm_config\": "
        + group("sequential_with_proactive", 5_000, null, main) + ", \"non_backchannel_response_prefix\": \"[MAIN]\","
        + " \"backchannel_min_patience_time_ms\": 100" + extra + "}";
  }

  @Test
  void aSlowMainGroupIsPrecededByAStaticBackchannelFiller() {
    TurnOutcome outcome = say(backchannel("slow-main",
        ", \"backchannel_static_responses\": [\"One moment...\"]"));

    assertThat(said(outcome)).containsExactly("One moment...", "Hi, I am slow-main");
    JsonObject filler = outcome.events().stream().filter(e -> "assistant_response".equals(e.getString("type")))
        .findFirst().orElseThrow();
    assertThat(filler.getJsonObject("response_metadata").getBoolean("backchannel")).isTrue();
    assertThat(filler.getJsonObject("response_metadata").getString("source")).isEqualTo("static");
  }

  @Test
  void aFastMainGroupSaysNoFillerAndDropsOnlyThePrefixMarker() {
    TurnOutcome outcome = say(backchannel("fast-main", ", \"backchannel_static_responses\": [\"One moment...\"]"));
    assertThat(said(outcome)).containsExactly("Sure. Hi, I am fast-main");
  }

  @Test
  void theBackchannelGroupWritesTheFillerWithTheNodesBackchannelPrompt() {
    String graph = """
        {"workflow_config": {"name": "Backchannel LLM"},
         "node_configs": [
           {"logical_id": "node_say", "type": "say_llm", "is_start": true, "wait_for_user_message": false,
            "main_response_config": {"prompt": "Answer."},
            "backchannel_response_config": {"prompt": "Say a short filler."}, "llms_config": %s},
           {"logical_id": "node_end", "type": "end_conversation"}
         ],
         "edge_configs": [{"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_say",
                           "destination_node_logical_id": "node_end"}]}
        """.formatted(backchannel("slow-main", ", \"backchannel_llm_config\": "
        + group("parallel_select_one", 50, null, "fast-filler")));
    TurnExecutor executor = TestExecutors.executor(vertx, TurnLimits.DEFAULT, TestExecutors.noRuns(), baseUrl);
    TurnOutcome outcome = new TurnDriver(executor, GraphResources.graph(graph), "66f000000000000000000203").start();

    assertThat(said(outcome)).containsExactly("Hi, I am fast-filler", "Hi, I am slow-main");
    assertThat(countedModels(outcome)).containsExactlyInAnyOrder("fast-filler", "slow-main");
  }
}
