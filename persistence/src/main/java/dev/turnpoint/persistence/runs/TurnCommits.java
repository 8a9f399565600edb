package dev.turnpoint.persistence.runs;

import dev.turnpoint.model.Json;
import dev.turnpoint.model.Timestamps;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.CommittedTurn;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.TurnCommit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import static dev.turnpoint.persistence.StoreCalls.require;
import static dev.turnpoint.persistence.StoreCalls.requireText;

/**
 * Committing a turn under its lease. {@link #commitTurn} reads who holds the lease, writes the turn document out,
 * then commits in one conditional update of the run document (lease token and {@code turn_count == turnIndex}) that
 * also stores {@code last_turn} ({@code turn_index}, {@code lease_token}): the turn's pair and checkpoint are written
 * once, into its turn document, and the run document stays small.
 *
 * <p>A turn document whose index is not below {@code turn_count} is not committed, and every read ignores it. The turn
 * document is written with the revision of the lease that wrote it ({@code lease_revision}); a later lease's holder
 * replaces what an earlier one wrote and never committed, and a holder of an earlier lease cannot replace what a
 * later one wrote (see {@link RunTurns#writeTurn}), so a committed turn is never overwritten. If the process dies
 * after the turn document was written but before the commit, the turn was never answered, and the next holder writes
 * its own. Retrying a commit that already went through answers the run's state instead of CONFLICT.
 */
final class TurnCommits {

  /** What a commit answers ({@link CommittedTurn}): the committer holds everything else. */
  private static final JsonObject COMMIT_ANSWER = new JsonObject()
      .put(StoredRun.REVISION, 1).put(StoredRun.TURN_COUNT, 1).put(StoredRun.WORKFLOW_RUN + ".status", 1);
  /** What tells a retried commit that went through: which lease committed the latest turn, and the answer. */
  private static final JsonObject RETRY_CHECK = COMMIT_ANSWER.copy().put(StoredRun.LAST_TURN, 1);
  /** What a commit checks before it writes the turn out: who holds the lease, the turn count, the revision. */
  private static final JsonObject LEASE_CHECK = new JsonObject()
      .put(StoredRun.LEASE, 1).put(StoredRun.TURN_COUNT, 1).put(StoredRun.REVISION, 1);

  private final RunReads reads;
  private final RunTurns turns;

  TurnCommits(RunReads reads, RunTurns turns) {
    this.reads = reads;
    this.turns = turns;
  }

  Future<CommittedTurn> commitTurn(String teamId, String runId, TurnCommit commit) {
    require(commit, "turn commit");
    requireText(commit.leaseToken(), "lease token");
    require(commit.pair(), "turn pair");
    require(commit.checkpoint(), "checkpoint");
    require(commit.status(), "status");
    if (commit.turnIndex() < 0) {
      throw ServiceException.invalid("turn index must not be negative");
    }
    JsonObject pair = Json.toJson(commit.pair());
    return reads.load(teamId, runId, LEASE_CHECK).compose(run -> {
      if (!commit.leaseToken().equals(run.leaseToken()) || run.turnCount() != commit.turnIndex()) {
        return committedBefore(teamId, runId, commit);
      }
      return turns.writeTurn(teamId, runId, commit.turnIndex(), run.revision(), pair, commit.checkpoint())
          .compose(written -> written
              ? commitRun(teamId, runId, commit)
              : committedBefore(teamId, runId, commit));
    });
  }

  /** The commit point: the run takes the turn (written out already) if the lease and the turn index still hold. */
  private Future<CommittedTurn> commitRun(String teamId, String runId, TurnCommit commit) {
    JsonObject set = new JsonObject()
        .put("workflow_run.status", commit.status().wire())
        .put("workflow_run.termination_source", commit.terminationSource())
        .put("workflow_run.llm_token_usage", jsonOrNull(commit.llmTokenUsage()))
        .put("workflow_run.llm_latency_stats", jsonOrNull(commit.llmLatencyStats()))
        .put(StoredRun.LAST_TURN, new JsonObject()
            .put("turn_index", commit.turnIndex())
            .put("lease_token", commit.leaseToken()))
        .put("updated_at", Timestamps.now());
    if (commit.configSnapshot() != null) {
      set.put("workflow_run.workflow_config_fully_hydrated", Json.toJson(commit.configSnapshot()))
          .put("workflow_run.version_number", commit.versionNumber())
          .put("workflow_run.version_name", commit.versionName());
    }
    JsonObject update = new JsonObject()
        .put("$set", set)
        .put("$inc", new JsonObject().put(StoredRun.REVISION, 1).put(StoredRun.TURN_COUNT, 1))
        .put("$unset", new JsonObject().put(StoredRun.LEASE, "").put(StoredRun.LAST_CHECKPOINT, ""));
    JsonObject filter = StoredRun.byId(teamId, runId)
        .put(StoredRun.LEASE + ".token", commit.leaseToken())
        .put(StoredRun.TURN_COUNT, commit.turnIndex());
    return reads.updateAndReturn(filter, update, COMMIT_ANSWER)
        .compose(doc -> doc != null
            ? Future.succeededFuture(answer(new StoredRun(doc)))
            : committedBefore(teamId, runId, commit));
  }

  /**
   * A commit whose conditional update matched nothing: the retry of a commit that went through (answered as it was),
   * or a lease that is no longer held (CONFLICT).
   */
  private Future<CommittedTurn> committedBefore(String teamId, String runId, TurnCommit commit) {
    return reads.load(teamId, runId, RETRY_CHECK).compose(run -> {
      JsonObject last = run.lastTurn();
      boolean retried = last != null && last.getInteger("turn_index") == commit.turnIndex()
          && commit.leaseToken().equals(last.getString("lease_token"));
      return retried
          ? Future.succeededFuture(answer(run))
          : Future.failedFuture(ServiceException.conflict("turn " + commit.turnIndex() + " of run " + runId
              + " cannot be committed: the lease is no longer held or the turn index is not next"));
    });
  }

  private static CommittedTurn answer(StoredRun run) {
    return new CommittedTurn(run.revision(), run.turnCount(), WorkflowStatus.fromWire(run.status()));
  }

  private static JsonObject jsonOrNull(Object value) {
    return value == null ? null : Json.toJson(value);
  }
}
