package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.GraphResources;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.turnpoint.engine.turn.TurnDriver.said;
import static dev.turnpoint.engine.turn.TurnDriver.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Turns under small {@link TurnSizeLimits}: histories are trimmed; a turn over a bound leaves the run as it was. */
class TurnSizeLimitsTest {

  private static final String RUN_ID = "66f000000000000000000002";
  /** A chat that answers every message and waits again; with a message, it first notes {@code [[text]]}. */
  private static final String CHAT = """
      {"workflow_config": {"name": "Chat",
                           "llms_config": {"type": "offline_llm", "offline": {"default_reply": "again?"}}},
       "node_configs": [
         {"logical_id": "node_chat", "type": "say_llm", "is_start": true, "self_loop": false},
         {"logical_id": "node_note", "type": "no_op", "note": "[[text]][[text]]",
          "output_runtime_variable_name": "noted"}
       ],
       "edge_configs": [
         {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_chat",
          "destination_node_logical_id": "node_note"},
         {"logical_id": "e2", "type": "direct", "source_node_logical_id": "node_note",
          "destination_node_logical_id": "node_chat"}
       ]}
      """;

  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  private static TurnDriver chat(TurnSizeLimits limits) {
    return new TurnDriver(TestExecutors.executor(vertx, limits), GraphResources.graph(CHAT), RUN_ID);
  }

  private static TurnSizeLimits limits(long rendered, long variable, int historyMessages, long historyBytes,
                                       long turnOutput) {
    return new TurnSizeLimits(rendered, variable, 4 * variable, historyMessages, historyBytes, turnOutput);
  }

  private static JsonArray history(TurnDriver run) {
    return run.checkpoint().getJsonObject("threads").getJsonObject("0").getJsonArray("messages");
  }

  private static WorkflowRunInput withText(String message, String text) {
    WorkflowRunInput input = WorkflowRunInput.of(RunCommand.DATA, message);
    input.runtimeVariables = new JsonObject().put("text", text);
    return input;
  }

  private static String error(TurnOutcome outcome) {
    return outcome.events().stream().filter(e -> "workflow_error".equals(e.getString("type")))
        .map(e -> e.getString("error_message")).findFirst().orElse(null);
  }

  @Test
  void aThreadKeepsItsNewestMessagesOnly() {
    TurnDriver run = chat(limits(1 << 20, 1 << 20, 4, 1 << 20, 8 << 20));
    run.start();
    for (int i = 1; i <= 5; i++) {
      assertThat(run.say("message " + i).status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    }

    assertThat(history(run).stream().map(m -> ((JsonObject) m).getString("content")).toList())
        .containsExactly("message 4", "again?", "message 5", "again?");
  }

  @Test
  void aThreadKeepsNoMoreBytesThanItsBound() {
    TurnDriver run = chat(limits(1 << 20, 1 << 20, 200, 200, 8 << 20));
    run.start();
    run.say("a".repeat(80));
    run.say("b".repeat(80));

    JsonArray kept = history(run);
    assertThat(kept.encode().length()).isLessThanOrEqualTo(200);
    assertThat(kept.stream().map(m -> ((JsonObject) m).getString("content")).toList())
        .doesNotContain("a".repeat(80)).endsWith("b".repeat(80), "again?");
  }

  @Test
  void aMessageLargerThanAWholeHistoryIsRefusedAndTheRunWaitsAsBefore() {
    TurnDriver run = chat(limits(1 << 20, 1 << 20, 200, 200, 8 << 20));
    run.start();
    JsonObject before = run.checkpoint().copy();

    TurnOutcome refused = run.say("c".repeat(500));

    assertThat(refused.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(error(refused)).contains("max_history_bytes");
    assertThat(refused.nextInputHint()).isNotNull();
    assertThat(history(run)).isEqualTo(before.getJsonObject("threads").getJsonObject("0").getJsonArray("messages"));
    assertThat(said(run.say("short"))).containsExactly("again?");
  }

  @Test
  void aNodeOutputOverTheVariableBoundIsRefusedAndTheTurnsVariablesAreDropped() {
    TurnDriver run = chat(limits(1 << 20, 1_000, 200, 1 << 20, 8 << 20));
    run.start();

    TurnOutcome refused = run.turn(withText("note this", "t".repeat(600)));

    assertThat(refused.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(error(refused)).contains("runtime variable 'noted'").contains("max_variable_bytes");
    assertThat(refused.checkpoint().runtimeVariables.containsKey("text")).isFalse();
    assertThat(run.turn(withText("again", "short")).checkpoint().runtimeVariables.getString("noted"))
        .isEqualTo("shortshort");
  }

  @Test
  void renderingOverItsBoundStopsTheTurnAtTheNodeThatRendered() {
    TurnDriver run = chat(limits(500, 1 << 20, 200, 1 << 20, 8 << 20));
    run.start();

    TurnOutcome refused = run.turn(withText("note this", "t".repeat(300)));

    assertThat(refused.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(error(refused)).contains("more than 500 characters").contains("max_rendered_chars");
    assertThat(refused.events().stream().filter(e -> "workflow_error".equals(e.getString("type")))
        .map(e -> e.getString("origin_node_logical_id")).toList()).containsExactly("node_note");
  }

  @Test
  void aTurnRecordingMoreThanItsBoundIsRefused() {
    TurnDriver run = chat(limits(1 << 20, 1 << 20, 200, 1 << 20, 6_000));
    run.start();

    TurnOutcome refused = run.turn(withText("note this", "n".repeat(1_500)));

    assertThat(refused.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(error(refused)).contains("max_turn_output_bytes");
    assertThat(types(refused)).endsWith("workflow_error", "workflow_ready_for_input", "end_workflow_iteration");
    assertThat(said(run.say("short"))).containsExactly("again?");
  }

  @Test
  void aFirstTurnOverABoundFailsTheRun() {
    TurnDriver run = chat(limits(1 << 20, 100, 200, 1 << 20, 8 << 20));
    WorkflowRunInput input = WorkflowRunInput.of(RunCommand.START);
    input.dynamicVariables = new JsonObject().put("big", "b".repeat(200));

    TurnOutcome failed = run.turn(input);

    assertThat(failed.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(failed.error()).contains("dynamic variable 'big'").contains("max_variable_bytes");
  }

  @Test
  void sizesAreMeasuredWithoutEncoding() {
    JsonObject value = new JsonObject().put("a", "é").put("b", new JsonArray(List.of(1, true, "x"))).putNull("c");
    assertThat(JsonSize.of(value, Long.MAX_VALUE)).isEqualTo(value.encode().getBytes(
        java.nio.charset.StandardCharsets.UTF_8).length);
    assertThat(JsonSize.of("x".repeat(10_000), 10)).isGreaterThan(10);
    assertThatThrownBy(() -> new TurnSizeLimits(0, 1, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
