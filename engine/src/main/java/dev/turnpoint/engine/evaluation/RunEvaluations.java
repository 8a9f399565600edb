package dev.turnpoint.engine.evaluation;

import dev.turnpoint.model.Json;
import dev.turnpoint.model.run.EvaluationResult;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.TerminationSource;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowConfig.EvaluationConfig;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.model.workflow.WorkflowVersion;
import dev.turnpoint.service.EngineService;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.StatusChange;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluation runs (spec §5): when a run of a workflow whose snapshot has
 * {@code workflow_config.evaluation_config.evaluator_workflow_id} ends, a run of the evaluator workflow (its
 * {@code evaluator_workflow_version_number}, or its active version) evaluates it; with
 * {@code enable_turn_by_turn_evaluation}, one more evaluates each of its turns as it is committed.
 *
 * <p>An evaluation run has {@code is_evaluation_run} and {@code source_workflow_run_id} set, and is given the
 * evaluated run's id as its dynamic variable {@value #EVALUATED_RUN_VARIABLE} (so a {@code workflow_run_fetch} with its
 * default {@code {{workflow_run_id}}} loads the evaluated run) and, for a turn, the turn's index as
 * {@value #EVALUATED_TURN_VARIABLE} (also in its {@code miscellaneous}). It is recorded before it runs: the run is
 * created and, for the whole run, named in the evaluated run's {@code evaluation_run_info} before the evaluated
 * run's last turn is answered. It is then driven in the background, a bounded number at a time
 * ({@link EvaluationQueue}): its first turn runs, and should it wait for a user message, it is stopped, since no user
 * takes part. A turn's evaluation result goes into that turn's pair as {@code evaluation} once its run has ended.
 *
 * <p>An evaluation run is never evaluated itself, so an evaluator evaluating its own workflow ends there. Whatever
 * happens to an evaluation run (its workflow fails, it cannot start, the queue is full) leaves the evaluated run as it
 * is: an evaluation that could not run is marked {@code failed} with {@code termination_source} {@code
 * execution_error}. One the process dies before driving stays {@code started} until the stale-run reaper fails it.
 * A run that ends before its first turn committed has no snapshot, hence nothing to evaluate.
 */
public final class RunEvaluations {

  /** The dynamic variable holding the evaluated run's id. */
  public static final String EVALUATED_RUN_VARIABLE = "workflow_run_id";
  /** The dynamic variable holding the evaluated turn's index (0-based), for a turn's evaluation. */
  public static final String EVALUATED_TURN_VARIABLE = "evaluated_turn_index";

  private static final Logger LOG = LoggerFactory.getLogger(RunEvaluations.class);

  private final WorkflowStore workflows;
  private final RunStore runs;
  private final EngineService engine;
  private final EvaluationQueue queue;

  /**
   * @param engine        runs the evaluation runs' turns
   * @param maxConcurrent evaluation runs driven at once
   * @param maxWaiting    evaluation runs waiting to be driven, beyond which a new one fails at once
   */
  public RunEvaluations(WorkflowStore workflows, RunStore runs, EngineService engine, int maxConcurrent,
                        int maxWaiting) {
    this.workflows = workflows;
    this.runs = runs;
    this.engine = engine;
    this.queue = new EvaluationQueue(maxConcurrent, maxWaiting);
  }

  /**
   * After turn {@code turnIndex} of {@code run} (its header as the turn began) committed on {@code graph}, ending
   * {@code status}: records the evaluations it is due. Never fails.
   */
  public Future<Void> turnCommitted(String teamId, String runId, WorkflowRun run, WorkflowConfigFullyHydrated graph,
                                    int turnIndex, WorkflowStatus status) {
    EvaluationConfig config = evaluatorOf(run, graph);
    if (config == null) {
      return Future.succeededFuture();
    }
    Future<Void> turn = config.enableTurnByTurnEvaluation
        ? start(teamId, runId, run.runBy, config, turnIndex) : Future.succeededFuture();
    return turn.compose(v -> status.isTerminal() && run.evaluationRunInfo == null
        ? start(teamId, runId, run.runBy, config, null) : Future.succeededFuture());
  }

  /** After {@code run} ended without a turn (stopped, or failed by the reaper): records its evaluation. */
  public Future<Void> runEnded(String teamId, String runId, WorkflowRun run) {
    EvaluationConfig config = evaluatorOf(run, run.workflowConfigFullyHydrated);
    if (config == null || run.evaluationRunInfo != null || run.status == null || !run.status.isTerminal()) {
      return Future.succeededFuture();
    }
    return start(teamId, runId, run.runBy, config, null);
  }

  private static EvaluationConfig evaluatorOf(WorkflowRun run, WorkflowConfigFullyHydrated graph) {
    if (run.isEvaluationRun || graph == null || graph.workflowConfig == null) {
      return null;
    }
    EvaluationConfig config = graph.workflowConfig.evaluationConfig;
    return config == null || config.evaluatorWorkflowId == null || config.evaluatorWorkflowId.isBlank()
        ? null : config;
  }

  /** Creates the evaluation run (and links it, for the whole run), then queues it; failures are logged. */
  private Future<Void> start(String teamId, String sourceRunId, String runBy, EvaluationConfig config,
                             Integer turnIndex) {
    String evaluatorId = config.evaluatorWorkflowId;
    return workflows.getWorkflow(teamId, evaluatorId)
        .compose(workflow -> workflows.getVersion(teamId, evaluatorId,
            config.evaluatorWorkflowVersionNumber != null ? config.evaluatorWorkflowVersionNumber
                : workflow.activeVersionNumber))
        .compose(version -> runs.createRun(teamId, runBy, evaluationRun(sourceRunId, runBy, version, turnIndex)))
        .compose(created -> turnIndex != null ? Future.succeededFuture(created)
            : runs.linkEvaluation(teamId, sourceRunId, created.runId()).map(created)
                .recover(failure -> discard(teamId, created, failure)))
        .compose(created -> {
          EvaluationTarget target = new EvaluationTarget(teamId, created.runId(), sourceRunId, runBy, turnIndex);
          return queue.offer(() -> drive(target)) ? Future.<Void>succeededFuture()
              : markFailed(target, "more than the most evaluation runs allowed were waiting");
        })
        .recover(failure -> {
          LOG.warn("Run {} could not be evaluated by workflow {}: {}", sourceRunId, evaluatorId,
              failure.getMessage());
          return Future.succeededFuture();
        });
  }

  private static WorkflowRun evaluationRun(String sourceRunId, String runBy, WorkflowVersion version,
                                           Integer turnIndex) {
    WorkflowRun run = new WorkflowRun();
    run.workflowId = version.workflowId;
    run.versionNumber = version.versionNumber;
    run.versionName = version.versionName;
    run.status = WorkflowStatus.STARTED;
    run.runBy = runBy;
    run.isEvaluationRun = true;
    run.sourceWorkflowRunId = sourceRunId;
    if (turnIndex != null) {
      run.miscellaneous = new JsonObject().put(EVALUATED_TURN_VARIABLE, turnIndex);
    }
    return run;
  }

  /** Another evaluation run was linked first (the run's end was reported twice): this one is dropped. */
  private Future<RunRecord> discard(String teamId, RunRecord created, Throwable failure) {
    if (ServiceException.from(failure).code() != FailureCode.CONFLICT) {
      return Future.failedFuture(failure);
    }
    return runs.deleteRun(teamId, created.runId()).compose(v -> Future.failedFuture(failure));
  }

  /** Runs the evaluation run to its end, then files a turn's result; never fails. */
  private Future<Void> drive(EvaluationTarget target) {
    WorkflowRunInput input = WorkflowRunInput.of(RunCommand.START);
    input.runBy = target.runBy();
    input.dynamicVariables.put(EVALUATED_RUN_VARIABLE, target.sourceRunId());
    if (target.turnIndex() != null) {
      input.dynamicVariables.put(EVALUATED_TURN_VARIABLE, target.turnIndex());
    }
    return engine.executeTurn(target.teamId(), target.runBy(), null, target.runId(), null, input)
        .compose(answer -> answer.isCompleted ? Future.<Void>succeededFuture()
            : engine.executeTurn(target.teamId(), target.runBy(), null, target.runId(), null,
                WorkflowRunInput.of(RunCommand.STOP)).<Void>mapEmpty())
        .recover(failure -> markFailed(target, failure.getMessage()))
        .compose(v -> target.turnIndex() == null ? Future.<Void>succeededFuture() : fileTurnResult(target))
        .recover(failure -> {
          LOG.warn("Evaluation run {} of run {} did not complete: {}", target.runId(), target.sourceRunId(),
              failure.getMessage());
          return Future.succeededFuture();
        });
  }

  private Future<Void> fileTurnResult(EvaluationTarget target) {
    return runs.getRun(target.teamId(), target.runId()).compose(record -> {
      EvaluationResult result = EvaluationResult.of(record.runId(), record.document().workflowRun,
          record.lastCheckpoint(), record.document().updatedAt);
      return runs.recordTurnEvaluation(target.teamId(), target.sourceRunId(), target.turnIndex(),
          Json.toJson(result));
    });
  }

  /** Fails an evaluation run that could not run to its end, unless it ended meanwhile. */
  private Future<Void> markFailed(EvaluationTarget target, String reason) {
    LOG.warn("Evaluation run {} of run {} failed: {}", target.runId(), target.sourceRunId(), reason);
    return runs.getRunHeader(target.teamId(), target.runId()).compose(record -> {
      WorkflowStatus status = record.document().workflowRun.status;
      if (status != null && status.isTerminal()) {
        return Future.<Void>succeededFuture();
      }
      StatusChange change = new StatusChange(record.revision(), WorkflowStatus.FAILED,
          TerminationSource.EXECUTION_ERROR, null);
      return runs.changeStatus(target.teamId(), target.runId(), change).<Void>mapEmpty();
    });
  }

  /** One evaluation run to drive: which run it is, what it evaluates (a turn of it, or all of it) and for whom. */
  private record EvaluationTarget(String teamId, String runId, String sourceRunId, String runBy, Integer turnIndex) {
  }
}
