package dev.turnpoint.engine;

import dev.turnpoint.engine.evaluation.RunEvaluations;
import dev.turnpoint.engine.turn.RunCheckpoint;
import dev.turnpoint.engine.turn.ThreadState;
import dev.turnpoint.engine.turn.TurnEvents;
import dev.turnpoint.model.run.InteractiveRunResponse;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.StatusChange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The {@code pause}, {@code resume} and {@code stop} commands, each run under the run's turn lease so it never races
 * a turn:
 * <ul>
 *   <li>{@code pause}: the run becomes {@code paused}; it takes no turns until resumed. No turn is stored: the answer
 *       carries a {@code pause_event}. Pausing a paused run changes nothing.</li>
 *   <li>{@code resume}: with a user message, a turn runs (a paused run is resumed by it). Without one, a paused run
 *       gets back the status its last turn ended with (or runs a turn when it has somewhere to go, as after a fork
 *       that named a start node); a run that is not paused is answered as it is.</li>
 *   <li>{@code stop}: the run becomes {@code cancelled} ({@code is_completed} true), without a turn; the answer
 *       carries an {@code end_workflow} event.</li>
 * </ul>
 * A status change is the user's, so it never has a termination source (nothing went wrong), and it is checked
 * against the revision the lease answered.
 */
final class RunCommands {

  private final RunStore runs;
  private final RunLeases leases;
  private final TurnCommitter turns;
  private final RunEventPublisher publisher;
  private final RunEvaluations evaluations;

  RunCommands(RunStore runs, RunLeases leases, TurnCommitter turns, RunEventPublisher publisher,
              RunEvaluations evaluations) {
    this.runs = runs;
    this.leases = leases;
    this.turns = turns;
    this.publisher = publisher;
    this.evaluations = evaluations;
  }

  Future<InteractiveRunResponse> resume(String teamId, String userId, String workflowId, RunLease lease,
                                        WorkflowRunInput input) {
    lease.requireWorkflow(workflowId);
    RunCheckpoint checkpoint = lease.checkpoint();
    boolean somewhereToGo = checkpoint == null || ThreadState.RUNNING.equals(checkpoint.mainThread().status);
    if (!input.userMessages().isEmpty() || lease.run().status == WorkflowStatus.PAUSED && somewhereToGo) {
      return turns.nextTurn(teamId, workflowId, lease, input, true);
    }
    if (lease.run().status != WorkflowStatus.PAUSED) {
      return leases.release(teamId, lease).map(v -> currentState(lease, checkpoint, List.of()));
    }
    WorkflowStatus restored = checkpoint.status != null && WorkflowStatus.ACTIVE.contains(checkpoint.status)
        ? checkpoint.status : WorkflowStatus.WAITING_FOR_USER_INPUT;
    List<JsonObject> events = restored != WorkflowStatus.WAITING_FOR_USER_INPUT ? List.of()
        : List.of(TurnEvents.workflowEvent(TurnEventType.WORKFLOW_READY_FOR_INPUT, WorkflowRunInput.MAIN_THREAD)
            .put("active_companion_thread_ids", new JsonArray()));
    return changeStatus(teamId, userId, lease, restored, events, checkpoint);
  }

  Future<InteractiveRunResponse> pause(String teamId, String userId, String workflowId, RunLease lease) {
    lease.requireWorkflow(workflowId);
    RunCheckpoint checkpoint = lease.checkpoint();
    if (lease.run().status == WorkflowStatus.PAUSED) {
      return leases.release(teamId, lease).map(v -> currentState(lease, checkpoint, List.of()));
    }
    JsonObject paused = TurnEvents.workflowEvent(TurnEventType.PAUSE_EVENT, WorkflowRunInput.MAIN_THREAD)
        .put("paused_by", userId);
    return changeStatus(teamId, userId, lease, WorkflowStatus.PAUSED, List.of(paused), checkpoint);
  }

  Future<InteractiveRunResponse> stop(String teamId, String userId, String workflowId, RunLease lease) {
    lease.requireWorkflow(workflowId);
    JsonObject end = TurnEvents.workflowEvent(TurnEventType.END_WORKFLOW, WorkflowRunInput.MAIN_THREAD)
        .put("reason", "stopped").put("stopped_by", userId);
    return changeStatus(teamId, userId, lease, WorkflowStatus.CANCELLED, List.of(end), null);
  }

  /** A status change by the user, then the lease is released; a stopped run's evaluation is recorded. */
  private Future<InteractiveRunResponse> changeStatus(String teamId, String userId, RunLease lease,
                                                      WorkflowStatus status, List<JsonObject> events,
                                                      RunCheckpoint checkpoint) {
    String runId = lease.runId();
    StatusChange change = new StatusChange(lease.record().revision(), status, null, userId);
    return runs.changeStatus(teamId, runId, change)
        .compose(changed -> leases.release(teamId, lease).map(changed))
        .compose(changed -> {
          publisher.statusChanged(teamId, runId, lease.run().workflowId, lease.run().status, status, null);
          return evaluations.runEnded(teamId, runId, changed.document().workflowRun)
              .map(recorded -> currentState(lease.withRecord(changed), checkpoint, events));
        });
  }

  /** The answer for a command that ran no turn: the run as it now stands. */
  private static InteractiveRunResponse currentState(RunLease lease, RunCheckpoint checkpoint,
                                                     List<JsonObject> events) {
    WorkflowStatus status = lease.run().status;
    InteractiveRunResponse response = new InteractiveRunResponse();
    response.runId = lease.runId();
    response.turnNumber = lease.record().turnCount();
    response.events = List.copyOf(events);
    response.status = status;
    response.isCompleted = status.isTerminal();
    response.isWaitingForInput = status == WorkflowStatus.WAITING_FOR_USER_INPUT;
    response.nextInputHint = response.isWaitingForInput && checkpoint != null
        ? checkpoint.mainThread().waitingEvent : null;
    return response;
  }
}
