package dev.turnpoint.engine;

import dev.turnpoint.engine.evaluation.RunEvaluations;
import dev.turnpoint.model.Timestamps;
import dev.turnpoint.model.run.TerminationSource;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.StatusChange;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * Fails runs stuck in an active state ({@code started}, {@code running}, {@code waiting_for_user_input}) with no
 * update for {@code stale_run_after_ms}: status {@code failed}, {@code termination_source} {@code stale_run_reaper}.
 * Paused runs and runs in the middle of a turn are never touched, and every change is checked against the run's
 * revision, so a run that moved on meanwhile is left alone.
 *
 * <p>A run's age is measured on the reaper's {@link Clock} (the system clock unless one is given), so tests move time
 * forward instead of waiting for a run to go stale.
 */
final class StaleRunReaper {

  private static final Logger LOG = LoggerFactory.getLogger(StaleRunReaper.class);
  static final String REAPER_USER = "stale_run_reaper";

  private final Vertx vertx;
  private final RunStore runs;
  private final EngineConfig config;
  private final RunEventPublisher publisher;
  private final RunEvaluations evaluations;
  private final Clock clock;
  private long timerId = -1;
  private boolean sweeping;

  StaleRunReaper(Vertx vertx, RunStore runs, EngineConfig config, RunEventPublisher publisher,
                 RunEvaluations evaluations) {
    this(vertx, runs, config, publisher, evaluations, Clock.systemUTC());
  }

  StaleRunReaper(Vertx vertx, RunStore runs, EngineConfig config, RunEventPublisher publisher,
                 RunEvaluations evaluations, Clock clock) {
    this.vertx = vertx;
    this.runs = runs;
    this.config = config;
    this.publisher = publisher;
    this.evaluations = evaluations;
    this.clock = clock;
  }

  void start() {
    if (config.reaperIntervalMs() > 0) {
      timerId = vertx.setPeriodic(config.reaperIntervalMs(), id -> sweep());
    }
  }

  void stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  /** One sweep; answers how many runs it failed. Overlapping sweeps are skipped. */
  Future<Integer> sweep() {
    if (sweeping) {
      return Future.succeededFuture(0);
    }
    sweeping = true;
    String before = Timestamps.format(clock.instant().minusMillis(config.staleRunAfterMs()));
    return runs.findStaleRuns(before, config.reaperBatchSize())
        .compose(this::reapAll)
        .onSuccess(reaped -> {
          if (reaped > 0) {
            LOG.info("Failed {} stale run(s) not updated since {}", reaped, before);
          }
        })
        .onFailure(failure -> LOG.warn("Stale-run sweep failed: {}", failure.getMessage()))
        .andThen(done -> sweeping = false);
  }

  private Future<Integer> reapAll(List<RunRecord> stale) {
    Future<Integer> count = Future.succeededFuture(0);
    for (RunRecord run : stale) {
      count = count.compose(reaped -> reap(run).map(done -> done ? reaped + 1 : reaped));
    }
    return count;
  }

  private Future<Boolean> reap(RunRecord run) {
    WorkflowStatus old = run.document().workflowRun.status;
    if (!WorkflowStatus.ACTIVE.contains(old)) {
      return Future.succeededFuture(false);
    }
    StatusChange change = new StatusChange(run.revision(), WorkflowStatus.FAILED,
        TerminationSource.STALE_RUN_REAPER, REAPER_USER);
    return runs.changeStatus(run.teamId(), run.runId(), change)
        .compose(changed -> {
          publisher.statusChanged(run.teamId(), run.runId(), run.document().workflowRun.workflowId, old,
              WorkflowStatus.FAILED, TerminationSource.STALE_RUN_REAPER);
          return evaluations.runEnded(run.teamId(), run.runId(), changed.document().workflowRun).map(true);
        })
        .recover(failure -> {
          if (ServiceException.from(failure).code() != FailureCode.CONFLICT) {
            LOG.warn("Could not fail stale run {}: {}", run.runId(), failure.getMessage());
          }
          return Future.succeededFuture(false);
        });
  }
}
