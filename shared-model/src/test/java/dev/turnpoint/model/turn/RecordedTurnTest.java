package dev.turnpoint.model.turn;

import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.model.run.WorkflowRunOutput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RecordedTurnTest {

  @Test
  void tellsWhatTheUserAndTheAssistantSaid() {
    RecordedTurn turn = RecordedTurn.of(pair(WorkflowRunInput.of(RunCommand.DATA, "Hi"),
        event("start_node_run", 10.0).put("origin_node_logical_id", "node_ask"),
        event("assistant_response", 10.5).put("content", "Hello!"),
        event("say_static", 10.6).put("content", "not an answer"),
        event("assistant_response", 10.7).put("content", ""),
        event("assistant_response", 10.8).put("content", 42)));

    assertThat(turn.command()).isEqualTo("data");
    assertThat(turn.userMessages()).containsExactly("Hi");
    assertThat(turn.assistantMessages()).as("blank answers count, answers that are not text do not")
        .containsExactly("Hello!", "");
    assertThat(turn.events()).hasSize(5).first().extracting(TurnEvent::type).isEqualTo("start_node_run");
  }

  @Test
  void theNodePathIsTheConversationsStartedNodes() {
    RecordedTurn turn = RecordedTurn.of(pair(null,
        event("start_node_run", 1.0).put("origin_thread_id", "0").put("origin_node_logical_id", "node_ask")
            .put("origin_node_name", "Ask"),
        event("start_node_run", 1.1).put("origin_thread_id", "0_companion_edge_note")
            .put("origin_node_logical_id", "node_extract"),
        event("end_node_run", 1.2).put("origin_thread_id", "0").put("origin_node_logical_id", "node_ask"),
        event("start_node_run", 1.3).put("origin_node_logical_id", "node_book")));

    assertThat(turn.nodePath()).containsExactly(new NodeStep("node_ask", "Ask"), new NodeStep("node_book", null));
    assertThat(turn.endStateNodeHistory()).isEmpty();
  }

  @Test
  void theEndStateTellsTheNodeHistoryOfTurnsWithoutNodeEvents() {
    WorkflowRunInputOutputPair pair = pair(null);
    pair.iterationEndStateMiscellaneous = new JsonObject().put("thread_id_to_nodes_history", new JsonObject()
        .put("0", new JsonArray().add("node_welcome").add(3).add("node_ask"))
        .put("1", new JsonArray().add("node_other")));

    assertThat(RecordedTurn.of(pair).endStateNodeHistory()).containsExactly("node_welcome", "node_ask");
    assertThat(RecordedTurn.of(pair).nodePath()).isEmpty();
  }

  @Test
  void collectsWarningsAndErrors() {
    RecordedTurn turn = RecordedTurn.of(pair(null,
        event("workflow_warning", 1.0).put("message", "the LLM failed"),
        event("workflow_error", 2.0).put("error_message", "node node_x does not exist"),
        event("workflow_warning", 3.0)));

    assertThat(turn.warnings()).containsExactly("the LLM failed");
    assertThat(turn.errors()).containsExactly("node node_x does not exist");
  }

  @Test
  void sumsTheUsageTheEventsReport() {
    RecordedTurn turn = RecordedTurn.of(pair(null,
        event("assistant_response", 1.0).put("llm_usage_info", new JsonObject().put("input_tokens", 40)
            .put("output_tokens", 2).put("latency_milliseconds", 250)),
        event("worker_llm", 1.5).put("llm_usage_info", new JsonObject().put("total_tokens", 100)
            .put("latency_milliseconds", 12.5)),
        event("worker_llm", 1.6).put("llm_usage_info", new JsonObject().put("prompt_tokens", 7)
            .put("completion_tokens", 1)),
        event("assistant_response", 2.0).putNull("llm_usage_info")));

    TurnUsage usage = turn.usage();

    assertThat(usage.llmCalls()).isEqualTo(3);
    assertThat(usage.inputTokens()).isEqualTo(40);
    assertThat(usage.outputTokens()).isEqualTo(2);
    assertThat(usage.tokens()).isEqualTo(42 + 100 + 8);
    assertThat(usage.latencyMilliseconds()).isEqualTo(262.5);
    assertThat(usage.latencyWholeMilliseconds()).isEqualTo(262);
  }

  @Test
  void aTurnWithoutUsageReportsNone() {
    TurnUsage usage = RecordedTurn.of(pair(null, event("assistant_response", 1.0)
        .put("llm_usage_info", new JsonObject().put("model", "offline")))).usage();

    assertThat(usage.llmCalls()).isEqualTo(1);
    assertThat(usage.tokens()).isNull();
    assertThat(usage.latencyMilliseconds()).isNull();
    assertThat(usage.latencyWholeMilliseconds()).isZero();
  }

  @Test
  void timesTheTurnFromItsEvents() {
    RecordedTurn turn = RecordedTurn.of(pair(null,
        new JsonObject().put("type", "start_workflow"),
        event("start_node_run", 100.0),
        event("assistant_response", 101.25),
        event("end_workflow_iteration", 100.5)));

    assertThat(turn.startedAt()).isEqualTo(100.0);
    assertThat(turn.durationMilliseconds()).isCloseTo(1_250, within(1e-6));
    assertThat(turn.offsetMilliseconds(turn.events().get(2))).isCloseTo(1_250, within(1e-6));
    assertThat(turn.offsetMilliseconds(turn.events().get(0))).isNull();
    assertThat(RecordedTurn.of(pair(null)).durationMilliseconds()).isNull();
    assertThat(RecordedTurn.of(pair(null)).startedAt()).isNull();
  }

  @Test
  void theLastStateTheConversationShowedCarriesItsVariables() {
    RecordedTurn turn = RecordedTurn.of(pair(null,
        event("workflow_show_state", 1.0).put("thread_id", "0").put("runtime_variables", new JsonObject()
            .put("step", 1)),
        event("workflow_show_state", 2.0).put("thread_id", "0_companion_x").put("runtime_variables",
            new JsonObject().put("step", 99)),
        event("workflow_show_state", 3.0).put("origin_thread_id", "0").put("runtime_variables", new JsonObject()
            .put("step", 2))));

    assertThat(turn.lastShownRuntimeVariables()).isEqualTo(new JsonObject().put("step", 2));
    assertThat(RecordedTurn.of(pair(null)).lastShownRuntimeVariables()).isNull();
  }

  @Test
  void aPairWithoutInputOrOutputSaidNothing() {
    RecordedTurn empty = RecordedTurn.of(new WorkflowRunInputOutputPair());

    assertThat(empty.command()).isNull();
    assertThat(empty.userMessages()).isEmpty();
    assertThat(empty.events()).isEmpty();
    assertThat(empty.assistantMessages()).isEmpty();
    assertThat(empty.usage()).isEqualTo(new TurnUsage(0, 0, 0, null, null));
    assertThat(RecordedTurn.of(null).events()).isEmpty();
  }

  private static WorkflowRunInputOutputPair pair(WorkflowRunInput input, JsonObject... events) {
    WorkflowRunInputOutputPair pair = new WorkflowRunInputOutputPair();
    pair.runInput = input;
    pair.runOutput = new WorkflowRunOutput();
    pair.runOutput.events.addAll(List.of(events));
    return pair;
  }

  private static JsonObject event(String type, double timestamp) {
    return new JsonObject().put("type", type).put("timestamp", timestamp);
  }
}
