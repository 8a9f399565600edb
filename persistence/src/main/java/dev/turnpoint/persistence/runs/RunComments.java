package dev.turnpoint.persistence.runs;

import dev.turnpoint.model.Json;
import dev.turnpoint.model.Timestamps;
import dev.turnpoint.model.run.CommentConfig;
import dev.turnpoint.persistence.MongoCollections;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import static dev.turnpoint.persistence.StoreCalls.require;
import static dev.turnpoint.persistence.StoreCalls.requireText;

/**
 * Comments on runs and on their turns. Run comments live in {@code workflow_run.comments}. Turn comments live in
 * {@value MongoCollections#TURN_COMMENTS}, keyed by the run they were made on and the turn index, and are merged into
 * the pairs when the run is read: a comment on a fork's inherited turn stays on the fork, and a fork starts without
 * the source's turn comments. Turn comments do not change the run's revision, so they never make a concurrent status
 * change fail.
 */
final class RunComments {

  private final MongoClient mongo;
  private final RunReads reads;

  RunComments(MongoClient mongo, RunReads reads) {
    this.mongo = mongo;
    this.reads = reads;
  }

  Future<RunRecord> addRunComment(String teamId, String runId, CommentConfig comment) {
    requireComment(comment);
    JsonObject update = new JsonObject()
        .put("$push", new JsonObject().put("workflow_run.comments", Json.toJson(comment)))
        .put("$set", commentAuthorship(comment))
        .put("$inc", new JsonObject().put(StoredRun.REVISION, 1));
    return reads.updateAndReturn(StoredRun.byId(teamId, runId), update, null)
        .compose(doc -> doc == null
            ? Future.failedFuture(StoredRun.notFound(runId))
            : reads.withTurns(new StoredRun(doc)));
  }

  Future<RunRecord> deleteRunComment(String teamId, String runId, String commentLogicalId) {
    requireText(commentLogicalId, "comment id");
    JsonObject filter = StoredRun.byId(teamId, runId).put("workflow_run.comments.logical_id", commentLogicalId);
    JsonObject update = new JsonObject()
        .put("$pull", new JsonObject().put("workflow_run.comments",
            new JsonObject().put("logical_id", commentLogicalId)))
        .put("$set", new JsonObject().put("updated_at", Timestamps.now()))
        .put("$inc", new JsonObject().put(StoredRun.REVISION, 1));
    return reads.updateAndReturn(filter, update, null)
        .compose(doc -> doc != null
            ? reads.withTurns(new StoredRun(doc))
            : reads.load(teamId, runId, RunReads.STATUS_ONLY).compose(run ->
                Future.failedFuture(commentNotFound(commentLogicalId))));
  }

  Future<RunRecord> addTurnComment(String teamId, String runId, int turnIndex, CommentConfig comment) {
    requireComment(comment);
    return reads.loadWithTurn(teamId, runId, turnIndex, null).compose(run -> {
      JsonObject update = new JsonObject()
          .put("$setOnInsert", new JsonObject().put("run_id", runId).put("turn_index", turnIndex))
          .put("$push", new JsonObject().put("comments", Json.toJson(comment)))
          .put("$inc", new JsonObject().put(StoredRun.REVISION, 1));
      return mongo.updateCollectionWithOptions(MongoCollections.TURN_COMMENTS,
              turnCommentsFilter(teamId, runId, turnIndex), update, new UpdateOptions().setUpsert(true))
          .compose(done -> reads.withTurns(run));
    });
  }

  Future<RunRecord> deleteTurnComment(String teamId, String runId, int turnIndex, String commentLogicalId) {
    requireText(commentLogicalId, "comment id");
    return reads.loadWithTurn(teamId, runId, turnIndex, null).compose(run -> {
      JsonObject filter = turnCommentsFilter(teamId, runId, turnIndex).put("comments.logical_id", commentLogicalId);
      JsonObject update = new JsonObject()
          .put("$pull", new JsonObject().put("comments", new JsonObject().put("logical_id", commentLogicalId)))
          .put("$inc", new JsonObject().put(StoredRun.REVISION, 1));
      return mongo.updateCollection(MongoCollections.TURN_COMMENTS, filter, update)
          .compose(result -> result.getDocMatched() == 0
              ? Future.failedFuture(commentNotFound(commentLogicalId))
              : reads.withTurns(run));
    });
  }

  private static JsonObject turnCommentsFilter(String teamId, String runId, int turnIndex) {
    return StoredRun.byTeam(teamId).put("_id", RunTurns.turnId(runId, turnIndex));
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

  private static ServiceException commentNotFound(String commentLogicalId) {
    return ServiceException.notFound("comment " + commentLogicalId + " not found");
  }
}
