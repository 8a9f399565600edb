package dev.turnpoint.persistence.runs;

import dev.turnpoint.model.Timestamps;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.persistence.MongoCollections;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import static dev.turnpoint.persistence.StoreCalls.requireText;

/**
 * Taking and releasing a run's turn lease. {@link #beginTurn} takes it in one conditional update of the run document
 * (no unexpired lease held, the run not in a terminal state) that also increments the revision, so every lease of a
 * run has its own revision and later leases have higher ones.
 *
 * <p>Runs committed by earlier versions held the latest turn's pair in {@code last_turn} and wrote its turn document
 * only after the commit. For those, {@link #beginTurn} still writes a turn document a crash left missing, reading it
 * from {@code last_turn}, and reads take the latest turn from there until it has.
 */
final class TurnLeases {

  /** The longest lease a turn may take: a day, far beyond any turn, and far from overflowing the expiry. */
  static final long MAX_LEASE_MILLIS = 24L * 60 * 60 * 1000;
  /** A lease answers the latest turn without its pair: the pair is read only when its turn document is missing. */
  private static final JsonObject WITHOUT_LAST_TURN_PAIR = new JsonObject().put(StoredRun.LAST_TURN + ".pair", 0);
  /** A lease's answer to a caller that holds the snapshot and the latest checkpoint: neither. */
  private static final JsonObject LEASE_ANSWER_WHEN_HELD = new JsonObject()
      .put(StoredRun.LAST_TURN + ".pair", 0).put(StoredRun.LAST_CHECKPOINT, 0).put(StoredRun.CONFIG_SNAPSHOT, 0);
  /** What a lease answer leaves out for a caller that turns out to hold an older checkpoint. */
  private static final JsonObject SNAPSHOT_AND_CHECKPOINT = new JsonObject()
      .put(StoredRun.CONFIG_SNAPSHOT, 1).put(StoredRun.LAST_CHECKPOINT, 1);
  /** What writing out the latest turn needs, read in one document so the turn and its checkpoint belong together. */
  private static final JsonObject LAST_TURN_ONLY = new JsonObject()
      .put(StoredRun.TEAM_ID, 1).put(StoredRun.LAST_TURN, 1).put(StoredRun.LAST_CHECKPOINT, 1);
  private static final JsonArray TERMINAL_STATUSES = RunListQueries.statuses(WorkflowStatus.TERMINAL);

  private final MongoClient mongo;
  private final RunReads reads;
  private final RunTurns turns;

  TurnLeases(MongoClient mongo, RunReads reads, RunTurns turns) {
    this.mongo = mongo;
    this.reads = reads;
    this.turns = turns;
  }

  Future<RunRecord> beginTurn(String teamId, String runId, String leaseToken, long leaseMillis, int heldTurnCount) {
    requireText(leaseToken, "lease token");
    if (leaseMillis <= 0 || leaseMillis > MAX_LEASE_MILLIS) {
      throw ServiceException.invalid("lease duration must be between 1 and " + MAX_LEASE_MILLIS + " ms");
    }
    long now = System.currentTimeMillis();
    JsonObject filter = StoredRun.byId(teamId, runId)
        .put("workflow_run.status", new JsonObject().put("$nin", TERMINAL_STATUSES))
        .put("$or", StoredRun.leaseFree(now));
    JsonObject update = new JsonObject()
        .put("$set", new JsonObject()
            .put(StoredRun.LEASE, new JsonObject().put("token", leaseToken).put("expires_at", now + leaseMillis))
            .put("updated_at", Timestamps.now()))
        .put("$inc", new JsonObject().put(StoredRun.REVISION, 1));
    boolean holding = heldTurnCount > 0;
    return reads.updateAndReturn(filter, update, holding ? LEASE_ANSWER_WHEN_HELD : WITHOUT_LAST_TURN_PAIR)
        .compose(doc -> doc != null
            ? Future.succeededFuture(new StoredRun(doc))
            : reads.load(teamId, runId, RunReads.WITHOUT_LAST_TURN).compose(run -> Future.failedFuture(
                WorkflowStatus.fromWire(run.status()).isTerminal()
                    ? ServiceException.conflict("run " + runId + " is " + run.status() + " and takes no more turns")
                    : ServiceException.conflict("run " + runId + " is busy with another turn"))))
        .compose(run -> {
          if (!holding) {
            return reads.withLatestCheckpoint(run);
          }
          return run.turnCount() == heldTurnCount
              ? Future.succeededFuture(run)
              : reads.load(teamId, runId, SNAPSHOT_AND_CHECKPOINT).map(run::withSnapshotAndCheckpointOf)
                  .compose(reads::withLatestCheckpoint);
        })
        .compose(run -> materializeLastTurnIfMissing(run)
            .transform(done -> done.succeeded()
                ? Future.succeededFuture(run.toRecord(null))
                : releaseTurn(teamId, runId, leaseToken)
                    .transform(released -> Future.failedFuture(done.cause()))));
  }

  Future<Void> releaseTurn(String teamId, String runId, String leaseToken) {
    requireText(leaseToken, "lease token");
    JsonObject filter = StoredRun.byId(teamId, runId).put(StoredRun.LEASE + ".token", leaseToken);
    JsonObject update = new JsonObject()
        .put("$unset", new JsonObject().put(StoredRun.LEASE, ""))
        .put("$set", new JsonObject().put("updated_at", Timestamps.now()))
        .put("$inc", new JsonObject().put(StoredRun.REVISION, 1));
    return mongo.updateCollection(MongoCollections.WORKFLOW_RUNS, filter, update)
        .compose(result -> result.getDocMatched() > 0
            ? Future.succeededFuture()
            : reads.load(teamId, runId, RunReads.WITHOUT_LAST_TURN).mapEmpty());
  }

  /**
   * Writes out the leased run's latest turn if a crash left it only in the run document, which only a turn committed
   * the old way can be (see {@link StoredRun#lastTurnMayBeUnwritten}). An id lookup tells; when it is missing, the
   * turn is read back together with the checkpoint committed with it, in one document read, so what is written is
   * always a committed turn with its own checkpoint (the lease keeps {@code last_turn} from moving meanwhile), and a
   * concurrent writer of it writes the same.
   */
  private Future<Void> materializeLastTurnIfMissing(StoredRun leased) {
    if (!leased.lastTurnMayBeUnwritten()) {
      return Future.succeededFuture();
    }
    JsonObject last = leased.lastTurn();
    return turns.isWritten(leased.id(), last.getInteger("turn_index"))
        .compose(written -> written
            ? Future.succeededFuture()
            : reads.load(leased.teamId(), leased.id(), LAST_TURN_ONLY).compose(turns::materializeLastTurn));
  }
}
