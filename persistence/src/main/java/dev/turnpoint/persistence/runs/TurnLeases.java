package dev.turnpoint.persistence.runs;

import dev.turnpoint.model.Timestamps;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.persistence.MongoCollections;
import dev.turnpoint.service.HeldLease;
import dev.turnpoint.service.LeaseRequest;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.TurnLease;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Clock;
import java.util.List;

import static dev.turnpoint.persistence.StoreCalls.require;
import static dev.turnpoint.persistence.StoreCalls.requireText;

/**
 * Taking and releasing a run's turn lease. {@link #beginTurn} takes it in one conditional update of the run document
 * (no unexpired lease held, the run not in a terminal state) that also increments the revision, so every lease of a
 * run has its own revision and later leases have higher ones. A lease expires at {@code expires_at}, epoch
 * milliseconds of the store's clock, which tests move instead of waiting; {@link #renewLeases} moves it on for a
 * holder that is still at work.
 *
 * <p>The answer leaves out the workflow snapshot and latest checkpoint when the caller holds them after as many turns
 * as the run has; when it holds an older state, they are read back with a second read (the lease's update cannot
 * decide its own projection).
 */
final class TurnLeases {

  /** The longest lease a turn may take: a day, far beyond any turn, and far from overflowing the expiry. */
  static final long MAX_LEASE_MILLIS = 24L * 60 * 60 * 1000;
  /** A lease's answer to a caller that holds the snapshot and the latest checkpoint: neither. */
  private static final JsonObject LEASE_ANSWER_WHEN_HELD = new JsonObject()
      .put(StoredRun.LAST_CHECKPOINT, 0).put(StoredRun.CONFIG_SNAPSHOT, 0);
  /** What a lease answer leaves out for a caller that turns out to hold an older checkpoint. */
  private static final JsonObject SNAPSHOT_AND_CHECKPOINT = new JsonObject()
      .put(StoredRun.CONFIG_SNAPSHOT, 1).put(StoredRun.LAST_CHECKPOINT, 1);
  private static final JsonArray TERMINAL_STATUSES = RunListQueries.statuses(WorkflowStatus.TERMINAL);

  private final MongoClient mongo;
  private final RunReads reads;
  private final Clock clock;

  TurnLeases(MongoClient mongo, RunReads reads, Clock clock) {
    this.mongo = mongo;
    this.reads = reads;
    this.clock = clock;
  }

  Future<TurnLease> beginTurn(String teamId, String runId, LeaseRequest lease) {
    require(lease, "lease");
    requireText(lease.token(), "lease token");
    requireDuration(lease.durationMillis());
    if (lease.heldTurnCount() < 0) {
      throw ServiceException.invalid("a held turn count must not be negative");
    }
    long now = clock.millis();
    JsonObject filter = StoredRun.byId(teamId, runId)
        .put("workflow_run.status", new JsonObject().put("$nin", TERMINAL_STATUSES))
        .put("$or", StoredRun.leaseFree(now));
    JsonObject update = new JsonObject()
        .put("$set", new JsonObject()
            .put(StoredRun.LEASE, new JsonObject()
                .put("token", lease.token())
                .put("expires_at", now + lease.durationMillis()))
            .put("updated_at", Timestamps.now()))
        .put("$inc", new JsonObject().put(StoredRun.REVISION, 1));
    boolean holding = lease.heldTurnCount() > 0;
    return reads.updateAndReturn(filter, update, holding ? LEASE_ANSWER_WHEN_HELD : null)
        .compose(doc -> doc != null
            ? Future.succeededFuture(new StoredRun(doc))
            : reads.load(teamId, runId, RunReads.STATUS_ONLY).compose(run -> Future.failedFuture(
                WorkflowStatus.fromWire(run.status()).isTerminal()
                    ? ServiceException.conflict("run " + runId + " is " + run.status() + " and takes no more turns")
                    : ServiceException.conflict("run " + runId + " is busy with another turn"))))
        .compose(run -> {
          if (!holding) {
            return reads.withLatestCheckpoint(run).map(whole -> new TurnLease(reads.record(whole), false));
          }
          if (run.turnCount() == lease.heldTurnCount()) {
            return Future.succeededFuture(new TurnLease(reads.record(run), true));
          }
          return reads.load(teamId, runId, SNAPSHOT_AND_CHECKPOINT).map(run::withSnapshotAndCheckpointOf)
              .compose(reads::withLatestCheckpoint)
              .map(whole -> new TurnLease(reads.record(whole), false));
        });
  }

  /**
   * One conditional update of every run that one of {@code leases} still holds: the filter lists the runs' ids, which
   * the {@code _id} index finds, and each run with its own token. Neither the revision nor {@code updated_at} moves:
   * a renewal is no change of the run, so no revision check anywhere fails because of one.
   */
  Future<Integer> renewLeases(List<HeldLease> leases, long durationMillis) {
    require(leases, "leases");
    requireDuration(durationMillis);
    if (leases.size() > RunStore.MAX_RENEWED_LEASES) {
      throw ServiceException.invalid("at most " + RunStore.MAX_RENEWED_LEASES + " leases are renewed at once");
    }
    if (leases.isEmpty()) {
      return Future.succeededFuture(0);
    }
    JsonArray ids = new JsonArray();
    JsonArray held = new JsonArray();
    for (HeldLease lease : leases) {
      require(lease, "lease");
      ids.add(requireText(lease.runId(), "run id"));
      held.add(new JsonObject().put(StoredRun.ID, lease.runId())
          .put(StoredRun.LEASE + ".token", requireText(lease.token(), "lease token")));
    }
    JsonObject filter = new JsonObject()
        .put(StoredRun.ID, new JsonObject().put("$in", ids))
        .put("$or", held);
    JsonObject update = new JsonObject().put("$set", new JsonObject()
        .put(StoredRun.LEASE + ".expires_at", clock.millis() + durationMillis));
    return mongo.updateCollectionWithOptions(MongoCollections.WORKFLOW_RUNS, filter, update,
            new UpdateOptions().setMulti(true))
        .map(result -> (int) result.getDocMatched());
  }

  /**
   * Releases every lease in the store, held or expired, as {@link #releaseTurn} would. Only for a store no other
   * process can use, when no turn of this process has begun: see {@link MongoRunStore#releaseLeftoverLeases()}.
   */
  Future<Long> releaseAll() {
    // A run that never took a lease holds lease: null, which $exists would match and the release change.
    JsonObject filter = new JsonObject().put(StoredRun.LEASE, new JsonObject().put("$ne", null));
    return mongo.updateCollectionWithOptions(MongoCollections.WORKFLOW_RUNS, filter, release(),
            new UpdateOptions().setMulti(true))
        .map(result -> result.getDocMatched());
  }

  private static void requireDuration(long durationMillis) {
    if (durationMillis <= 0 || durationMillis > MAX_LEASE_MILLIS) {
      throw ServiceException.invalid("lease duration must be between 1 and " + MAX_LEASE_MILLIS + " ms");
    }
  }

  Future<Void> releaseTurn(String teamId, String runId, String leaseToken) {
    requireText(leaseToken, "lease token");
    JsonObject filter = StoredRun.byId(teamId, runId).put(StoredRun.LEASE + ".token", leaseToken);
    return mongo.updateCollection(MongoCollections.WORKFLOW_RUNS, filter, release())
        .compose(result -> result.getDocMatched() > 0
            ? Future.succeededFuture()
            : reads.load(teamId, runId, RunReads.STATUS_ONLY).mapEmpty());
  }

  /** The update that releases a run's lease: a change of the run, so it takes a new revision. */
  private static JsonObject release() {
    return new JsonObject()
        .put("$unset", new JsonObject().put(StoredRun.LEASE, ""))
        .put("$set", new JsonObject().put("updated_at", Timestamps.now()))
        .put("$inc", new JsonObject().put(StoredRun.REVISION, 1));
  }
}
