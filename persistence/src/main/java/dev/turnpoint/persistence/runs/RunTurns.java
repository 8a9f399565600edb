package dev.turnpoint.persistence.runs;

import dev.turnpoint.model.Json;
import dev.turnpoint.model.run.CommentConfig;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.persistence.MongoCollections;
import dev.turnpoint.persistence.MongoFailures;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.util.ArrayList;
import java.util.List;

/** The turn documents of {@value MongoCollections#RUN_TURNS}: writing turns out and reading a run's turns. */
final class RunTurns {

  /** In a turn document: the revision of the lease under which it was written out. */
  static final String LEASE_REVISION = "lease_revision";

  private final MongoClient mongo;

  RunTurns(MongoClient mongo) {
    this.mongo = mongo;
  }

  static String turnId(String runId, int turnIndex) {
    return runId + ":" + turnIndex;
  }

  /**
   * Writes out a turn before its commit, for the lease revision {@code leaseRevision}: inserts it, or replaces what a
   * holder of an earlier lease wrote and never committed. Answers false, changing nothing, when a holder of a later
   * lease wrote it: that lease replaced this one, and a commit under this one can no longer succeed. Leases of one
   * run take strictly increasing revisions, and a turn is committed by the last lease that wrote it, so a committed
   * turn is never replaced.
   */
  Future<Boolean> writeTurn(String teamId, String runId, int turnIndex, long leaseRevision, JsonObject pair,
                            JsonObject checkpoint) {
    JsonObject filter = new JsonObject()
        .put("_id", turnId(runId, turnIndex))
        .put(LEASE_REVISION, new JsonObject().put("$lte", leaseRevision));
    JsonObject write = new JsonObject().put("$set", new JsonObject()
        .put("run_id", runId)
        .put("team_id", teamId)
        .put("turn_index", turnIndex)
        .put("pair", pair)
        .put("checkpoint", checkpoint)
        .put(LEASE_REVISION, leaseRevision));
    return mongo.updateCollectionWithOptions(MongoCollections.RUN_TURNS, filter, write,
            new UpdateOptions().setUpsert(true))
        .map(true)
        .recover(failure -> MongoFailures.isDuplicateKey(failure)
            ? Future.succeededFuture(false)
            : Future.failedFuture(failure));
  }

  /** The checkpoint stored with turn {@code turnIndex} of the run that owns it. */
  Future<JsonObject> checkpoint(String teamId, String ownerRunId, int turnIndex) {
    JsonObject filter = new JsonObject().put("_id", turnId(ownerRunId, turnIndex)).put("team_id", teamId);
    return mongo.findOne(MongoCollections.RUN_TURNS, filter, new JsonObject().put("checkpoint", 1))
        .compose(doc -> doc == null
            ? Future.failedFuture(missingTurn(ownerRunId, turnIndex))
            : Future.succeededFuture(doc.getJsonObject("checkpoint")));
  }

  /**
   * All turns of a run, in order: one query for the ids of its inherited turns and its own, with the comments made on
   * this run merged in.
   */
  Future<List<WorkflowRunInputOutputPair>> assemble(StoredRun run) {
    int turnCount = run.turnCount();
    if (turnCount == 0) {
      return Future.succeededFuture(new ArrayList<>());
    }
    // By id: every store answers that from the _id index, however many turns other runs have.
    JsonArray ids = new JsonArray();
    run.turnRanges().forEach(range -> range.addTurnIds(ids));
    JsonObject turnFilter = new JsonObject().put("team_id", run.teamId())
        .put("_id", new JsonObject().put("$in", ids));
    FindOptions inOrder = new FindOptions()
        .setFields(new JsonObject().put("turn_index", 1).put("pair", 1))
        .setSort(new JsonObject().put("turn_index", 1));
    Future<List<JsonObject>> turnDocs = mongo.findWithOptions(MongoCollections.RUN_TURNS, turnFilter, inOrder);
    Future<List<JsonObject>> commentDocs = mongo.find(MongoCollections.TURN_COMMENTS,
        new JsonObject().put("team_id", run.teamId()).put("run_id", run.id()));
    return Future.all(turnDocs, commentDocs).compose(done -> {
      JsonObject[] pairs = new JsonObject[turnCount];
      for (JsonObject doc : turnDocs.result()) {
        int index = doc.getInteger("turn_index");
        if (index < turnCount) {
          pairs[index] = doc.getJsonObject("pair");
        }
      }
      List<WorkflowRunInputOutputPair> assembled = new ArrayList<>(turnCount);
      for (int index = 0; index < turnCount; index++) {
        if (pairs[index] == null) {
          return Future.failedFuture(missingTurn(run.id(), index));
        }
        WorkflowRunInputOutputPair pair = Json.fromJson(pairs[index], WorkflowRunInputOutputPair.class);
        if (pair.comments == null) {
          pair.comments = new ArrayList<>();
        }
        assembled.add(pair);
      }
      for (JsonObject doc : commentDocs.result()) {
        int index = doc.getInteger("turn_index");
        if (index < turnCount) {
          doc.getJsonArray("comments", new JsonArray()).forEach(comment ->
              assembled.get(index).comments.add(Json.fromJson((JsonObject) comment, CommentConfig.class)));
        }
      }
      return Future.succeededFuture(assembled);
    });
  }

  private static ServiceException missingTurn(String runId, int turnIndex) {
    return new ServiceException(FailureCode.INTERNAL,
        "turn " + turnIndex + " of run " + runId + " is missing from the database");
  }
}
