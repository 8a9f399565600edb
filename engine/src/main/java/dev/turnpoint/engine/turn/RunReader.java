package dev.turnpoint.engine.turn;

import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * How a turn reads what else the team stored: {@code workflow_run_fetch} reads a run, a {@code super_node} the graph
 * of another workflow. Only the given team's are found; a missing one fails the future.
 */
public interface RunReader {
  /** The run as its {@code workflow_run} JSON (with {@code input_output_pairs}). */
  Future<JsonObject> fetchRun(String teamId, String runId);

  /**
   * The graph of version {@code versionNumber} of a workflow, or of its active version when that is null. Without a
   * workflow store (a reader that only reads runs) it fails.
   */
  default Future<WorkflowConfigFullyHydrated> fetchWorkflowVersion(String teamId, String workflowId,
                                                                   Integer versionNumber) {
    return Future.failedFuture("no workflow store is available");
  }
}
