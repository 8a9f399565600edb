package dev.turnpoint.engine.turn;

import dev.turnpoint.model.workflow.WorkflowRunFetchNode;
import io.vertx.core.Future;

/**
 * {@code workflow_run_fetch}: loads the run named by {@code workflow_run_id} (default {@code {{workflow_run_id}}},
 * this run) into {@code result_runtime_variable_name}. Only runs of the same team are found; a run that cannot be
 * loaded fails this run, since what follows (usually an evaluator) has nothing to work on.
 */
final class WorkflowRunFetchRunner implements NodeRunner {

  @Override
  public Future<NodeResult> run(NodeRun run) {
    WorkflowRunFetchNode node = (WorkflowRunFetchNode) run.node;
    String runId = run.render(node.workflowRunId).strip();
    if (runId.isEmpty()) {
      throw new WorkflowExecutionException("workflow_run_fetch node " + GraphIndex.describe(node)
          + " has no workflow_run_id");
    }
    RunReader reader = run.turn.executor().runs();
    if (reader == null) {
      throw new WorkflowExecutionException("workflow_run_fetch node " + GraphIndex.describe(node)
          + " cannot run: no run store is available");
    }
    return reader.fetchRun(run.turn.context().teamId(), runId)
        .recover(failure -> Future.failedFuture(new WorkflowExecutionException("workflow_run_fetch node "
            + GraphIndex.describe(node) + " could not load run " + runId + ": " + failure.getMessage(), failure)))
        .map(fetched -> {
          run.setRuntime(node.resultRuntimeVariableName, fetched);
          run.output.put("success", true).put("fetched_workflow_run", fetched.encode());
          return NodeResult.CONTINUE;
        });
  }
}
