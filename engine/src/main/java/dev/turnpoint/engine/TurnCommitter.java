package dev.turnpoint.engine;

import dev.turnpoint.engine.evaluation.RunEvaluations;
import dev.turnpoint.engine.turn.RunCheckpoint;
import dev.turnpoint.engine.turn.RunContext;
import dev.turnpoint.engine.turn.ThreadState;
import dev.turnpoint.engine.turn.TurnExecutor;
import dev.turnpoint.engine.turn.TurnOutcome;
import dev.turnpoint.model.run.InteractiveRunResponse;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.TurnCommit;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a run's next turn under its lease and commits it. The turn runs on the run's workflow snapshot (or, for a run
 * whose first turn never committed, on the version pinned when it was created), from the checkpoint the lease
 * answered. It is committed with the run store, which releases the lease; only then is it remembered for the next
 * lease ({@link HeldRunStates}), published ({@link RunEventPublisher}), its evaluations are recorded
 * ({@link RunEvaluations}, which drives them in the background) and it is answered.
 *
 * <p>A paused run takes no turn unless it is being resumed (CONFLICT). A checkpoint run (a fork) continues from the
 * checkpoint it was created with; when that was taken after the conversation ended, a turn needs
 * {@code start_node_logical_id}, and without one it is refused (CONFLICT) and the run stays as it is.
 */
final class TurnCommitter {

  private static final Logger LOG = LoggerFactory.getLogger(TurnCommitter.class);

  private final WorkflowStore workflows;
  private final RunStore runs;
  private final TurnExecutor executor;
  private final RunEventPublisher publisher;
  private final HeldRunStates held;
  private final RunEvaluations evaluations;

  TurnCommitter(WorkflowStore workflows, RunStore runs, TurnExecutor executor, RunEventPublisher publisher,
                HeldRunStates held, RunEvaluations evaluations) {
    this.workflows = workflows;
    this.runs = runs;
    this.executor = executor;
    this.publisher = publisher;
    this.held = held;
    this.evaluations = evaluations;
  }

  /** The first turn of a run just created on {@code graph}, which the commit pins as the run's snapshot. */
  Future<InteractiveRunResponse> firstTurn(String teamId, RunLease lease, WorkflowConfigFullyHydrated graph,
                                           WorkflowRunInput input) {
    return runTurn(teamId, lease, graph, true, null, input);
  }

  /**
   * The run's next turn; {@code resuming} lets a paused run take it.
   *
   * @param workflowId the workflow the caller names, or null; NOT_FOUND when the run belongs to another
   */
  Future<InteractiveRunResponse> nextTurn(String teamId, String workflowId, RunLease lease, WorkflowRunInput input,
                                          boolean resuming) {
    lease.requireWorkflow(workflowId);
    WorkflowRun run = lease.run();
    if (run.status == WorkflowStatus.PAUSED && !resuming) {
      throw ServiceException.conflict("run " + lease.runId() + " is paused; resume it first");
    }
    RunCheckpoint checkpoint = lease.checkpoint();
    if (checkpoint != null && ThreadState.ENDED.equals(checkpoint.mainThread().status)
        && (input.startNodeLogicalId == null || input.startNodeLogicalId.isBlank())
        && (run.workflowConfigFullyHydrated == null
            || !checkpoint.reopenAtLastWaitingNode(run.workflowConfigFullyHydrated))) {
      // Only a fork made after the conversation's last node gets here: refuse the turn rather than fail the run.
      throw ServiceException.conflict("run " + lease.runId() + " continues from a checkpoint after which"
          + " the conversation had ended and no node waits for the user; send start_node_logical_id to continue"
          + " at a node");
    }
    if (run.workflowConfigFullyHydrated != null) {
      return runTurn(teamId, lease, run.workflowConfigFullyHydrated, false, checkpoint, input);
    }
    if (lease.record().turnCount() > 0) {
      throw ServiceException.invalid("run " + lease.runId() + " has no stored workflow config snapshot");
    }
    // Created, but its first turn never committed: run it on the version pinned at creation.
    return workflows.getVersion(teamId, run.workflowId, run.versionNumber == null ? 0 : run.versionNumber)
        .compose(version -> runTurn(teamId, lease, version.hydrated(), true, checkpoint, input));
  }

  private Future<InteractiveRunResponse> runTurn(String teamId, RunLease lease, WorkflowConfigFullyHydrated graph,
                                                 boolean storeSnapshot, RunCheckpoint checkpoint,
                                                 WorkflowRunInput input) {
    RunRecord record = lease.record();
    WorkflowRun run = lease.run();
    String runId = record.runId();
    int turnIndex = record.turnCount();
    input.workflowRunId = runId;
    input.workflowId = run.workflowId;
    input.versionNumber = run.versionNumber;
    input.teamId = teamId;
    RunContext context = new RunContext(teamId, runId, run.workflowId, turnIndex);
    return executor.execute(graph, checkpoint, input, context).compose(outcome -> {
      TurnCommit commit = new TurnCommit(lease.token(), turnIndex, outcome.pair(), outcome.checkpoint().toJson(),
          outcome.status(), outcome.terminationSource(), outcome.checkpoint().llmTokenUsage,
          outcome.checkpoint().llmLatencyStats, storeSnapshot ? graph : null,
          storeSnapshot ? run.versionNumber : null, storeSnapshot ? run.versionName : null);
      return runs.commitTurn(teamId, runId, commit).compose(committed -> {
        held.remember(runId, committed.turnCount(), graph, commit.checkpoint());
        if (outcome.error() != null) {
          LOG.warn("Run {} turn {} ended {}: {}", runId, turnIndex, outcome.status().wire(), outcome.error());
        }
        publisher.turnCompleted(teamId, runId, run.workflowId, turnIndex, outcome.status(),
            outcome.terminationSource(), outcome.events());
        publisher.statusChanged(teamId, runId, run.workflowId, run.status, outcome.status(),
            outcome.terminationSource());
        return evaluations.turnCommitted(teamId, runId, run, graph, turnIndex, outcome.status())
            .map(recorded -> turnResponse(runId, turnIndex, outcome));
      });
    });
  }

  private static InteractiveRunResponse turnResponse(String runId, int turnIndex, TurnOutcome outcome) {
    InteractiveRunResponse response = new InteractiveRunResponse();
    response.runId = runId;
    response.turnNumber = turnIndex + 1;
    response.events = outcome.events();
    response.status = outcome.status();
    response.isWaitingForInput = outcome.waitingForInput();
    response.isCompleted = outcome.status().isTerminal();
    response.error = outcome.error();
    response.nextInputHint = outcome.nextInputHint();
    return response;
  }
}
