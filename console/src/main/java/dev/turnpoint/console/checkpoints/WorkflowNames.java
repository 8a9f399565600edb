package dev.turnpoint.console.checkpoints;

import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Future;

/** The name a page gives a run's workflow: its current name, else the one in the run's snapshot, else its id. */
final class WorkflowNames {

  private WorkflowNames() {
  }

  static Future<String> of(WorkflowStore workflows, String teamId, WorkflowRun run) {
    if (run.workflowId == null) {
      return Future.succeededFuture(snapshotName(run));
    }
    return workflows.getWorkflow(teamId, run.workflowId)
        .map(workflow -> {
          String name = workflow.workflowConfig == null ? null : workflow.workflowConfig.name;
          return name == null || name.isBlank() ? snapshotName(run) : name;
        })
        .recover(failure -> ServiceException.from(failure).code() == FailureCode.NOT_FOUND
            ? Future.succeededFuture(snapshotName(run)) : Future.failedFuture(failure));
  }

  static String snapshotName(WorkflowRun run) {
    if (run.workflowConfigFullyHydrated != null && run.workflowConfigFullyHydrated.workflowConfig != null
        && run.workflowConfigFullyHydrated.workflowConfig.name != null
        && !run.workflowConfigFullyHydrated.workflowConfig.name.isBlank()) {
      return run.workflowConfigFullyHydrated.workflowConfig.name;
    }
    return run.workflowId == null ? "Run" : run.workflowId;
  }
}
