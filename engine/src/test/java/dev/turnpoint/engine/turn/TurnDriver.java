package dev.turnpoint.engine.turn;

import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives a run turn by turn through a {@link TurnExecutor}, storing each checkpoint as JSON and reading it back, as
 * the engine service does.
 */
final class TurnDriver {
  static final String TEAM = "team-a";

  private final TurnExecutor executor;
  private final WorkflowConfigFullyHydrated graph;
  private final String runId;
  private JsonObject checkpoint;
  private int turnIndex;
  final List<TurnOutcome> outcomes = new ArrayList<>();

  TurnDriver(TurnExecutor executor, WorkflowConfigFullyHydrated graph, String runId) {
    this.executor = executor;
    this.graph = graph;
    this.runId = runId;
  }

  static WorkflowRunInput input(RunCommand command, String... messages) {
    return WorkflowRunInput.of(command, messages);
  }

  TurnOutcome start() {
    return turn(input(RunCommand.START));
  }

  TurnOutcome say(String message) {
    return turn(input(RunCommand.DATA, message));
  }

  TurnOutcome turn(WorkflowRunInput input) {
    RunCheckpoint previous = checkpoint == null ? null : RunCheckpoint.fromJson(checkpoint);
    TurnOutcome outcome = executor.execute(graph, previous, input, new RunContext(TEAM, runId, "wf", turnIndex))
        .await();
    assertThat(outcome.status()).isNotNull();
    checkpoint = outcome.checkpoint().toJson();
    turnIndex++;
    outcomes.add(outcome);
    return outcome;
  }

  JsonObject checkpoint() {
    return checkpoint;
  }

  void checkpoint(JsonObject checkpoint) {
    this.checkpoint = checkpoint;
  }

  /** The texts the user saw in a turn, in order. */
  static List<String> said(TurnOutcome outcome) {
    return outcome.events().stream().filter(e -> TurnEventType.ASSISTANT_RESPONSE.equals(e.getString("type")))
        .map(e -> e.getString("content")).toList();
  }

  static List<String> types(TurnOutcome outcome) {
    return outcome.events().stream().map(e -> e.getString("type")).toList();
  }
}
