package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.GraphResources;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.TerminationSource;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import static dev.turnpoint.engine.turn.TurnDriver.said;
import static dev.turnpoint.engine.turn.TurnDriver.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TurnExecutorTest {

  private static final String RUN_ID = "66f000000000000000000001";

  /** Greets, converses until the companion extractor has a name and a complaint, then branches on severity. */
  static final String INTAKE = GraphResources.resource("/graphs/intake.json");

  @RegisterExtension
  static final OfflineEngine ENGINE = new OfflineEngine();

  private static TurnDriver driver(String graph) {
    return ENGINE.driver(graph, RUN_ID);
  }

  @Test
  void theFirstTurnRunsFromTheStartNodeUntilTheConversationWaits() {
    TurnDriver run = driver(INTAKE);
    TurnOutcome first = run.start();

    assertThat(first.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(first.waitingForInput()).isTrue();
    assertThat(said(first)).containsExactly("Welcome to Riverside Clinic.",
        "What is your name, and what brings you in?");
    assertThat(types(first)).startsWith("start_workflow", "start_node_run", "say_static", "assistant_response",
        "end_node_run", "direct_edge", "start_node_run", "assistant_response", "busy_wait_for_user_message",
        "end_node_run").endsWith("workflow_ready_for_input", "end_workflow_iteration");
    assertThat(first.nextInputHint().getString("type")).isEqualTo("busy_wait_for_user_message");
    assertThat(first.nextInputHint().getString("origin_node_logical_id")).isEqualTo("node_intake");
    for (JsonObject event : first.events()) {
      assertThat(event.getString("logical_id")).startsWith("event_");
      assertThat(event.getValue("timestamp")).isInstanceOf(Double.class);
      assertThat(event.getString("origin_thread_id")).isEqualTo("0");
      assertThat(event.getJsonArray("comments")).isEmpty();
      assertThat(event.getBoolean("interrupted")).isFalse();
    }
    // As the SDK's typed events need them: a run input tagged as its NodeRunInput union tags it, and a usage
    // object on every assistant_response, empty for a static message (which counts as no LLM call).
    assertThat(first.events()).filteredOn(e -> "start_node_run".equals(e.getString("type")))
        .extracting(e -> e.getJsonObject("run_input").getString("type")).containsExactly("say_static", "llm");
    List<JsonObject> responses = first.events().stream()
        .filter(e -> "assistant_response".equals(e.getString("type"))).toList();
    assertThat(responses.get(0).getJsonObject("llm_usage_info")).isEqualTo(new JsonObject());
    JsonObject usage = responses.get(1).getJsonObject("llm_usage_info");
    assertThat(usage.getString("response_model")).isEqualTo("intake-script");
    assertThat(usage.getString("provider")).isEqualTo("offline");
    assertThat(usage.getLong("total_tokens"))
        .isEqualTo(usage.getLong("prompt_tokens") + usage.getLong("completion_tokens"));
    assertThat(usage.getBoolean("used_user_api_key")).isFalse();
    assertThat(usage.containsKey("response_latency_milliseconds")).isTrue();
    JsonObject edge = first.events().stream().filter(e -> "direct_edge".equals(e.getString("type"))).findFirst()
        .orElseThrow();
    assertThat(edge.getString("edge_logical_id")).isEqualTo("edge_start");
    assertThat(edge.getString("source_node_logical_id")).isEqualTo("node_greet");
    assertThat(edge.getString("destination_node_name")).isEqualTo("Intake");

    List<JsonObject> outputs = first.pair().runOutput.threadToNodeOutputs.get("0");
    assertThat(outputs).extracting(o -> o.getString("node_logical_id")).containsExactly("node_greet", "node_intake");
    assertThat(outputs.get(0).getString("content")).isEqualTo("Welcome to Riverside Clinic.");
    assertThat(outputs.get(0).getJsonArray("events")).isNotEmpty();
    assertThat(first.pair().iterationEndStateMiscellaneous.getJsonObject("thread_id_to_nodes_history")
        .getJsonArray("0")).containsExactly("node_greet", "node_intake");

    ThreadState main = first.checkpoint().mainThread();
    assertThat(main.status).isEqualTo(ThreadState.WAITING);
    assertThat(main.currentNodeLogicalId).isEqualTo("node_intake");
    assertThat(main.messages).extracting(m -> m.getString("type")).containsExactly("ai", "ai");
    assertThat(first.checkpoint().dynamicVariables.getString("clinic_name")).isEqualTo("Riverside Clinic");
    assertThat(first.turnTokenUsage().callCount).isEqualTo(1);
    assertThat(first.checkpoint().llmTokenUsage.breakdownByModels).singleElement()
        .satisfies(row -> {
          assertThat(row.responseModel).isEqualTo("intake-script");
          assertThat(row.provider).isEqualTo("offline");
        });
  }

  @Test
  void theConversationSelfLoopsUntilTheCompanionExtractedEnoughThenTakesTheRoutineBranch() {
    TurnDriver run = driver(INTAKE);
    run.start();
    TurnOutcome hello = run.say("Hi there");
    assertThat(hello.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(said(hello)).containsExactly("Hello! Who am I speaking with?");
    assertThat(types(hello)).contains("user_messages", "companion_edge", "self_loop_edge");

    TurnOutcome done = run.say("I'm Ana Silva and I have a headache");
    assertThat(done.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(done.waitingForInput()).isFalse();
    assertThat(done.nextInputHint()).isNull();
    assertThat(said(done)).containsExactly("Thanks Ana Silva, we will book you for your headache.");
    assertThat(types(done)).contains("conditional_edge", "end_conversation", "end_workflow")
        .endsWith("end_workflow", "end_workflow_iteration");
    JsonObject taken = done.events().stream().filter(e -> "conditional_edge".equals(e.getString("type")))
        .findFirst().orElseThrow();
    assertThat(taken.getString("edge_logical_id")).isEqualTo("edge_routine");
    assertThat(done.checkpoint().runtimeVariables.getMap())
        .containsEntry("full_name", "Ana Silva").containsEntry("complaint", "headache")
        .doesNotContainKey("severity");
    assertThat(done.pair().runOutput.threadToNodeOutputs.get("0_companion_edge_extract"))
        .singleElement().satisfies(output ->
            assertThat(output.getJsonObject("structured_output").getString("full_name")).isEqualTo("Ana Silva"));
    assertThat(done.events().stream().filter(e -> "worker_llm".equals(e.getString("type"))))
        .allSatisfy(e -> assertThat(e.getString("origin_thread_id")).isEqualTo("0_companion_edge_extract"));
    ThreadState companion = done.checkpoint().threads.get("0_companion_edge_extract");
    assertThat(companion.runCount).isEqualTo(2);
    assertThat(companion.parentThreadId).isEqualTo("0");
    assertThat(companion.runtimeVariables.getString("full_name")).isEqualTo("Ana Silva");
  }

  @Test
  void anUrgentComplaintTakesTheFirstConditionalEdgeThatHolds() {
    TurnDriver run = driver(INTAKE);
    run.start();
    TurnOutcome done = run.say("My name is... I'm Bruno Costa, I have chest pain");
    assertThat(done.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(said(done)).containsExactly("Bruno Costa, please come to the emergency desk now.");
    assertThat(done.checkpoint().runtimeVariables.getString("severity")).isEqualTo("urgent");
  }

  @Test
  void theCompanionRunsBeforeTheConditionsAreEvaluated() {
    TurnDriver run = driver(INTAKE);
    run.start();
    TurnOutcome done = run.say("I am Carla Dias, sore throat");
    List<String> types = types(done);
    assertThat(types.indexOf("worker_llm")).isLessThan(types.indexOf("conditional_edge"));
    assertThat(types.indexOf("user_messages")).isLessThan(types.indexOf("companion_edge"));
  }

  @Test
  void theSameConversationGivesTheSameTurnsEveryTime() {
    List<List<String>> transcripts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      TurnDriver run = driver(INTAKE);
      run.start();
      run.say("hi");
      run.say("I'm Ana Silva with a cough");
      transcripts.add(run.outcomes.stream().flatMap(o -> said(o).stream()).toList());
      assertThat(run.outcomes.get(2).checkpoint().llmTokenUsage.totalTokens)
          .isEqualTo(run.outcomes.get(2).checkpoint().llmTokenUsage.totalInputTokens
              + run.outcomes.get(2).checkpoint().llmTokenUsage.totalOutputTokens)
          .isPositive();
    }
    assertThat(transcripts.get(0)).isEqualTo(transcripts.get(1));
  }

  @Test
  void aTurnWithoutAMessageKeepsWaitingUnlessAConditionNowHolds() {
    TurnDriver run = driver(INTAKE);
    run.start();
    TurnOutcome idle = run.turn(TurnDriver.input(RunCommand.DATA));
    assertThat(idle.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(said(idle)).isEmpty();
    assertThat(idle.nextInputHint().getString("origin_node_logical_id")).isEqualTo("node_intake");

    WorkflowRunInput data = TurnDriver.input(RunCommand.DATA);
    data.runtimeVariables = new JsonObject().put("full_name", "Dora Reis").put("complaint", "cough");
    TurnOutcome moved = run.turn(data);
    assertThat(moved.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(said(moved)).containsExactly("Thanks Dora Reis, we will book you for your cough.");
  }

  @Test
  void aLaterTurnMayContinueAtANamedNode() {
    TurnDriver run = driver(INTAKE);
    run.start();
    WorkflowRunInput jump = TurnDriver.input(RunCommand.DATA, "skip ahead");
    jump.startNodeLogicalId = "node_urgent";
    jump.runtimeVariables = new JsonObject().put("full_name", "Eva Luz");
    TurnOutcome outcome = run.turn(jump);
    assertThat(said(outcome)).containsExactly("Eva Luz, please come to the emergency desk now.");
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void theCheckpointIsPlainVersionedJsonThatResumesAnywhere() {
    TurnDriver run = driver(INTAKE);
    run.start();
    JsonObject checkpoint = run.checkpoint();
    assertThat(checkpoint.getInteger("checkpoint_version")).isEqualTo(1);
    assertThat(checkpoint.getString("status")).isEqualTo("waiting_for_user_input");
    assertThat(checkpoint.getJsonObject("threads").getJsonObject("0").getString("current_node_logical_id"))
        .isEqualTo("node_intake");

    JsonObject forked = checkpoint.copy();
    forked.getJsonObject("runtime_variables").put("full_name", "Fia Lopes").put("complaint", "cough");
    run.checkpoint(forked);
    assertThat(said(run.say("anything"))).containsExactly("Thanks Fia Lopes, we will book you for your cough.");

    assertThatThrownBy(() -> RunCheckpoint.fromJson(checkpoint.copy().put("checkpoint_version", 99)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checkpoint_version 99");
    RunCheckpoint restarted = RunCheckpoint.fromJson(checkpoint).startAt("node_greet");
    assertThat(restarted.mainThread().status).isEqualTo(ThreadState.RUNNING);
  }

  @Test
  void aCheckpointEditedAsJsonForAForkContinuesWhereItSays() {
    TurnDriver run = driver(INTAKE);
    run.start();
    run.say("hi");
    JsonObject forked = run.checkpoint().copy();
    forked.getJsonObject("threads").getJsonObject("0").put("status", "running")
        .put("current_node_logical_id", "node_routine").putNull("waiting_node_run_id").putNull("waiting_event");
    forked.putNull("llm_token_usage").putNull("llm_latency_stats").putNull("self_loop_counts")
        .put("runtime_variables", new JsonObject().put("full_name", "Gil Sousa").put("complaint", "rash"));
    run.checkpoint(forked);

    TurnOutcome outcome = run.turn(TurnDriver.input(RunCommand.DATA));
    assertThat(said(outcome)).containsExactly("Thanks Gil Sousa, we will book you for your rash.");
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(outcome.checkpoint().llmTokenUsage.callCount).isZero();
    assertThat(outcome.checkpoint().mainThread().messages).extracting(m -> m.getString("content"))
        .startsWith("Welcome to Riverside Clinic.").endsWith("Thanks Gil Sousa, we will book you for your rash.")
        .hasSize(5);
    assertThatThrownBy(() -> RunCheckpoint.fromJson(forked.copy().put("checkpoint_version", "one")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RunCheckpoint.fromJson(forked.copy().put("threads", new JsonObject())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no main thread");
  }

  @Test
  void sequenceCountersSurviveBetweenTurns() {
    String graph = """
        {"workflow_config": {"name": "Counter"},
         "node_configs": [
           {"logical_id": "node_say", "type": "say_static", "is_start": true,
            "static_messages_config": {"static_messages": ["one", "two"],
                                       "static_messages_selection_mode": "sequence"}},
           {"logical_id": "node_wait", "type": "say_llm", "self_loop": false,
            "llms_config": {"type": "offline_llm", "offline": {"default_reply": "again?"}}}
         ],
         "edge_configs": [
           {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_say",
            "destination_node_logical_id": "node_wait"},
           {"logical_id": "e2", "type": "conditional", "source_node_logical_id": "node_wait",
            "destination_node_logical_id": "node_say",
            "condition": {"condition_expression": "true"}}
         ]}
        """;
    TurnDriver run = driver(graph);
    assertThat(said(run.start())).containsExactly("one", "again?");
    assertThat(said(run.say("x"))).containsExactly("two", "again?");
    assertThat(said(run.say("y"))).containsExactly("one", "again?");
  }

  @Test
  void variablesComeFromDefaultsInputsBuiltInsAndOtherThreads() {
    String graph = """
        {"workflow_config": {"name": "Vars",
                             "miscellaneous": {"default_dynamic_variables": {"greeting": "Hi", "who": "there"}}},
         "dynamic_variables": {"who": "graph"},
         "node_configs": [
           {"logical_id": "node_a", "type": "no_op", "is_start": true, "note": "noted",
            "output_runtime_variable_name": "flag"},
           {"logical_id": "node_b", "type": "say_static", "static_messages_config": {"static_messages": [
             "{{greeting}} {{who}} run={{workflow_run_id}} year={{year}} flag=[[thread_0.flag]] missing=[[nope]]."]}}
         ],
         "edge_configs": [
           {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_a",
            "destination_node_logical_id": "node_b"}
         ]}
        """;
    TurnDriver run = driver(graph);
    WorkflowRunInput input = TurnDriver.input(RunCommand.START);
    input.dynamicVariables = new JsonObject().put("who", "Ana");
    TurnOutcome outcome = run.turn(input);
    int year = ZonedDateTime.now(ZoneOffset.UTC).getYear();
    assertThat(said(outcome)).containsExactly("Hi Ana run=" + RUN_ID + " year=" + year + " flag=noted missing=.");
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void aGlobalNodeIsTakenFromAnywhereAndReturnsWhereItWasEntered() {
    String graph = """
        {"workflow_config": {"name": "Global", "llms_config": {"type": "offline_llm", "offline": {
            "replies": ["How can I help?"], "default_reply": "Anything else?",
            "conditions": {"node_help": "(?i)\\\\bhelp\\\\b"}}}},
         "node_configs": [
           {"logical_id": "node_chat", "name": "Chat", "type": "say_llm", "is_start": true},
           {"logical_id": "node_help", "name": "Help", "type": "say_static",
            "global_node_config": {"is_global": true, "condition": {"condition_freeform": "The user asks for help"}},
            "static_messages_config": {"static_messages": ["Call 555-0100 for help."]}}
         ],
         "edge_configs": []}
        """;
    TurnDriver run = driver(graph);
    assertThat(said(run.start())).containsExactly("How can I help?");
    TurnOutcome helped = run.say("I need help");
    assertThat(said(helped)).containsExactly("Call 555-0100 for help.", "Anything else?");
    assertThat(helped.events()).filteredOn(e -> "force_transfer_to_node".equals(e.getString("type")))
        .extracting(e -> e.getString("destination_node_logical_id")).containsExactly("node_help", "node_chat");
    assertThat(helped.events()).filteredOn(e -> "condition_evaluator_llm".equals(e.getString("type")))
        .isNotEmpty();
    assertThat(helped.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(helped.checkpoint().mainThread().currentNodeLogicalId).isEqualTo("node_chat");

    TurnOutcome plain = run.say("no thanks");
    assertThat(said(plain)).containsExactly("Anything else?");
  }

  @Test
  void selfLoopConfigBoundsHowOftenANodeRepeatsItself() {
    String graph = """
        {"workflow_config": {"name": "Bounded",
                             "llms_config": {"type": "offline_llm", "offline": {"default_reply": "Pardon?"}}},
         "node_configs": [
           {"logical_id": "node_ask", "type": "say_llm", "is_start": true,
            "self_loop_config": {"enabled": true, "max_retries": 1}}
         ],
         "edge_configs": []}
        """;
    TurnDriver run = driver(graph);
    run.start();
    TurnOutcome retried = run.say("mumble");
    assertThat(said(retried)).containsExactly("Pardon?");
    assertThat(retried.events()).filteredOn(e -> "self_loop_edge".equals(e.getString("type"))).singleElement()
        .satisfies(e -> assertThat(e.getInteger("self_loop_count")).isEqualTo(1));
    TurnOutcome exhausted = run.say("mumble again");
    assertThat(said(exhausted)).isEmpty();
    assertThat(types(exhausted)).contains("self_loop_exhausted", "end_workflow");
    assertThat(exhausted.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void aSayLlmWithASchemaFillsVariablesAndAnEvaluatorScoresAFetchedRun() {
    JsonObject stored = new JsonObject().put("status", "completed").put("turns", 3);
    RunReader reader = (team, runId) -> Future.succeededFuture(stored);
    TurnExecutor withRuns = TestExecutors.executor(ENGINE.vertx(), TurnLimits.DEFAULT, reader, "http://127.0.0.1:9/v1");
    String graph = """
        {"workflow_config": {"name": "Schema", "llms_config": {"type": "offline_llm", "offline": {
            "default_reply": "Noted.", "extract": {"city": "in ([A-Z][a-z]+)"},
            "structured_output": {"score": 4, "verdict": "good"}}}},
         "node_configs": [
           {"logical_id": "node_ask", "type": "say_llm", "is_start": true, "self_loop": false,
            "structured_output_schema": {"name": "City", "input_schema": {"type": "object",
              "properties": {"city": {"type": "string"}}}}},
           {"logical_id": "node_fetch", "type": "workflow_run_fetch"},
           {"logical_id": "node_score", "type": "workflow_run_evaluator", "output_runtime_variable_name": "evaluation",
            "structured_output_schema": {"name": "Score", "input_schema": {"type": "object", "properties": {
              "score": {"type": "integer"}, "verdict": {"type": "string"}}}}},
           {"logical_id": "node_say", "type": "say_static", "static_messages_config": {"static_messages": [
             "[[city]]: [[evaluation.verdict]] ([[evaluation.score]])"]}}
         ],
         "edge_configs": [
           {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_ask",
            "destination_node_logical_id": "node_fetch"},
           {"logical_id": "e2", "type": "direct", "source_node_logical_id": "node_fetch",
            "destination_node_logical_id": "node_score"},
           {"logical_id": "e3", "type": "direct", "source_node_logical_id": "node_score",
            "destination_node_logical_id": "node_say"}
         ]}
        """;
    TurnDriver run = new TurnDriver(withRuns, GraphResources.graph(graph), RUN_ID);
    run.start();
    TurnOutcome outcome = run.say("I live in Porto");
    assertThat(said(outcome)).containsExactly("Porto: good (4)");
    assertThat(outcome.events()).filteredOn(e -> "say_llm".equals(e.getString("type"))).singleElement()
        .satisfies(e -> {
          assertThat(e.getJsonObject("structured_output").getString("city")).isEqualTo("Porto");
          assertThat(e.getString("origin_node_run_id"))
              .isEqualTo(run.outcomes.get(0).checkpoint().mainThread().waitingNodeRunId);
        });
    assertThat(types(outcome).indexOf("say_llm")).isLessThan(types(outcome).indexOf("direct_edge"));
  }

  @Test
  void tooManyNodeExecutionsInOneTurnAbortTheRun() {
    String graph = """
        {"workflow_config": {"name": "Chatterbox", "llms_config": {"type": "offline_llm", "offline": {}}},
         "node_configs": [
           {"logical_id": "node_talk", "name": "Talk", "type": "say_llm", "is_start": true,
            "wait_for_user_message": false, "self_loop": true}
         ],
         "edge_configs": []}
        """;
    TurnOutcome outcome = driver(graph).start();
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.ABORTED_LOOPING_RISK);
    assertThat(outcome.completed()).isTrue();
    assertThat(outcome.error()).contains("more than 100 node executions");
    assertThat(outcome.events()).filteredOn(e -> "workflow_error".equals(e.getString("type"))).singleElement()
        .satisfies(e -> assertThat(e.getString("error_message")).contains("looping risk"));
    assertThat(said(outcome)).hasSize(100);
  }

  @Test
  void chainedConditionalHopsWithoutAUserMessageAbortTheRun() {
    String graph = """
        {"workflow_config": {"name": "Ping pong"},
         "node_configs": [
           {"logical_id": "node_ping", "type": "no_op", "is_start": true},
           {"logical_id": "node_pong", "type": "no_op"}
         ],
         "edge_configs": [
           {"logical_id": "e1", "type": "conditional", "source_node_logical_id": "node_ping",
            "destination_node_logical_id": "node_pong",
            "condition": {"condition_expression": "true"}},
           {"logical_id": "e2", "type": "conditional", "source_node_logical_id": "node_pong",
            "destination_node_logical_id": "node_ping",
            "condition": {"condition_expression": "true"}}
         ]}
        """;
    TurnOutcome outcome = driver(graph).start();
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.ABORTED_LOOPING_RISK);
    assertThat(outcome.error()).contains("more than 25 chained conditional transitions");
    assertThat(outcome.terminationSource()).isNull();
  }

  @Test
  void aFailingNodeFailsTheRunWithAnExecutionError() {
    String graph = """
        {"workflow_config": {"name": "Fails"},
         "node_configs": [
           {"logical_id": "node_ok", "type": "say_static", "is_start": true,
            "static_messages_config": {"static_messages": ["about to fail"]}},
           {"logical_id": "node_boom", "name": "Boom", "type": "no_op", "simulate_failure": true, "note": "disk full"}
         ],
         "edge_configs": [
           {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_ok",
            "destination_node_logical_id": "node_boom"}
         ]}
        """;
    TurnOutcome outcome = driver(graph).start();
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(outcome.terminationSource()).isEqualTo(TerminationSource.EXECUTION_ERROR);
    assertThat(outcome.error()).isEqualTo("no_op node 'Boom' (node_boom) simulated a failure: disk full");
    JsonObject error = outcome.events().stream().filter(e -> "workflow_error".equals(e.getString("type")))
        .findFirst().orElseThrow();
    assertThat(error.getString("error_message")).isEqualTo(outcome.error());
    assertThat(error.getString("origin_node_logical_id")).isEqualTo("node_boom");
    assertThat(outcome.pair().runOutput.threadToNodeOutputs.get("0")).last()
        .satisfies(o -> assertThat(o.getBoolean("success")).isFalse());
    assertThat(said(outcome)).containsExactly("about to fail");
  }

  @Test
  void nodeTypesTurnpointCannotRunFailTheRunNamingTheType() {
    for (String type : List.of("google_docs", "athena_patients_search", "athena_appointments_create")) {
      String graph = """
          {"workflow_config": {"name": "Unknown"},
           "node_configs": [{"logical_id": "node_x", "name": "X", "type": "%s", "is_start": true}],
           "edge_configs": []}
          """.formatted(type);
      TurnOutcome outcome = driver(graph).start();
      assertThat(outcome.status()).isEqualTo(WorkflowStatus.FAILED);
      assertThat(outcome.error()).isEqualTo("node 'X' (node_x) has type '" + type
          + "', which Turnpoint cannot execute");
    }
    String emptySuperNode = """
        {"workflow_config": {"name": "Empty super node"},
         "node_configs": [{"logical_id": "node_x", "name": "X", "type": "super_node", "is_start": true}],
         "edge_configs": []}
        """;
    TurnOutcome outcome = driver(emptySuperNode).start();
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(outcome.error()).isEqualTo("super_node node 'X' (node_x) cannot run: it has neither "
        + "encapsulated_workflow_config nor super_workflow_id");
  }

  @Test
  void anLlmProviderTurnpointCannotCallFailsTheRun() {
    String graph = """
        {"workflow_config": {"name": "Anthropic"},
         "node_configs": [{"logical_id": "node_x", "type": "say_llm", "is_start": true,
                           "llms_config": {"type": "anthropic_llm", "model": "claude"}}],
         "edge_configs": []}
        """;
    TurnOutcome outcome = driver(graph).start();
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(outcome.error()).contains("'anthropic_llm' is not supported");
  }

  @Test
  void anInvalidConditionExpressionFailsTheRunNamingTheEdge() {
    String graph = """
        {"workflow_config": {"name": "Bad condition"},
         "node_configs": [
           {"logical_id": "node_a", "type": "no_op", "is_start": true},
           {"logical_id": "node_b", "type": "no_op"}
         ],
         "edge_configs": [
           {"logical_id": "edge_bad", "name": "Bad", "type": "conditional", "source_node_logical_id": "node_a",
            "destination_node_logical_id": "node_b", "condition": {"condition_expression": "[[x]] == "}}
         ]}
        """;
    TurnOutcome outcome = driver(graph).start();
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(outcome.error()).startsWith("edge 'Bad' (edge_bad) has a condition_expression that cannot be evaluated");
  }

  @Test
  void aMissingStartNodeFailsClearly() {
    TurnDriver run = driver(INTAKE);
    WorkflowRunInput input = TurnDriver.input(RunCommand.START);
    input.startNodeLogicalId = "node_nowhere";
    TurnOutcome outcome = run.turn(input);
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(outcome.error()).isEqualTo("node node_nowhere does not exist in the workflow");
  }

  @Test
  void noOpDelaysOnATimerAndWorkflowRunFetchReadsRunsOfTheTeam() {
    JsonObject stored = new JsonObject().put("logical_id", "workflow_run_x").put("status", "completed");
    RunReader reader = (team, runId) -> TurnDriver.TEAM.equals(team) && "66f0000000000000000000aa".equals(runId)
        ? Future.succeededFuture(stored) : Future.failedFuture("workflow run " + runId + " not found");
    TurnExecutor withRuns = TestExecutors.executor(ENGINE.vertx(), TurnLimits.DEFAULT, reader, "http://127.0.0.1:9/v1");
    String graph = """
        {"workflow_config": {"name": "Fetch"},
         "node_configs": [
           {"logical_id": "node_wait", "type": "no_op", "is_start": true, "delay_seconds": 0.05},
           {"logical_id": "node_fetch", "type": "workflow_run_fetch", "workflow_run_id": "{{target}}"},
           {"logical_id": "node_say", "type": "say_static",
            "static_messages_config": {"static_messages": ["fetched [[workflow_run_object.status]]"]}}
         ],
         "edge_configs": [
           {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_wait",
            "destination_node_logical_id": "node_fetch"},
           {"logical_id": "e2", "type": "direct", "source_node_logical_id": "node_fetch",
            "destination_node_logical_id": "node_say"}
         ]}
        """;
    WorkflowConfigFullyHydrated hydrated = GraphResources.graph(graph);
    WorkflowRunInput input = TurnDriver.input(RunCommand.START);
    input.dynamicVariables = new JsonObject().put("target", "66f0000000000000000000aa");
    long started = System.nanoTime();
    TurnOutcome outcome = new TurnDriver(withRuns, hydrated, RUN_ID).turn(input);
    assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(50);
    assertThat(said(outcome)).containsExactly("fetched completed");
    assertThat(outcome.pair().runOutput.threadToNodeOutputs.get("0").get(1).getString("fetched_workflow_run"))
        .contains("workflow_run_x");

    input.dynamicVariables.put("target", "66f0000000000000000000bb");
    TurnOutcome missing = new TurnDriver(withRuns, hydrated, RUN_ID).turn(input);
    assertThat(missing.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(missing.error()).contains("could not load run 66f0000000000000000000bb");
  }

  @Test
  void inbuiltToolsRunAndUnsupportedToolTypesFailClearly() {
    String graph = """
        {"workflow_config": {"name": "Tools"},
         "node_configs": [
           {"logical_id": "node_add", "type": "tool_node", "is_start": true, "preserve_argument_types": true,
            "tool_config": {"type": "inbuilt_function", "name": "add"},
            "tool_arguments": {"a": "[[x]]", "b": 2.5}, "result_runtime_variable_name": "sum"},
           {"logical_id": "node_lookup", "type": "tool_node",
            "tool_config": {"type": "inbuilt_function", "configurable_key": "lookup",
                            "extra_config": {"table": {"ana": "room 3"}}},
            "tool_arguments": {"key": "{{who}}"}, "result_runtime_variable_name": "room"},
           {"logical_id": "node_bad_add", "type": "tool_node",
            "tool_config": {"type": "inbuilt_function", "name": "add"}, "tool_arguments": {"a": "x", "b": 1},
            "result_runtime_variable_name": "bad"},
           {"logical_id": "node_say", "type": "say_static",
            "static_messages_config": {"static_messages": ["[[sum]] [[room]]"]}},
           {"logical_id": "node_kb", "name": "Knowledge", "type": "tool_node",
            "tool_config": {"type": "knowledge_base", "target_knowledge_base_ids": ["kb_1"]}}
         ],
         "edge_configs": [
           {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_add",
            "destination_node_logical_id": "node_lookup"},
           {"logical_id": "e2", "type": "direct", "source_node_logical_id": "node_lookup",
            "destination_node_logical_id": "node_bad_add"},
           {"logical_id": "e3", "type": "direct", "source_node_logical_id": "node_bad_add",
            "destination_node_logical_id": "node_say"},
           {"logical_id": "e4", "type": "direct", "source_node_logical_id": "node_say",
            "destination_node_logical_id": "node_kb"}
         ]}
        """;
    WorkflowRunInput input = TurnDriver.input(RunCommand.START);
    input.runtimeVariables = new JsonObject().put("x", 40);
    input.dynamicVariables = new JsonObject().put("who", "ana");
    TurnOutcome outcome = driver(graph).turn(input);
    assertThat(said(outcome)).containsExactly("42.5 room 3");
    List<JsonObject> outputs = outcome.pair().runOutput.threadToNodeOutputs.get("0");
    assertThat(outputs.get(2).getBoolean("success")).isFalse();
    assertThat(outputs.get(2).getString("error_message")).contains("'x' is not a number");
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(outcome.error()).contains("tool_node 'Knowledge' (node_kb) uses a tool of type 'knowledge_base'");
  }
}
