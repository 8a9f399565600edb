package dev.turnpoint.persistence.runs;

import dev.turnpoint.persistence.MongoCollections;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import static dev.turnpoint.persistence.StoreCalls.require;
import static dev.turnpoint.persistence.StoreCalls.requireText;

/**
 * Where a run's evaluations are recorded: the run-level link to its evaluation run in the run document
 * ({@code workflow_run.evaluation_run_info}), and a turn's evaluation in its turn document ({@code pair.evaluation}).
 * Neither changes the turns or the status of the run, so a turn in progress is not disturbed.
 */
final class EvaluationLinks {

  static final String EVALUATION_RUN_ID = StoredRun.WORKFLOW_RUN + ".evaluation_run_info.evaluation_workflow_run_id";
  private static final JsonObject TURN_FIELDS = new JsonObject().put(StoredRun.TURN_COUNT, 1)
      .put(StoredRun.SEGMENTS, 1);

  private final MongoClient mongo;
  private final RunReads reads;

  EvaluationLinks(MongoClient mongo, RunReads reads) {
    this.mongo = mongo;
    this.reads = reads;
  }

  Future<Void> linkEvaluation(String teamId, String runId, String evaluationRunId) {
    requireText(evaluationRunId, "evaluation run id");
    JsonObject filter = StoredRun.byId(teamId, runId).put(EVALUATION_RUN_ID, null);
    JsonObject update = new JsonObject()
        .put("$set", new JsonObject().put(StoredRun.WORKFLOW_RUN + ".evaluation_run_info",
            new JsonObject().put("evaluation_workflow_run_id", evaluationRunId)))
        .put("$inc", new JsonObject().put(StoredRun.REVISION, 1));
    return mongo.updateCollection(MongoCollections.WORKFLOW_RUNS, filter, update)
        .compose(result -> result.getDocMatched() == 1 ? Future.<Void>succeededFuture()
            : reads.load(teamId, runId, new JsonObject().put(EVALUATION_RUN_ID, 1)).compose(run ->
                evaluationRunId.equals(run.evaluationRunId()) ? Future.<Void>succeededFuture()
                    : Future.failedFuture(ServiceException.conflict("run " + runId
                        + " is already evaluated by run " + run.evaluationRunId()))));
  }

  Future<Void> recordTurnEvaluation(String teamId, String runId, int turnIndex, JsonObject evaluation) {
    require(evaluation, "evaluation");
    return reads.loadWithTurn(teamId, runId, turnIndex, TURN_FIELDS).compose(run -> {
      if (turnIndex < run.firstOwnTurnIndex()) {
        return Future.failedFuture(ServiceException.outOfRange("turn " + turnIndex + " of run " + runId
            + " is inherited from the run it was forked from"));
      }
      JsonObject filter = StoredRun.byTeam(teamId).put("_id", RunTurns.turnId(runId, turnIndex));
      JsonObject update = new JsonObject().put("$set", new JsonObject().put("pair.evaluation", evaluation));
      return mongo.updateCollection(MongoCollections.RUN_TURNS, filter, update).mapEmpty();
    });
  }
}
