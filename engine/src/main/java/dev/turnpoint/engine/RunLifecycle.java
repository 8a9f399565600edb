package dev.turnpoint.engine;

import dev.turnpoint.engine.evaluation.RunEvaluations;
import dev.turnpoint.engine.turn.TurnExecutor;
import dev.turnpoint.model.Ids;
import dev.turnpoint.model.run.InteractiveRunResponse;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowVersion;
import dev.turnpoint.service.EngineService;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Future;

/**
 * The run lifecycle behind {@link EngineService}: creates runs, serializes their turns with the run store's lease
 * ({@link RunLeases}), executes and commits them ({@link TurnCommitter}) and answers only once the turn is
 * committed. A run that ends is evaluated when its workflow asks for it ({@link RunEvaluations}).
 *
 * <p>Commands:
 * <ul>
 *   <li>{@code start}/{@code data}: without a run id a new run starts on the requested or active version (the run is
 *       created {@code started}, the version's graph is the run's snapshot from then on); with a run id the next
 *       turn runs on the run's stored snapshot, never the live version.</li>
 *   <li>{@code pause}, {@code resume} and {@code stop}: see {@link RunCommands}.</li>
 * </ul>
 * Every command on an existing run takes the turn lease, so none races a turn. A run that is mid-turn, or in a
 * terminal state, answers CONFLICT. If anything fails before a turn is committed, the lease is released.
 */
final class RunLifecycle implements EngineService {

  /** How many runs' snapshot and latest checkpoint the engine keeps at hand (a few MB). */
  private static final int HELD_RUNS = 512;

  private final WorkflowStore workflows;
  private final RunStore runs;
  private final RunEventPublisher publisher;
  private final RunLeases leases;
  private final TurnCommitter turns;
  private final RunCommands commands;
  private final RunEvaluations evaluations;

  RunLifecycle(EngineConfig config, WorkflowStore workflows, RunStore runs, TurnExecutor executor,
               RunEventPublisher publisher, LeaseRenewal renewal) {
    this.workflows = workflows;
    this.runs = runs;
    this.publisher = publisher;
    HeldRunStates held = new HeldRunStates(HELD_RUNS);
    this.leases = new RunLeases(runs, config.turnLeaseMs(), held, renewal);
    // The evaluations drive their runs through this service, like any caller; they start only after a turn.
    this.evaluations = new RunEvaluations(workflows, runs, this, config.maxConcurrentEvaluations(),
        config.maxWaitingEvaluations());
    this.turns = new TurnCommitter(workflows, runs, executor, publisher, held, evaluations);
    this.commands = new RunCommands(runs, leases, turns, publisher, evaluations);
  }

  /** Where runs that end outside a turn or command (the stale-run reaper) report it, to be evaluated. */
  RunEvaluations evaluations() {
    return evaluations;
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
        case START, DATA -> leases.withLease(teamId, runId,
            lease -> turns.nextTurn(teamId, workflowId, lease, input, false));
        case RESUME -> leases.withLease(teamId, runId,
            lease -> commands.resume(teamId, userId, workflowId, lease, input));
        case PAUSE -> leases.withLease(teamId, runId, lease -> commands.pause(teamId, userId, workflowId, lease));
        case STOP -> leases.withLease(teamId, runId, lease -> commands.stop(teamId, userId, workflowId, lease));
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

  private Future<InteractiveRunResponse> startRun(String teamId, String userId, String workflowId,
                                                  Integer versionNumber, WorkflowRunInput input) {
    return workflows.getWorkflow(teamId, workflowId)
        .compose(workflow -> workflows.getVersion(teamId, workflowId,
            versionNumber != null ? versionNumber : workflow.activeVersionNumber))
        .compose(version -> createRun(teamId, userId, workflowId, version, input)
            .compose(created -> leases.withLease(teamId, created.runId(),
                lease -> turns.firstTurn(teamId, lease, version.hydrated(), input))));
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

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw ServiceException.invalid(what + " is required");
    }
  }
}
