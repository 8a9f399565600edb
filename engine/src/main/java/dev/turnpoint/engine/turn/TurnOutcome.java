package dev.turnpoint.engine.turn;

import dev.turnpoint.model.run.LLMLatencyStats;
import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.model.run.WorkflowStatus;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What one turn produced.
 *
 * @param pair              the turn's input and output ({@code run_output.events}, {@code thread_to_node_outputs})
 *                          and {@code iteration_end_state_miscellaneous}
 * @param checkpoint        the state after the turn; the run's usage totals are in it
 * @param status            the run's status after the turn: {@code waiting_for_user_input}, {@code completed},
 *                          {@code failed} or {@code aborted_looping_risk}
 * @param terminationSource {@code execution_error} or {@code finally_safety_net} for failed runs, else null
 * @param error             what went wrong, when the run failed or was aborted
 * @param waitingForInput   the run waits for a user message
 * @param nextInputHint     the {@code busy_wait_for_user_message} event while waiting, else null
 * @param turnTokenUsage    the LLM usage of this turn alone
 * @param turnLatencyStats  the LLM latency of this turn alone
 */
public record TurnOutcome(WorkflowRunInputOutputPair pair, RunCheckpoint checkpoint, WorkflowStatus status,
                          String terminationSource, String error, boolean waitingForInput, JsonObject nextInputHint,
                          LLMTokenUsage turnTokenUsage, LLMLatencyStats turnLatencyStats) {

  public List<JsonObject> events() {
    return pair.runOutput.events;
  }

  public boolean completed() {
    return status.isTerminal();
  }
}
