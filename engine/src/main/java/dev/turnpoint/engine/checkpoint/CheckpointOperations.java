package dev.turnpoint.engine.checkpoint;

import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.CheckpointService;
import dev.turnpoint.service.EngineService;
import dev.turnpoint.service.ForkSpec;
import dev.turnpoint.service.RunEvents;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.WorkflowStore;
import dev.turnpoint.service.checkpoint.CheckpointPreview;
import dev.turnpoint.service.checkpoint.CheckpointRun;
import dev.turnpoint.service.checkpoint.CheckpointRunRequest;
import dev.turnpoint.service.checkpoint.CheckpointWarning;
import dev.turnpoint.service.checkpoint.RunDiff;
import dev.turnpoint.service.checkpoint.RunLineage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@link CheckpointService} on the engine. A fork is planned ({@link ForkPlanner}), stored by the run store, which
 * shares the source's turns instead of copying them, announced, and optionally driven on with the source's later
 * inputs ({@link InputReplay}).
 *
 * <p>Whether this call created the run, or a repeat of an idempotent request found the one made before, shows in
 * the stored run's logical id: every planned run gets a fresh one, and the store answers a repeat with the run it
 * stored the first time. Only the call that created a run announces and replays it, so a repeat (even one racing
 * the first request) never drives a run twice.
 */
public final class CheckpointOperations implements CheckpointService {

  private final RunStore runs;
  private final ForkPlanner planner;
  private final InputReplay replay;
  private final LineageReader lineage;
  private final RunComparison comparison;
  private final EventBus eventBus;

  public CheckpointOperations(WorkflowStore workflows, RunStore runs, EngineService engine, EventBus eventBus) {
    this.runs = runs;
    this.planner = new ForkPlanner(workflows, runs);
    this.replay = new InputReplay(engine);
    this.lineage = new LineageReader(runs);
    this.comparison = new RunComparison(runs);
    this.eventBus = eventBus;
  }

  @Override
  public Future<CheckpointRun> executeCheckpointRun(String teamId, String userId, CheckpointRunRequest request) {
    CheckpointRunRequest checked;
    try {
      checked = ForkPlanner.validated(teamId, request);
    } catch (ServiceException e) {
      return Future.failedFuture(e);
    }
    return planner.plan(teamId, checked, checked.replayInputs())
        .compose(plan -> fork(teamId, userId, plan));
  }

  @Override
  public Future<CheckpointPreview> previewCheckpointRun(String teamId, CheckpointRunRequest request) {
    CheckpointRunRequest checked;
    try {
      checked = ForkPlanner.validated(teamId, request);
    } catch (ServiceException e) {
      return Future.failedFuture(e);
    }
    return planner.plan(teamId, checked, true).map(CheckpointOperations::preview);
  }

  @Override
  public Future<RunLineage> getLineage(String teamId, String runId) {
    return lineage.lineage(teamId, runId);
  }

  @Override
  public Future<RunDiff> diffRuns(String teamId, String runId, String otherRunId) {
    return comparison.diff(teamId, runId, otherRunId);
  }

  private Future<CheckpointRun> fork(String teamId, String userId, ForkPlan plan) {
    List<CheckpointWarning> blocking = plan.blockingWarnings();
    if (!blocking.isEmpty()) {
      return Future.failedFuture(ServiceException.invalid(blocking.stream().map(CheckpointWarning::message)
          .collect(Collectors.joining("; "))));
    }
    CheckpointRunRequest request = plan.request();
    WorkflowRun header = plan.newRun(userId);
    String requestHash = request.idempotencyKey() == null ? null : RequestHash.of(request);
    ForkSpec spec = new ForkSpec(request.sourceRunId(), request.resumeTurnIndex(), header, plan.checkpoint().toJson(),
        request.reason(), request.idempotencyKey(), requestHash);
    return runs.forkRun(teamId, userId, spec).compose(stored -> {
      boolean created = header.logicalId.equals(stored.document().workflowRun.logicalId);
      if (!created) {
        return Future.succeededFuture(new CheckpointRun(stored.document(), stored.turnCount(), false, null));
      }
      announce(teamId, userId, plan, stored);
      if (!request.replayInputs()) {
        return Future.succeededFuture(new CheckpointRun(stored.document(), stored.turnCount(), true, null));
      }
      return replay.replay(teamId, userId, request.workflowId(), stored.runId(), plan.laterTurns(),
              request.resumeTurnIndex())
          .compose(replayed -> runs.getRunHeader(teamId, stored.runId())
              .map(after -> new CheckpointRun(after.document(), after.turnCount(), true, replayed)));
    });
  }

  private void announce(String teamId, String userId, ForkPlan plan, RunRecord stored) {
    String workflowId = plan.request().workflowId();
    eventBus.publish(Addresses.EVENT_STATUS_CHANGED, RunEvents.statusChanged(teamId, stored.runId(), workflowId, null,
        WorkflowStatus.STARTED, null));
    eventBus.publish(Addresses.EVENT_RUN_FORKED, RunEvents.runForked(teamId, stored.runId(),
        plan.request().sourceRunId(), workflowId, plan.resumeTurnIndex(), plan.versionNumber(),
        plan.versionChanged(), plan.request().startNodeLogicalId(), plan.request().reason(), userId));
  }

  private static CheckpointPreview preview(ForkPlan plan) {
    CheckpointRunRequest request = plan.request();
    return new CheckpointPreview(request.workflowId(), request.sourceRunId(), request.resumeTurnIndex(),
        request.resumeTurnIndex() + 1, plan.versionNumber(), plan.versionName(), plan.versionChanged(),
        request.startNodeLogicalId(), plan.checkpoint().dynamicVariables, plan.checkpoint().runtimeVariables,
        plan.threads(), plan.carriedOverTokenUsage(), plan.carriedOverLatencyStats(),
        InputReplay.inputs(plan.laterTurns(), request.resumeTurnIndex()), plan.warnings(),
        plan.blockingWarnings().isEmpty());
  }
}
