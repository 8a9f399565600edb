package dev.turnpoint.engine;

import dev.turnpoint.engine.turn.RunReader;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.model.workflow.WorkflowVersion;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Reads runs for {@code workflow_run_fetch} and workflow versions for {@code super_node} through the stores, so team
 * scoping is the stores'.
 */
final class StoreRunReader implements RunReader {

  private final RunStore runs;
  private final WorkflowStore workflows;

  StoreRunReader(RunStore runs, WorkflowStore workflows) {
    this.runs = runs;
    this.workflows = workflows;
  }

  @Override
  public Future<JsonObject> fetchRun(String teamId, String runId) {
    return runs.getRun(teamId, runId).map(record -> Json.toJson(record.document().workflowRun));
  }

  @Override
  public Future<WorkflowConfigFullyHydrated> fetchWorkflowVersion(String teamId, String workflowId,
                                                                  Integer versionNumber) {
    Future<Integer> version = versionNumber != null ? Future.succeededFuture(versionNumber)
        : workflows.getWorkflow(teamId, workflowId).map(workflow -> workflow.activeVersionNumber);
    return version.compose(number -> workflows.getVersion(teamId, workflowId, number))
        .map(WorkflowVersion::hydrated);
  }
}
