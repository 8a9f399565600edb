package dev.turnpoint.model.run;

import dev.turnpoint.model.turn.CheckpointView;
import dev.turnpoint.model.turn.TurnEvent;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.WorkflowRunFetchNode;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What an evaluation run found, as {@code GET .../workflow-runs/{id}/evaluation-result} answers it and as a turn's
 * {@code evaluation} holds it (spec §2.2): the evaluation run's id and status, and {@code evaluation_result}, the
 * runtime variables its last {@code workflow_show_state} event showed. An evaluator that shows no state (Turnpoint's
 * nodes emit none) is read from the runtime variables it ended with, but for the runs its {@code workflow_run_fetch}
 * nodes loaded, so the scores a {@code workflow_run_evaluator} wrote are there. The SDK's
 * {@code RunEvaluationResult} fields are filled from it too: {@code details} is the same object, {@code score} and
 * {@code passed} are its fields of those names (or those of the first object inside it that has one, such as an
 * evaluator's output variable), and {@code evaluated_at} is when the run ended.
 */
public class EvaluationResult {
  public String evaluationWorkflowRunId;
  public WorkflowStatus status;
  public JsonObject evaluationResult;
  public Double score;
  public Boolean passed;
  public JsonObject details;
  public String evaluatedAt;

  /**
   * The result of the evaluation run {@code run} (read with its turns), whose latest checkpoint is
   * {@code latestCheckpoint} (or null) and which was last updated at {@code updatedAt}.
   */
  public static EvaluationResult of(String runId, WorkflowRun run, JsonObject latestCheckpoint, String updatedAt) {
    EvaluationResult result = new EvaluationResult();
    result.evaluationWorkflowRunId = runId;
    result.status = run.status;
    result.evaluationResult = shownState(run);
    if (result.evaluationResult == null && run.status != null && run.status.isTerminal()) {
      JsonObject variables = CheckpointView.of(latestCheckpoint).runtimeVariables().copy();
      fetchedRunVariables(run).forEach(variables::remove);
      result.evaluationResult = variables.isEmpty() ? null : variables;
    }
    result.details = result.evaluationResult;
    if (result.evaluationResult != null) {
      Object score = field(result.evaluationResult, "score");
      result.score = score instanceof Number number ? number.doubleValue() : null;
      Object passed = field(result.evaluationResult, "passed");
      result.passed = passed instanceof Boolean flag ? flag : null;
    }
    result.evaluatedAt = run.status != null && run.status.isTerminal() ? updatedAt : null;
    return result;
  }

  /** The variables the run's {@code workflow_run_fetch} nodes load whole runs into: inputs, not findings. */
  private static List<String> fetchedRunVariables(WorkflowRun run) {
    if (run.workflowConfigFullyHydrated == null) {
      return List.of();
    }
    return run.workflowConfigFullyHydrated.nodeConfigs.stream()
        .filter(WorkflowRunFetchNode.class::isInstance)
        .map(node -> ((WorkflowRunFetchNode) node).resultRuntimeVariableName)
        .toList();
  }

  private static JsonObject shownState(WorkflowRun run) {
    JsonObject shown = null;
    for (WorkflowRunInputOutputPair pair : run.inputOutputPairs) {
      if (pair.runOutput == null) {
        continue;
      }
      for (JsonObject json : pair.runOutput.events) {
        TurnEvent event = TurnEvent.of(json);
        if (event.is(TurnEventType.WORKFLOW_SHOW_STATE) && event.shownRuntimeVariables() != null) {
          shown = event.shownRuntimeVariables();
        }
      }
    }
    return shown;
  }

  /** {@code name} in {@code result}, else in the first object value of {@code result} that has it. */
  private static Object field(JsonObject result, String name) {
    if (result.getValue(name) != null) {
      return result.getValue(name);
    }
    for (String key : result.fieldNames()) {
      if (result.getValue(key) instanceof JsonObject inner && inner.getValue(name) != null) {
        return inner.getValue(name);
      }
    }
    return null;
  }
}
