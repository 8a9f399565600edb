package dev.turnpoint.engine.turn;

import dev.turnpoint.model.workflow.NoOpNode;
import io.vertx.core.Future;

/**
 * {@code no_op}: its rendered {@code note} goes into the output and, when set, into
 * {@code output_runtime_variable_name} ({@code true} without a note); {@code delay_seconds} waits on a timer (at most
 * {@link TurnLimits#maxDelaySeconds()}); {@code simulate_failure} fails the run.
 */
final class NoOpRunner implements NodeRunner {

  @Override
  public Future<NodeResult> run(NodeRun run) {
    NoOpNode node = (NoOpNode) run.node;
    String note = node.note == null ? null : run.render(node.note);
    run.output.put("note", note);
    if (node.simulateFailure) {
      throw new WorkflowExecutionException("no_op node " + GraphIndex.describe(node) + " simulated a failure"
          + (note == null || note.isBlank() ? "" : ": " + note));
    }
    if (TurnRun.blankToNull(node.outputRuntimeVariableName) != null) {
      run.setRuntime(node.outputRuntimeVariableName, note == null ? Boolean.TRUE : note);
    }
    double seconds = node.delaySeconds == null ? 0
        : Math.min(node.delaySeconds, run.turn.executor().limits().maxDelaySeconds());
    if (seconds <= 0) {
      return Future.succeededFuture(NodeResult.CONTINUE);
    }
    run.output.put("delay_seconds", seconds);
    return run.turn.executor().vertx().timer(Math.max(1, Math.round(seconds * 1000)))
        .map(NodeResult.CONTINUE);
  }
}
