package dev.turnpoint.engine;

import dev.turnpoint.engine.turn.RunCheckpoint;
import dev.turnpoint.engine.turn.RunContext;
import dev.turnpoint.engine.turn.ThreadState;
import dev.turnpoint.engine.turn.TurnEvents;
import dev.turnpoint.engine.turn.TurnExecutor;
import dev.turnpoint.engine.turn.TurnOutcome;
import dev.turnpoint.model.Ids;
import dev.turnpoint.model.run.InteractiveRunResponse;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.model.workflow.WorkflowVersion;
import dev.turnpoint.service.EngineService;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.StatusChange;
import dev.turnpoint.service.TurnCommit;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Function;

/**
 * The run lifecycle behind {@link EngineService}: creates runs, serializes their turns with the run store's lease,
 * executes them and answers only once the turn is committed.
 *
 * <p>Commands:
 * <ul>
 *   <li>{@code start}/{@code data}: without a run id a new run starts on the requested or active version (the run is
 *       created {@code started}, the version's graph is the run's snapshot from then on); with a run id the next
 *       turn runs on the run's stored snapshot, never the live version.</li>
 *   <li>{@code pause}: the run becomes {@code paused}; it takes no turns until resumed (CONFLICT). No turn is
 *       stored: the answer carries a {@code pause_event}. Pausing a paused run changes nothing.</li>
 *   <li>{@code resume}: with a user message, a turn runs (a paused run is resumed by it). Without one, a paused run
 *       gets back the status its last turn ended with (or runs a turn when it has somewhere to go, as after a fork
 *       that named a start node); a run that is not paused is answered as it is.</li>
 *   <li>{@code stop}: the run becomes {@code cancelled} ({@code is_completed} true), without a turn; the answer
 *       carries an {@code end_workflow} event.</li>
 * </ul>
 * Pause, resume and stop take the turn lease too, so they never race a turn. A run that is mid-turn, or in a
 * terminal state, answers CONFLICT. If anything fails before a turn is committed, the lease is released.
 *
 * <p>A checkpoint run (a fork) continues from the checkpoint it was created with. When that checkpoint was taken after
 * the conversation ended, a turn needs {@code start_node_logical_id}; without one it is refused (CONFLICT) and the
 * run stays as it is.
 */
final class RunLifecycle implements EngineService {

  private static final Logger LOG = LoggerFactory.getLogger(RunLifecycle.class);
  /** How many runs' snapshot and latest checkpoint the engine keeps at hand (a few MB). */
  private static final int HELD_RUNS = 512;

  private final EngineConfig config;
  private final WorkflowStore workflows;
  private final RunStore runs;
  private final TurnExecutor executor;
  private final RunEventPublisher publisher;
  private final HeldRunStates held = new HeldRunStates(HELD_RUNS);

  RunLifecycle(EngineConfig config, WorkflowStore workflows, RunStore runs, TurnExecutor executor,
               RunEventPublisher publisher) {
    this.config = config;
    this.workflows = workflows;
    this.runs = runs;
    this.executor = executor;
    this.publisher = publisher;
  }

  /** A run whose turn lease this call holds. */
  private record Lease(String token, RunRecord record) {
    WorkflowRun run() {
      return record.document().workflowRun;
    }
  }

  @Override
  public Future<InteractiveRunResponse> executeTurn(String teamId, String userId, String workflowId, String runId,
                                                    Integer versionNumber, WorkflowRunInput input) {
    try {
      requireText(teamId, "team id");
      if (input == null) {
        throw ServiceException.invalid("run_input is required");
      }
      if (workflowId != null && !Ids.isObjectId(workflowId)) {
        throw ServiceException.invalid("workflow id must be 24 lower-case hex digits");
      }
      if (versionNumber != null && versionNumber < 0) {
        throw ServiceException.invalid("version must not be negative");
      }
      RunCommand command = input.command == null ? RunCommand.START : input.command;
      if (runId == null) {
        if (command != RunCommand.START && command != RunCommand.DATA) {
          throw ServiceException.invalid("command '" + command.wire() + "' needs the run_id of an existing run");
        }
        if (workflowId == null) {
          throw ServiceException.invalid("workflow_id is required to start a run");
        }
        return startRun(teamId, userId, workflowId, versionNumber, input);
      }
      if (!Ids.isObjectId(runId)) {
        throw ServiceException.invalid("run id must be 24 lower-case hex digits");
      }
      return switch (command) {
        case START, DATA -> withLease(teamId, runId, lease -> nextTurn(teamId, workflowId, lease, input, false));
        case RESUME -> withLease(teamId, runId, lease -> resume(teamId, userId, workflowId, lease, input));
        case PAUSE -> withLease(teamId, runId, lease -> pause(teamId, userId, workflowId, lease));
        case STOP -> withLease(teamId, runId, lease -> stop(teamId, userId, workflowId, lease));
      };
    } catch (ServiceException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<RunDocument> startOrResume(String teamId, String userId, WorkflowRunInput input) {
    if (input == null) {
      return Future.failedFuture(ServiceException.invalid("a run input is required"));
    }
    if (input.workflowRunId == null && input.workflowId == null) {
      return Future.failedFuture(ServiceException.invalid(
          "workflow_id is required to start a run (or workflow_run_id to resume one)"));
    }
    // version_number defaults to 0 on the wire, so only a positive one asks for a version; 0 means the active one.
    Integer version = input.workflowRunId == null && input.versionNumber != null && input.versionNumber > 0
        ? input.versionNumber : null;
    return executeTurn(teamId, userId, input.workflowId, input.workflowRunId, version, input)
        .compose(response -> runs.getRun(teamId, response.runId))
        .map(RunRecord::document);
  }

  // ---- starting and continuing ----

  private Future<InteractiveRunResponse> startRun(String teamId, String userId, String workflowId,
                                                  Integer versionNumber, WorkflowRunInput input) {
    return workflows.getWorkflow(teamId, workflowId)
        .compose(workflow -> workflows.getVersion(teamId, workflowId,
            versionNumber != null ? versionNumber : workflow.activeVersionNumber))
        .compose(version -> createRun(teamId, userId, workflowId, version, input)
            .compose(created -> withLease(teamId, created.runId(),
                lease -> runTurn(teamId, lease, version.hydrated(), true, null, input))));
  }

  private Future<RunRecord> createRun(String teamId, String userId, String workflowId, WorkflowVersion version,
                                      WorkflowRunInput input) {
    WorkflowRun run = new WorkflowRun();
    run.workflowId = workflowId;
    run.versionNumber = version.versionNumber;
    run.versionName = version.versionName;
    run.status = WorkflowStatus.STARTED;
    run.runBy = input.runBy != null ? input.runBy : userId;
    return runs.createRun(teamId, userId, run).onSuccess(created ->
        publisher.statusChanged(teamId, created.runId(), workflowId, null, WorkflowStatus.STARTED, null));
  }

  private Future<InteractiveRunResponse> nextTurn(String teamId, String workflowId, Lease lease,
                                                  WorkflowRunInput input, boolean resuming) {
    requireWorkflow(lease, workflowId);
    WorkflowRun run = lease.run();
    if (run.status == WorkflowStatus.PAUSED && !resuming) {
      throw ServiceException.conflict("run " + lease.record().runId() + " is paused; resume it first");
    }
    RunCheckpoint checkpoint = checkpoint(lease.record());
    if (checkpoint != null && ThreadState.ENDED.equals(checkpoint.mainThread().status)
        && (input.startNodeLogicalId == null || input.startNodeLogicalId.isBlank())
        && (run.workflowConfigFullyHydrated == null
            || !checkpoint.reopenAtLastWaitingNode(run.workflowConfigFullyHydrated))) {
      // Only a fork made after the conversation's last node gets here: refuse the turn rather than fail the run.
      throw ServiceException.conflict("run " + lease.record().runId() + " continues from a checkpoint after which"
          + " the conversation had ended and no node waits for the user; send start_node_logical_id to continue"
          + " at a node");
    }
    if (run.workflowConfigFullyHydrated != null) {
      return runTurn(teamId, lease, run.workflowConfigFullyHydrated, false, checkpoint, input);
    }
    if (lease.record().turnCount() > 0) {
      throw ServiceException.invalid("run " + lease.record().runId() + " has no stored workflow config snapshot");
    }
    // Created, but its first turn never committed: run it on the version pinned at creation.
    return workflows.getVersion(teamId, run.workflowId, run.versionNumber == null ? 0 : run.versionNumber)
        .compose(version -> runTurn(teamId, lease, version.hydrated(), true, checkpoint, input));
  }

  private Future<InteractiveRunResponse> runTurn(String teamId, Lease lease, WorkflowConfigFullyHydrated graph,
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
      return runs.commitTurn(teamId, runId, commit).map(committed -> {
        held.remember(runId, turnIndex + 1, graph, commit.checkpoint());
        if (outcome.error() != null) {
          LOG.warn("Run {} turn {} ended {}: {}", runId, turnIndex, outcome.status().wire(), outcome.error());
        }
        publisher.turnCompleted(teamId, runId, run.workflowId, turnIndex, outcome.status(),
            outcome.terminationSource(), outcome.events());
        publisher.statusChanged(teamId, runId, run.workflowId, run.status, outcome.status(),
            outcome.terminationSource());
        return turnResponse(runId, turnIndex, outcome);
      });
    });
  }

  // ---- commands without a turn ----

  private Future<InteractiveRunResponse> resume(String teamId, String userId, String workflowId, Lease lease,
                                                WorkflowRunInput input) {
    requireWorkflow(lease, workflowId);
    RunCheckpoint checkpoint = checkpoint(lease.record());
    boolean somewhereToGo = checkpoint == null || ThreadState.RUNNING.equals(checkpoint.mainThread().status);
    if (!input.userMessages().isEmpty() || lease.run().status == WorkflowStatus.PAUSED && somewhereToGo) {
      return nextTurn(teamId, workflowId, lease, input, true);
    }
    if (lease.run().status != WorkflowStatus.PAUSED) {
      return release(teamId, lease).map(v -> currentState(lease, checkpoint, List.of()));
    }
    WorkflowStatus restored = checkpoint.status != null && WorkflowStatus.ACTIVE.contains(checkpoint.status)
        ? checkpoint.status : WorkflowStatus.WAITING_FOR_USER_INPUT;
    List<JsonObject> events = restored != WorkflowStatus.WAITING_FOR_USER_INPUT ? List.of()
        : List.of(TurnEvents.workflowEvent(TurnEvents.WORKFLOW_READY_FOR_INPUT, WorkflowRunInput.MAIN_THREAD)
            .put("active_companion_thread_ids", new JsonArray()));
    return changeStatus(teamId, userId, lease, restored, events, checkpoint);
  }

  private Future<InteractiveRunResponse> pause(String teamId, String userId, String workflowId, Lease lease) {
    requireWorkflow(lease, workflowId);
    RunCheckpoint checkpoint = checkpoint(lease.record());
    if (lease.run().status == WorkflowStatus.PAUSED) {
      return release(teamId, lease).map(v -> currentState(lease, checkpoint, List.of()));
    }
    JsonObject paused = TurnEvents.workflowEvent(TurnEvents.PAUSE_EVENT, WorkflowRunInput.MAIN_THREAD)
        .put("paused_by", userId);
    return changeStatus(teamId, userId, lease, WorkflowStatus.PAUSED, List.of(paused), checkpoint);
  }

  private Future<InteractiveRunResponse> stop(String teamId, String userId, String workflowId, Lease lease) {
    requireWorkflow(lease, workflowId);
    JsonObject end = TurnEvents.workflowEvent(TurnEvents.END_WORKFLOW, WorkflowRunInput.MAIN_THREAD)
        .put("reason", "stopped").put("stopped_by", userId);
    return changeStatus(teamId, userId, lease, WorkflowStatus.CANCELLED, List.of(end), null);
  }

  /** A status change by the user (never a termination source: nothing went wrong), then the lease is released. */
  private Future<InteractiveRunResponse> changeStatus(String teamId, String userId, Lease lease,
                                                      WorkflowStatus status, List<JsonObject> events,
                                                      RunCheckpoint checkpoint) {
    String runId = lease.record().runId();
    StatusChange change = new StatusChange(lease.record().revision(), status, null, userId);
    return runs.changeStatus(teamId, runId, change)
        .compose(changed -> release(teamId, lease).map(changed))
        .map(changed -> {
          publisher.statusChanged(teamId, runId, lease.run().workflowId, lease.run().status, status, null);
          return currentState(new Lease(lease.token(), changed), checkpoint, events);
        });
  }

  // ---- the lease ----

  /**
   * Takes the run's turn lease and runs {@code work} under it. Work that fails releases the lease; work that succeeds
   * has committed a turn (which releases it) or released it itself.
   */
  private <T> Future<T> withLease(String teamId, String runId, Function<Lease, Future<T>> work) {
    String token = Ids.randomToken(16);
    HeldRunStates.Held holding = held.of(runId);
    return runs.beginTurn(teamId, runId, HeldRunStates.leaseRequest(holding, token, config.turnLeaseMs()))
        .compose(lease -> underLease(teamId, runId, new Lease(token, held.complete(lease, holding)), work));
  }

  private <T> Future<T> underLease(String teamId, String runId, Lease lease, Function<Lease, Future<T>> work) {
    Future<T> result;
    try {
      result = work.apply(lease);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.recover(failure -> runs.releaseTurn(teamId, runId, lease.token())
        .transform(released -> Future.failedFuture(failure)));
  }

  private Future<Void> release(String teamId, Lease lease) {
    return runs.releaseTurn(teamId, lease.record().runId(), lease.token());
  }

  // ---- helpers ----

  private static void requireWorkflow(Lease lease, String workflowId) {
    if (workflowId != null && !workflowId.equals(lease.run().workflowId)) {
      throw ServiceException.notFound("run " + lease.record().runId() + " not found for workflow " + workflowId);
    }
  }

  private static RunCheckpoint checkpoint(RunRecord record) {
    if (record.lastCheckpoint() == null) {
      return null;
    }
    try {
      return RunCheckpoint.fromJson(record.lastCheckpoint());
    } catch (IllegalArgumentException e) {
      throw new ServiceException(FailureCode.INTERNAL, "run " + record.runId() + " has a checkpoint this engine "
          + "cannot read: " + e.getMessage());
    }
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

  /** The answer for a command that ran no turn: the run as it now stands. */
  private static InteractiveRunResponse currentState(Lease lease, RunCheckpoint checkpoint, List<JsonObject> events) {
    WorkflowStatus status = lease.run().status;
    InteractiveRunResponse response = new InteractiveRunResponse();
    response.runId = lease.record().runId();
    response.turnNumber = lease.record().turnCount();
    response.events = List.copyOf(events);
    response.status = status;
    response.isCompleted = status.isTerminal();
    response.isWaitingForInput = status == WorkflowStatus.WAITING_FOR_USER_INPUT;
    response.nextInputHint = response.isWaitingForInput && checkpoint != null
        ? checkpoint.mainThread().waitingEvent : null;
    return response;
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw ServiceException.invalid(what + " is required");
    }
  }
}
