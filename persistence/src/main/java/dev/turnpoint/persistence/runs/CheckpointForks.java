package dev.turnpoint.persistence.runs;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.Timestamps;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.persistence.MongoCollections;
import dev.turnpoint.persistence.MongoFailures;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.ForkSpec;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.ArrayList;
import java.util.List;

import static dev.turnpoint.persistence.StoreCalls.require;
import static dev.turnpoint.persistence.StoreCalls.requireTeam;
import static dev.turnpoint.persistence.StoreCalls.requireText;

/**
 * Forking a run from the checkpoint after one of its turns. {@link #forkRun} reads only the source's run document and
 * writes a new one whose {@code segments} point at the runs that hold the inherited turn documents, so its cost does
 * not depend on the source's length, and forks of forks resolve to the original owners at any depth. A fork re-reads
 * its source after it is written and withdraws itself if the source was deleted meanwhile, so a fork never ends up
 * referencing turns a concurrent delete removed.
 *
 * <p><b>Idempotent forks.</b> A fork with an idempotency key first claims the team and key in
 * {@value MongoCollections#FORK_REQUESTS} together with the request hash and the id the fork will get. A repeat with
 * the same hash answers that run (creating it, if the first attempt died before it did); a different hash is a
 * CONFLICT.
 */
final class CheckpointForks {

  /** What a fork reads of its source: where the source's turns live. */
  private static final JsonObject SOURCE_TURNS = new JsonObject()
      .put(StoredRun.TURN_COUNT, 1).put(StoredRun.SEGMENTS, 1);

  private final MongoClient mongo;
  private final RunReads reads;

  CheckpointForks(MongoClient mongo, RunReads reads) {
    this.mongo = mongo;
    this.reads = reads;
  }

  Future<RunRecord> forkRun(String teamId, String userId, ForkSpec spec) {
    requireTeam(teamId);
    require(spec, "fork");
    requireText(spec.sourceRunId(), "source run id");
    require(spec.run(), "the fork's run");
    require(spec.checkpoint(), "checkpoint");
    if (spec.idempotencyKey() == null) {
      return new Fork(teamId, userId, spec, Ids.newObjectId()).create();
    }
    requireText(spec.idempotencyKey(), "idempotency key");
    requireText(spec.requestHash(), "request hash");
    return forkOnce(teamId, userId, spec);
  }

  /** The fork for an idempotency key: the one already made for the same request, or a new one. */
  private Future<RunRecord> forkOnce(String teamId, String userId, ForkSpec spec) {
    String newRunId = Ids.newObjectId();
    JsonObject claim = new JsonObject()
        .put("_id", forkRequestId(teamId, spec.idempotencyKey()))
        .put("team_id", teamId)
        .put("idempotency_key", spec.idempotencyKey())
        .put("request_hash", spec.requestHash())
        .put("run_id", newRunId)
        .put("created_at", Timestamps.now());
    return mongo.insert(MongoCollections.FORK_REQUESTS, claim)
        .compose(claimed -> createOrRelease(new Fork(teamId, userId, spec, newRunId), claim.getString("_id")),
            failure -> MongoFailures.isDuplicateKey(failure)
                ? repeatFork(teamId, userId, spec, claim.getString("_id"))
                : Future.failedFuture(failure));
  }

  private Future<RunRecord> repeatFork(String teamId, String userId, ForkSpec spec, String requestId) {
    return mongo.findOne(MongoCollections.FORK_REQUESTS, new JsonObject().put("_id", requestId), null)
        .compose(claim -> {
          if (claim == null) {
            return Future.failedFuture(ServiceException.conflict(
                "the fork for this idempotency key was just deleted; retry"));
          }
          if (!spec.requestHash().equals(claim.getString("request_hash"))) {
            return Future.failedFuture(ServiceException.conflict(
                "the idempotency key was already used for a different fork request"));
          }
          String runId = claim.getString("run_id");
          return mongo.findOne(MongoCollections.WORKFLOW_RUNS, StoredRun.byId(teamId, runId),
                  RunReads.WITHOUT_LAST_TURN)
              .compose(existing -> existing != null
                  ? reads.withLatestCheckpoint(new StoredRun(existing)).map(reads::record)
                  : createOrRelease(new Fork(teamId, userId, spec, runId), requestId));
        });
  }

  /**
   * Creates the fork of a claimed key. When it cannot be made at all (its source is gone, or has no such turn) the
   * claim is removed, so that keys of requests that never made a fork do not pile up and the key may be used again.
   * Any other failure keeps the claim: the fork may exist, and a repeat finds or finishes it.
   */
  private Future<RunRecord> createOrRelease(Fork fork, String requestId) {
    return fork.create().recover(failure -> {
      FailureCode code = ServiceException.from(failure).code();
      if (code != FailureCode.NOT_FOUND && code != FailureCode.OUT_OF_RANGE) {
        return Future.failedFuture(failure);
      }
      JsonObject unused = new JsonObject().put("_id", requestId).put("run_id", fork.forkId);
      return mongo.removeDocument(MongoCollections.FORK_REQUESTS, unused)
          .transform(released -> Future.failedFuture(failure));
    });
  }

  /** Unambiguous whatever characters the team id and key hold: the team id's length comes first. */
  private static String forkRequestId(String teamId, String idempotencyKey) {
    return teamId.length() + ":" + teamId + ":" + idempotencyKey;
  }

  /** Creating one fork; see the class comment for why each step comes in this order. */
  private final class Fork {
    private final String teamId;
    private final String userId;
    private final ForkSpec spec;
    private final String forkId;

    Fork(String teamId, String userId, ForkSpec spec, String forkId) {
      this.teamId = teamId;
      this.userId = userId;
      this.spec = spec;
      this.forkId = forkId;
    }

    Future<RunRecord> create() {
      return reads.load(teamId, spec.sourceRunId(), SOURCE_TURNS)
          .compose(this::checkResumeIndex)
          .compose(this::insertFork)
          .compose(this::withdrawIfSourceWasDeleted);
    }

    private Future<StoredRun> checkResumeIndex(StoredRun source) {
      int resume = spec.resumeTurnIndex();
      if (resume < 0 || resume >= source.turnCount()) {
        return Future.failedFuture(ServiceException.outOfRange("run " + source.id() + " has " + source.turnCount()
            + " turns; cannot resume from turn " + resume));
      }
      return Future.succeededFuture(source);
    }

    private Future<RunRecord> insertFork(StoredRun source) {
      int resume = spec.resumeTurnIndex();
      List<TurnRange> inherited = new ArrayList<>();
      for (TurnRange range : source.turnRanges()) {
        TurnRange clipped = range.clippedTo(resume);
        if (clipped != null) {
          inherited.add(clipped);
        }
      }
      RunDocument document = new RunDocument();
      document.id = forkId;
      document.stampCreated(teamId, userId);
      document.workflowRun = Json.copy(spec.run(), WorkflowRun.class);
      document.workflowRun.workflowRunId = forkId;
      document.workflowRun.sourceWorkflowRunId = source.id();
      document.workflowRun.checkpointSourceTurnIndex = resume;
      JsonObject resumeCheckpoint = new JsonObject().put("turn_index", resume).put("checkpoint", spec.checkpoint());
      JsonObject doc = StoredRun.newDocument(document, resume + 1, inherited, spec.checkpoint(), resumeCheckpoint,
          spec.reason());
      return mongo.insert(MongoCollections.WORKFLOW_RUNS, doc)
          .map(id -> reads.record(new StoredRun(doc)))
          .recover(failure -> MongoFailures.isDuplicateKey(failure)
              ? reads.load(teamId, forkId, RunReads.WITHOUT_LAST_TURN).compose(reads::withLatestCheckpoint)
                  .map(reads::record)
              : Future.failedFuture(failure));
    }

    private Future<RunRecord> withdrawIfSourceWasDeleted(RunRecord fork) {
      return mongo.count(MongoCollections.WORKFLOW_RUNS, StoredRun.byId(teamId, spec.sourceRunId()))
          .compose(sources -> sources > 0
              ? Future.succeededFuture(fork)
              : mongo.removeDocument(MongoCollections.WORKFLOW_RUNS, StoredRun.byId(teamId, forkId))
                  .compose(removed -> Future.failedFuture(StoredRun.notFound(spec.sourceRunId()))));
    }
  }
}
