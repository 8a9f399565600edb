package dev.turnpoint.persistence;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.Timestamps;
import dev.turnpoint.model.run.CommentConfig;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.ForkSpec;
import dev.turnpoint.service.Page;
import dev.turnpoint.service.RunQuery;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.StatusChange;
import dev.turnpoint.service.TurnCommit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static dev.turnpoint.persistence.StoreCalls.call;
import static dev.turnpoint.persistence.StoreCalls.containsIgnoringCase;
import static dev.turnpoint.persistence.StoreCalls.require;
import static dev.turnpoint.persistence.StoreCalls.requirePaging;
import static dev.turnpoint.persistence.StoreCalls.requireTeam;
import static dev.turnpoint.persistence.StoreCalls.requireText;
import static dev.turnpoint.persistence.StoreCalls.timestamp;

/**
 * {@link RunStore} on MongoDB. A run is one document in {@value MongoCollections#WORKFLOW_RUNS} (its fields are
 * described on {@link StoredRun}); each turn is one document in {@value MongoCollections#RUN_TURNS} with
 * {@code _id = runId:turnIndex}, {@code run_id}, {@code team_id}, {@code turn_index}, {@code pair} and
 * {@code checkpoint}. Appending a turn writes a fixed number of small documents however long the run is.
 *
 * <p><b>Turns.</b> {@link #beginTurn} takes the lease in one conditional update. {@link #commitTurn} reads who holds
 * the lease, writes the turn document out, then commits in one conditional update of the run document (lease token
 * and {@code turn_count == turnIndex}) that also stores {@code last_turn} ({@code turn_index}, {@code lease_token}):
 * the turn's pair and checkpoint are written once, into its turn document, and the run document stays small. A turn
 * document whose index is not below {@code turn_count} is not committed, and every read ignores it. The turn
 * document is written with the revision of the lease that wrote it ({@code lease_revision}); a later lease's holder
 * replaces what an earlier one wrote and never committed, and a holder of an earlier lease cannot replace what a
 * later one wrote (see {@link RunTurns#writeTurn}), so a committed turn is never overwritten. If the process dies
 * after the turn document was written but before the commit, the
 * turn was never answered, and the next holder writes its own. Retrying a commit that already went through answers
 * the run instead of CONFLICT.
 *
 * <p>Runs committed by earlier versions held the latest turn's pair in {@code last_turn} and wrote its turn document
 * only after the commit. For those, {@link #beginTurn} and {@link #forkRun} still write a turn document a crash left
 * missing, reading it from {@code last_turn}, and reads take the latest turn from there until they have.
 *
 * <p><b>Forks.</b> {@link #forkRun} reads only the source's run document and writes a new one whose
 * {@code segments} point at the runs that hold the inherited turn documents, so its cost does not depend on the
 * source's length, and forks of forks resolve to the original owners at any depth. {@link #getRun} assembles
 * {@code input_output_pairs} with one query over those ranges plus the run's own turns.
 *
 * <p><b>Checkpoints.</b> {@link #getCheckpoint} answers, for turn {@code k}, the state this run continues from after
 * turn {@code k}: for a fork's last inherited turn that is the checkpoint the fork was created from (which may carry
 * overrides, and is what a fork of the fork at that index must resume from), otherwise the checkpoint stored with the
 * turn by whichever run owns it.
 *
 * <p><b>Comments.</b> Run comments live in {@code workflow_run.comments}. Turn comments live in
 * {@value MongoCollections#TURN_COMMENTS}, keyed by the run they were made on and the turn index, and are merged
 * into the pairs when the run is read: a comment on a fork's inherited turn stays on the fork, and a fork starts
 * without the source's turn comments. Turn comments do not change the run's revision, so they never make a
 * concurrent status change fail.
 *
 * <p><b>Deleting.</b> {@link #deleteRun} removes the run document, then its turn documents only if no other run's
 * segments still reference them; otherwise they stay so the forks keep working, and they are removed when the last
 * run referencing them is deleted. A fork re-reads its source after it is written and withdraws itself if the source
 * was deleted meanwhile, so a fork never ends up referencing turns a concurrent delete removed.
 *
 * <p><b>Idempotent forks.</b> A fork with an idempotency key first claims the team and key in
 * {@value MongoCollections#FORK_REQUESTS} together with the request hash and the id the fork will get. A repeat with
 * the same hash answers that run (creating it, if the first attempt died before it did); a different hash is a
 * CONFLICT.
 */
public class MongoRunStore implements RunStore {

  /** The longest lease a turn may take: a day, far beyond any turn, and far from overflowing the expiry. */
  static final long MAX_LEASE_MILLIS = 24L * 60 * 60 * 1000;
  /** Upper bound of one {@link #findStaleRuns} batch. */
  static final int MAX_STALE_BATCH = 1000;
  /** Run-document fields never needed to answer a {@link RunRecord} without turns. */
  private static final JsonObject WITHOUT_LAST_TURN = new JsonObject().put(StoredRun.LAST_TURN, 0);
  /** A lease answers the latest turn without its pair: the pair is read only when its turn document is missing. */
  private static final JsonObject WITHOUT_LAST_TURN_PAIR = new JsonObject().put(StoredRun.LAST_TURN + ".pair", 0);
  /**
   * A commit's answer: the committer holds the checkpoint it stored and ran the turn on the run's workflow snapshot,
   * so both stay out (the snapshot is the largest part of a run document, and the dearest to read into objects).
   */
  private static final JsonObject COMMIT_ANSWER = new JsonObject()
      .put(StoredRun.LAST_TURN, 0).put(StoredRun.LAST_CHECKPOINT, 0).put(StoredRun.CONFIG_SNAPSHOT, 0);
  /** What a commit checks before it writes the turn out: who holds the lease, the turn count, the revision. */
  private static final JsonObject LEASE_CHECK = new JsonObject()
      .put(StoredRun.LEASE, 1).put(StoredRun.TURN_COUNT, 1).put(StoredRun.REVISION, 1);
  /** A lease's answer to a caller that holds the snapshot and the latest checkpoint: neither. */
  private static final JsonObject LEASE_ANSWER_WHEN_HELD = new JsonObject()
      .put(StoredRun.LAST_TURN + ".pair", 0).put(StoredRun.LAST_CHECKPOINT, 0).put(StoredRun.CONFIG_SNAPSHOT, 0);
  /** What a lease answer leaves out for a caller that turns out to hold an older checkpoint. */
  private static final JsonObject SNAPSHOT_AND_CHECKPOINT = new JsonObject()
      .put(StoredRun.CONFIG_SNAPSHOT, 1).put(StoredRun.LAST_CHECKPOINT, 1);
  /** What writing out the latest turn needs, read in one document so the turn and its checkpoint belong together. */
  private static final JsonObject LAST_TURN_ONLY = new JsonObject()
      .put(StoredRun.TEAM_ID, 1).put(StoredRun.LAST_TURN, 1).put(StoredRun.LAST_CHECKPOINT, 1);
  private static final JsonArray TERMINAL_STATUSES = statuses(WorkflowStatus.TERMINAL);
  private static final JsonArray ACTIVE_STATUSES = statuses(WorkflowStatus.ACTIVE);

  private final MongoClient mongo;
  private final RunTurns turns;

  public MongoRunStore(MongoClient mongo) {
    this.mongo = mongo;
    this.turns = new RunTurns(mongo);
  }

  @Override
  public Future<RunRecord> createRun(String teamId, String userId, WorkflowRun run) {
    return call(() -> {
      requireTeam(teamId);
      require(run, "run");
      requireText(run.workflowId, "workflow id");
      if (run.inputOutputPairs != null && !run.inputOutputPairs.isEmpty()) {
        throw ServiceException.invalid("a new run has no turns; turns are added by commitTurn");
      }
      RunDocument document = new RunDocument();
      document.id = Ids.newObjectId();
      document.stampCreated(teamId, userId);
      document.workflowRun = Json.copy(run, WorkflowRun.class);
      document.workflowRun.workflowRunId = document.id;
      if (document.workflowRun.status == null) {
        document.workflowRun.status = WorkflowStatus.NOT_STARTED;
      }
      JsonObject doc = StoredRun.newDocument(document, 0, List.of(), null, null, null);
      return mongo.insert(MongoCollections.WORKFLOW_RUNS, doc).map(id -> new StoredRun(doc).toRecord(null));
    });
  }

  @Override
  public Future<RunRecord> getRun(String teamId, String runId) {
    return call(() -> loadRun(teamId, runId, null).compose(this::withTurns));
  }

  @Override
  public Future<RunRecord> getRunHeader(String teamId, String runId) {
    return call(() -> loadRun(teamId, runId, WITHOUT_LAST_TURN).compose(this::withLatestCheckpoint)
        .map(run -> run.toRecord(null)));
  }

  @Override
  public Future<Page<RunDocument>> listRuns(String teamId, RunQuery query) {
    return call(() -> {
      require(query, "run query");
      requirePaging(query.page(), query.size());
      JsonObject filter = byTeam(teamId);
      if (query.workflowId() != null) {
        filter.put("workflow_run.workflow_id", query.workflowId());
      }
      if (query.status() != null) {
        filter.put("workflow_run.status", query.status().wire());
      }
      if (query.sourceWorkflowRunId() != null) {
        filter.put("workflow_run.source_workflow_run_id", query.sourceWorkflowRunId());
        if (query.sourceTurnIndex() != null) {
          filter.put("workflow_run.checkpoint_source_turn_index", query.sourceTurnIndex());
        }
      }
      if (query.search() != null && !query.search().isBlank()) {
        JsonObject contains = containsIgnoringCase(query.search().strip());
        filter.put("$or", new JsonArray()
            .add(new JsonObject().put("workflow_run.logical_id", contains))
            .add(new JsonObject().put("_id", contains)));
      }
      JsonObject created = new JsonObject();
      if (query.start() != null) {
        created.put("$gte", timestamp(query.start(), "start"));
      }
      if (query.end() != null) {
        created.put("$lte", timestamp(query.end(), "end"));
      }
      if (!created.isEmpty()) {
        filter.put("created_at", created);
      }
      FindOptions options = new FindOptions()
          .setFields(RunListRows.PROJECTION)
          .setSort(new JsonObject().put("created_at", -1).put("_id", -1))
          .setSkip(query.skip())
          .setLimit(query.size());
      Future<List<JsonObject>> rows = mongo.findWithOptions(MongoCollections.WORKFLOW_RUNS, filter, options);
      Future<Long> total = mongo.count(MongoCollections.WORKFLOW_RUNS, filter);
      return Future.all(rows, total).map(done -> new Page<>(
          rows.result().stream().map(RunListRows::toRow).toList(), total.result()));
    });
  }

  @Override
  public Future<Void> deleteRun(String teamId, String runId) {
    return call(() -> loadRun(teamId, runId, new JsonObject().put(StoredRun.SEGMENTS, 1)).compose(run ->
        mongo.removeDocument(MongoCollections.WORKFLOW_RUNS, runFilter(teamId, runId))
            .compose(removed -> removed.getRemovedCount() == 0
                ? Future.failedFuture(runNotFound(runId))
                : Future.all(
                    mongo.removeDocuments(MongoCollections.TURN_COMMENTS, byTeam(teamId).put("run_id", runId)),
                    mongo.removeDocuments(MongoCollections.FORK_REQUESTS, byTeam(teamId).put("run_id", runId))))
            .compose(cleaned -> removeUnreferencedTurns(teamId, run))));
  }

  @Override
  public Future<RunRecord> beginTurnHolding(String teamId, String runId, String leaseToken, long leaseMillis,
                                            int heldTurnCount) {
    return call(() -> {
      requireText(leaseToken, "lease token");
      if (leaseMillis <= 0 || leaseMillis > MAX_LEASE_MILLIS) {
        throw ServiceException.invalid("lease duration must be between 1 and " + MAX_LEASE_MILLIS + " ms");
      }
      long now = System.currentTimeMillis();
      JsonObject filter = runFilter(teamId, runId)
          .put("workflow_run.status", new JsonObject().put("$nin", TERMINAL_STATUSES))
          .put("$or", leaseFree(now));
      JsonObject update = new JsonObject()
          .put("$set", new JsonObject()
              .put(StoredRun.LEASE, new JsonObject().put("token", leaseToken).put("expires_at", now + leaseMillis))
              .put("updated_at", Timestamps.now()))
          .put("$inc", new JsonObject().put(StoredRun.REVISION, 1));
      boolean holding = heldTurnCount > 0;
      return updateAndReturn(filter, update, holding ? LEASE_ANSWER_WHEN_HELD : WITHOUT_LAST_TURN_PAIR)
          .compose(doc -> doc != null
              ? Future.succeededFuture(new StoredRun(doc))
              : loadRun(teamId, runId, WITHOUT_LAST_TURN).compose(run -> Future.failedFuture(
                  WorkflowStatus.fromWire(run.status()).isTerminal()
                      ? ServiceException.conflict("run " + runId + " is " + run.status() + " and takes no more turns")
                      : ServiceException.conflict("run " + runId + " is busy with another turn"))))
          .compose(run -> {
            if (!holding) {
              return withLatestCheckpoint(run);
            }
            return run.turnCount() == heldTurnCount
                ? Future.succeededFuture(run)
                : loadRun(teamId, runId, SNAPSHOT_AND_CHECKPOINT).map(run::withSnapshotAndCheckpointOf)
                    .compose(this::withLatestCheckpoint);
          })
          .compose(run -> materializeLastTurnIfMissing(run)
              .transform(done -> done.succeeded()
                  ? Future.succeededFuture(run.toRecord(null))
                  : releaseTurn(teamId, runId, leaseToken)
                      .transform(released -> Future.failedFuture(done.cause()))));
    });
  }

  @Override
  public Future<RunRecord> commitTurn(String teamId, String runId, TurnCommit commit) {
    return call(() -> {
      require(commit, "turn commit");
      requireText(commit.leaseToken(), "lease token");
      require(commit.pair(), "turn pair");
      require(commit.checkpoint(), "checkpoint");
      require(commit.status(), "status");
      if (commit.turnIndex() < 0) {
        throw ServiceException.invalid("turn index must not be negative");
      }
      JsonObject pair = Json.toJson(commit.pair());
      return mongo.findOne(MongoCollections.WORKFLOW_RUNS, runFilter(teamId, runId), LEASE_CHECK)
          .compose(doc -> {
            if (doc == null) {
              return Future.failedFuture(runNotFound(runId));
            }
            StoredRun run = new StoredRun(doc);
            if (!commit.leaseToken().equals(run.leaseToken()) || run.turnCount() != commit.turnIndex()) {
              return committedBefore(teamId, runId, commit);
            }
            return turns.writeTurn(teamId, runId, commit.turnIndex(), run.revision(), pair, commit.checkpoint())
                .compose(written -> written
                    ? commitRun(teamId, runId, commit)
                    : committedBefore(teamId, runId, commit));
          });
    });
  }

  /** The commit point: the run takes the turn (written out already) if the lease and the turn index still hold. */
  private Future<RunRecord> commitRun(String teamId, String runId, TurnCommit commit) {
    JsonObject set = new JsonObject()
        .put("workflow_run.status", commit.status().wire())
        .put("workflow_run.termination_source", commit.terminationSource())
        .put("workflow_run.llm_token_usage", jsonOrNull(commit.llmTokenUsage()))
        .put("workflow_run.llm_latency_stats", jsonOrNull(commit.llmLatencyStats()))
        .put(StoredRun.LAST_TURN, new JsonObject()
            .put("turn_index", commit.turnIndex())
            .put("lease_token", commit.leaseToken())
            .put(StoredRun.LAST_TURN_WRITTEN_FIRST, true))
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
    JsonObject filter = runFilter(teamId, runId)
        .put(StoredRun.LEASE + ".token", commit.leaseToken())
        .put(StoredRun.TURN_COUNT, commit.turnIndex());
    return updateAndReturn(filter, update, COMMIT_ANSWER)
        .compose(doc -> doc != null
            ? Future.succeededFuture(new StoredRun(doc.put(StoredRun.LAST_CHECKPOINT, commit.checkpoint().copy()))
                .toRecord(null))
            : committedBefore(teamId, runId, commit));
  }

  @Override
  public Future<Void> releaseTurn(String teamId, String runId, String leaseToken) {
    return call(() -> {
      requireText(leaseToken, "lease token");
      JsonObject filter = runFilter(teamId, runId).put(StoredRun.LEASE + ".token", leaseToken);
      JsonObject update = new JsonObject()
          .put("$unset", new JsonObject().put(StoredRun.LEASE, ""))
          .put("$set", new JsonObject().put("updated_at", Timestamps.now()))
          .put("$inc", new JsonObject().put(StoredRun.REVISION, 1));
      return mongo.updateCollection(MongoCollections.WORKFLOW_RUNS, filter, update)
          .compose(result -> result.getDocMatched() > 0
              ? Future.succeededFuture()
              : loadRun(teamId, runId, WITHOUT_LAST_TURN).mapEmpty());
    });
  }

  @Override
  public Future<RunRecord> changeStatus(String teamId, String runId, StatusChange change) {
    return call(() -> {
      require(change, "status change");
      require(change.status(), "status");
      JsonObject set = new JsonObject()
          .put("workflow_run.status", change.status().wire())
          .put("workflow_run.termination_source", change.terminationSource())
          .put("updated_at", Timestamps.now());
      if (change.updatedBy() != null) {
        set.put("updated_by", change.updatedBy());
      }
      JsonObject update = new JsonObject().put("$set", set).put("$inc", new JsonObject().put(StoredRun.REVISION, 1));
      JsonObject filter = runFilter(teamId, runId).put(StoredRun.REVISION, change.expectedRevision());
      return updateAndReturn(filter, update, WITHOUT_LAST_TURN)
          .compose(doc -> doc != null
              ? withLatestCheckpoint(new StoredRun(doc)).map(run -> run.toRecord(null))
              : loadRun(teamId, runId, WITHOUT_LAST_TURN).compose(run -> Future.failedFuture(
                  ServiceException.conflict("run " + runId + " changed: its revision is no longer "
                      + change.expectedRevision()))));
    });
  }

  @Override
  public Future<JsonObject> getCheckpoint(String teamId, String runId, int turnIndex) {
    return call(() -> loadRun(teamId, runId, null).compose(run -> {
      if (turnIndex < 0 || turnIndex >= run.turnCount()) {
        return Future.failedFuture(ServiceException.outOfRange(
            "run " + runId + " has " + run.turnCount() + " turns; there is no turn " + turnIndex));
      }
      if (turnIndex == run.turnCount() - 1 && run.lastCheckpoint() != null) {
        return Future.succeededFuture(run.lastCheckpoint());
      }
      JsonObject resume = run.resumeCheckpoint();
      if (resume != null && resume.getInteger("turn_index") == turnIndex) {
        return Future.succeededFuture(resume.getJsonObject("checkpoint"));
      }
      return turns.checkpoint(teamId, run.rangeOf(turnIndex).ownerRunId(), turnIndex);
    }));
  }

  @Override
  public Future<RunRecord> forkRun(String teamId, String userId, ForkSpec spec) {
    return call(() -> {
      requireTeam(teamId);
      require(spec, "fork");
      requireText(spec.sourceRunId(), "source run id");
      require(spec.run(), "the fork's run");
      require(spec.checkpoint(), "checkpoint");
      if (spec.idempotencyKey() == null) {
        return new CheckpointFork(teamId, userId, spec, Ids.newObjectId()).create();
      }
      requireText(spec.idempotencyKey(), "idempotency key");
      requireText(spec.requestHash(), "request hash");
      return forkOnce(teamId, userId, spec);
    });
  }

  @Override
  public Future<List<RunRecord>> findStaleRuns(String updatedBefore, int limit) {
    return call(() -> {
      String before = timestamp(updatedBefore, "updatedBefore");
      if (limit < 1 || limit > MAX_STALE_BATCH) {
        throw ServiceException.invalid("limit must be between 1 and " + MAX_STALE_BATCH);
      }
      JsonObject filter = new JsonObject()
          .put("workflow_run.status", new JsonObject().put("$in", ACTIVE_STATUSES))
          .put("updated_at", new JsonObject().put("$lt", before))
          .put("$or", leaseFree(System.currentTimeMillis()));
      FindOptions oldestFirst = new FindOptions()
          .setFields(WITHOUT_LAST_TURN)
          .setSort(new JsonObject().put("updated_at", 1))
          .setLimit(limit);
      return mongo.findWithOptions(MongoCollections.WORKFLOW_RUNS, filter, oldestFirst)
          .compose(rows -> Future.all(rows.stream().map(doc -> withLatestCheckpoint(new StoredRun(doc))).toList()))
          .map(all -> all.<StoredRun>list().stream().map(run -> run.toRecord(null)).toList());
    });
  }

  @Override
  public Future<RunRecord> addRunComment(String teamId, String runId, CommentConfig comment) {
    return call(() -> {
      requireComment(comment);
      JsonObject update = new JsonObject()
          .put("$push", new JsonObject().put("workflow_run.comments", Json.toJson(comment)))
          .put("$set", commentAuthorship(comment))
          .put("$inc", new JsonObject().put(StoredRun.REVISION, 1));
      return updateAndReturn(runFilter(teamId, runId), update, null)
          .compose(doc -> doc == null
              ? Future.failedFuture(runNotFound(runId))
              : withTurns(new StoredRun(doc)));
    });
  }

  @Override
  public Future<RunRecord> deleteRunComment(String teamId, String runId, String commentLogicalId) {
    return call(() -> {
      requireText(commentLogicalId, "comment id");
      JsonObject filter = runFilter(teamId, runId).put("workflow_run.comments.logical_id", commentLogicalId);
      JsonObject update = new JsonObject()
          .put("$pull", new JsonObject().put("workflow_run.comments",
              new JsonObject().put("logical_id", commentLogicalId)))
          .put("$set", new JsonObject().put("updated_at", Timestamps.now()))
          .put("$inc", new JsonObject().put(StoredRun.REVISION, 1));
      return updateAndReturn(filter, update, null)
          .compose(doc -> doc != null
              ? withTurns(new StoredRun(doc))
              : loadRun(teamId, runId, WITHOUT_LAST_TURN).compose(run ->
                  Future.failedFuture(commentNotFound(commentLogicalId))));
    });
  }

  @Override
  public Future<RunRecord> addTurnComment(String teamId, String runId, int turnIndex, CommentConfig comment) {
    return call(() -> {
      requireComment(comment);
      return loadTurnOf(teamId, runId, turnIndex).compose(run -> {
        JsonObject update = new JsonObject()
            .put("$setOnInsert", new JsonObject().put("run_id", runId).put("turn_index", turnIndex))
            .put("$push", new JsonObject().put("comments", Json.toJson(comment)))
            .put("$inc", new JsonObject().put(StoredRun.REVISION, 1));
        return mongo.updateCollectionWithOptions(MongoCollections.TURN_COMMENTS,
                turnCommentsFilter(teamId, runId, turnIndex), update, new UpdateOptions().setUpsert(true))
            .compose(done -> withTurns(run));
      });
    });
  }

  @Override
  public Future<RunRecord> deleteTurnComment(String teamId, String runId, int turnIndex, String commentLogicalId) {
    return call(() -> {
      requireText(commentLogicalId, "comment id");
      return loadTurnOf(teamId, runId, turnIndex).compose(run -> {
        JsonObject filter = turnCommentsFilter(teamId, runId, turnIndex).put("comments.logical_id", commentLogicalId);
        JsonObject update = new JsonObject()
            .put("$pull", new JsonObject().put("comments", new JsonObject().put("logical_id", commentLogicalId)))
            .put("$inc", new JsonObject().put(StoredRun.REVISION, 1));
        return mongo.updateCollection(MongoCollections.TURN_COMMENTS, filter, update)
            .compose(result -> result.getDocMatched() == 0
                ? Future.failedFuture(commentNotFound(commentLogicalId))
                : withTurns(run));
      });
    });
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
        .compose(claimed -> new CheckpointFork(teamId, userId, spec, newRunId).create(),
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
          return mongo.findOne(MongoCollections.WORKFLOW_RUNS, runFilter(teamId, runId), WITHOUT_LAST_TURN)
              .compose(existing -> existing != null
                  ? withLatestCheckpoint(new StoredRun(existing)).map(run -> run.toRecord(null))
                  : new CheckpointFork(teamId, userId, spec, runId).create());
        });
  }

  /** Creating one fork; see the class comment for why each step comes in this order. */
  private final class CheckpointFork {
    private final String teamId;
    private final String userId;
    private final ForkSpec spec;
    private final String forkId;

    CheckpointFork(String teamId, String userId, ForkSpec spec, String forkId) {
      this.teamId = teamId;
      this.userId = userId;
      this.spec = spec;
      this.forkId = forkId;
    }

    Future<RunRecord> create() {
      return loadRun(teamId, spec.sourceRunId(), null)
          .compose(this::checkResumeIndex)
          .compose(this::materializeInheritedLastTurn)
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

    /** The source's latest turn may exist only in its run document; the fork needs it as a turn document. */
    private Future<StoredRun> materializeInheritedLastTurn(StoredRun source) {
      JsonObject last = source.lastTurn();
      if (last == null || last.getInteger("turn_index") > spec.resumeTurnIndex()) {
        return Future.succeededFuture(source);
      }
      return turns.materializeLastTurn(source).map(source);
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
          .map(id -> new StoredRun(doc).toRecord(null))
          .recover(failure -> MongoFailures.isDuplicateKey(failure)
              ? loadRun(teamId, forkId, WITHOUT_LAST_TURN).compose(MongoRunStore.this::withLatestCheckpoint)
                  .map(existing -> existing.toRecord(null))
              : Future.failedFuture(failure));
    }

    private Future<RunRecord> withdrawIfSourceWasDeleted(RunRecord fork) {
      return mongo.count(MongoCollections.WORKFLOW_RUNS, runFilter(teamId, spec.sourceRunId()))
          .compose(sources -> sources > 0
              ? Future.succeededFuture(fork)
              : mongo.removeDocument(MongoCollections.WORKFLOW_RUNS, runFilter(teamId, forkId))
                  .compose(removed -> Future.failedFuture(runNotFound(spec.sourceRunId()))));
    }
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
            : loadRun(leased.teamId(), leased.id(), LAST_TURN_ONLY).compose(turns::materializeLastTurn));
  }

  /**
   * A commit whose conditional update matched nothing: the retry of a commit that went through (answered as it was,
   * its turn document written from what was committed), or a lease that is no longer held (CONFLICT).
   */
  private Future<RunRecord> committedBefore(String teamId, String runId, TurnCommit commit) {
    return loadRun(teamId, runId, null).compose(run -> {
      JsonObject last = run.lastTurn();
      boolean retried = last != null && last.getInteger("turn_index") == commit.turnIndex()
          && commit.leaseToken().equals(last.getString("lease_token"));
      return retried
          ? turns.materializeLastTurn(run).compose(written -> withLatestCheckpoint(run))
              .map(latest -> latest.withoutConfigSnapshot().toRecord(null))
          : Future.failedFuture(ServiceException.conflict("turn " + commit.turnIndex() + " of run " + runId
              + " cannot be committed: the lease is no longer held or the turn index is not next"));
    });
  }

  /** Removes turn documents no run needs any more: the deleted run's, and those of deleted runs it inherited. */
  private Future<Void> removeUnreferencedTurns(String teamId, StoredRun deleted) {
    Set<String> owners = new LinkedHashSet<>();
    owners.add(deleted.id());
    deleted.segments().forEach(range -> owners.add(range.ownerRunId()));
    Future<Void> chain = Future.succeededFuture();
    for (String owner : owners) {
      chain = chain.compose(done -> removeTurnsIfUnreferenced(teamId, owner, !owner.equals(deleted.id())));
    }
    return chain;
  }

  private Future<Void> removeTurnsIfUnreferenced(String teamId, String ownerRunId, boolean onlyIfOwnerDeleted) {
    Future<Long> ownerExists = onlyIfOwnerDeleted
        ? mongo.count(MongoCollections.WORKFLOW_RUNS, runFilter(teamId, ownerRunId))
        : Future.succeededFuture(0L);
    return ownerExists
        .compose(owners -> owners > 0
            ? Future.succeededFuture(1L)
            : mongo.count(MongoCollections.WORKFLOW_RUNS,
                byTeam(teamId).put(StoredRun.SEGMENTS + ".run_id", ownerRunId)))
        .compose(references -> references > 0
            ? Future.succeededFuture()
            : mongo.removeDocuments(MongoCollections.RUN_TURNS, byTeam(teamId).put("run_id", ownerRunId))
                .mapEmpty());
  }

  private Future<RunRecord> withTurns(StoredRun run) {
    return withLatestCheckpoint(run).compose(latest -> turns.assemble(latest).map(latest::toRecord));
  }

  /**
   * The run with {@code last_checkpoint} filled in: a committed turn keeps its checkpoint only in its turn document,
   * so for a run whose latest turn is its own this reads it from there. Call it only with documents read with their
   * {@code last_checkpoint}.
   */
  private Future<StoredRun> withLatestCheckpoint(StoredRun run) {
    if (run.lastCheckpoint() != null || run.turnCount() == 0) {
      return Future.succeededFuture(run);
    }
    return turns.checkpoint(run.teamId(), run.id(), run.turnCount() - 1).map(run::withLastCheckpoint);
  }

  private Future<StoredRun> loadRun(String teamId, String runId, JsonObject fields) {
    return mongo.findOne(MongoCollections.WORKFLOW_RUNS, runFilter(teamId, runId), fields)
        .compose(doc -> doc == null ? Future.failedFuture(runNotFound(runId)) : Future.succeededFuture(
            new StoredRun(doc)));
  }

  /** The run, when it has turn {@code turnIndex}. */
  private Future<StoredRun> loadTurnOf(String teamId, String runId, int turnIndex) {
    return loadRun(teamId, runId, null).compose(run -> turnIndex >= 0 && turnIndex < run.turnCount()
        ? Future.succeededFuture(run)
        : Future.failedFuture(ServiceException.outOfRange(
            "run " + runId + " has " + run.turnCount() + " turns; there is no turn " + turnIndex)));
  }

  private Future<JsonObject> updateAndReturn(JsonObject filter, JsonObject update, JsonObject fields) {
    FindOptions options = new FindOptions();
    if (fields != null) {
      options.setFields(fields);
    }
    return mongo.findOneAndUpdateWithOptions(MongoCollections.WORKFLOW_RUNS, filter, update, options,
        new UpdateOptions().setReturningNewDocument(true));
  }

  private static JsonArray leaseFree(long nowMillis) {
    return new JsonArray()
        .add(new JsonObject().put(StoredRun.LEASE, null))
        .add(new JsonObject().put(StoredRun.LEASE + ".expires_at", new JsonObject().put("$lte", nowMillis)));
  }

  /** Unambiguous whatever characters the team id and key hold: the team id's length comes first. */
  private static String forkRequestId(String teamId, String idempotencyKey) {
    return teamId.length() + ":" + teamId + ":" + idempotencyKey;
  }

  private static JsonObject byTeam(String teamId) {
    return new JsonObject().put("team_id", requireTeam(teamId));
  }

  private static JsonObject runFilter(String teamId, String runId) {
    return byTeam(teamId).put("_id", requireText(runId, "run id"));
  }

  private static JsonObject turnCommentsFilter(String teamId, String runId, int turnIndex) {
    return byTeam(teamId).put("_id", RunTurns.turnId(runId, turnIndex));
  }

  private static void requireComment(CommentConfig comment) {
    require(comment, "comment");
    requireText(comment.logicalId, "comment logical id");
  }

  private static JsonObject commentAuthorship(CommentConfig comment) {
    JsonObject set = new JsonObject().put("updated_at", Timestamps.now());
    if (comment.updatedBy != null) {
      set.put("updated_by", comment.updatedBy);
    }
    return set;
  }

  private static JsonObject jsonOrNull(Object value) {
    return value == null ? null : Json.toJson(value);
  }

  private static JsonArray statuses(Set<WorkflowStatus> statuses) {
    JsonArray wire = new JsonArray();
    statuses.forEach(status -> wire.add(status.wire()));
    return wire;
  }

  private static ServiceException runNotFound(String runId) {
    return ServiceException.notFound("run " + runId + " not found");
  }

  private static ServiceException commentNotFound(String commentLogicalId) {
    return ServiceException.notFound("comment " + commentLogicalId + " not found");
  }
}
