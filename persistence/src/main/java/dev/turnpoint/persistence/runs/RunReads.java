package dev.turnpoint.persistence.runs;

import dev.turnpoint.persistence.MongoCollections;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

/**
 * Reading runs: a run document by team and id, the run with its turns or with its latest checkpoint, and the
 * checkpoint after one turn. The other parts of the run store read and answer runs through it.
 *
 * <p><b>Checkpoints.</b> {@link #getCheckpoint} answers, for turn {@code k}, the state this run continues from after
 * turn {@code k}: for a fork's last inherited turn that is the checkpoint the fork was created from (which may carry
 * overrides, and is what a fork of the fork at that index must resume from), otherwise the checkpoint stored with the
 * turn by whichever run owns it.
 */
final class RunReads {

  /** Run-document fields never needed to answer a {@link RunRecord} without turns. */
  static final JsonObject WITHOUT_LAST_TURN = new JsonObject().put(StoredRun.LAST_TURN, 0);

  private final MongoClient mongo;
  private final RunTurns turns;

  RunReads(MongoClient mongo, RunTurns turns) {
    this.mongo = mongo;
    this.turns = turns;
  }

  Future<RunRecord> getRun(String teamId, String runId) {
    return load(teamId, runId, null).compose(this::withTurns);
  }

  Future<RunRecord> getRunHeader(String teamId, String runId) {
    return load(teamId, runId, WITHOUT_LAST_TURN).compose(this::withLatestCheckpoint)
        .map(run -> run.toRecord(null));
  }

  Future<JsonObject> getCheckpoint(String teamId, String runId, int turnIndex) {
    return loadWithTurn(teamId, runId, turnIndex).compose(run -> {
      JsonObject resume = run.resumeCheckpoint();
      if (resume != null && resume.getInteger("turn_index") == turnIndex) {
        return Future.succeededFuture(resume.getJsonObject("checkpoint"));
      }
      return turns.checkpoint(teamId, run.rangeOf(turnIndex).ownerRunId(), turnIndex);
    });
  }

  /** The run document with {@code fields} (all when null); NOT_FOUND when the team has no such run. */
  Future<StoredRun> load(String teamId, String runId, JsonObject fields) {
    return mongo.findOne(MongoCollections.WORKFLOW_RUNS, StoredRun.byId(teamId, runId), fields)
        .compose(doc -> doc == null
            ? Future.failedFuture(StoredRun.notFound(runId))
            : Future.succeededFuture(new StoredRun(doc)));
  }

  /** The whole run document, when the run has turn {@code turnIndex}; OUT_OF_RANGE otherwise. */
  Future<StoredRun> loadWithTurn(String teamId, String runId, int turnIndex) {
    return load(teamId, runId, null).compose(run -> turnIndex >= 0 && turnIndex < run.turnCount()
        ? Future.succeededFuture(run)
        : Future.failedFuture(ServiceException.outOfRange(
            "run " + runId + " has " + run.turnCount() + " turns; there is no turn " + turnIndex)));
  }

  /** One conditional update of a run document, answering it as it is afterwards (null when nothing matched). */
  Future<JsonObject> updateAndReturn(JsonObject filter, JsonObject update, JsonObject fields) {
    FindOptions options = new FindOptions();
    if (fields != null) {
      options.setFields(fields);
    }
    return mongo.findOneAndUpdateWithOptions(MongoCollections.WORKFLOW_RUNS, filter, update, options,
        new UpdateOptions().setReturningNewDocument(true));
  }

  /** The run with all its turns; call it only with a whole run document. */
  Future<RunRecord> withTurns(StoredRun run) {
    return withLatestCheckpoint(run).compose(latest -> turns.assemble(latest).map(latest::toRecord));
  }

  /**
   * The run with {@code last_checkpoint} filled in: a committed turn keeps its checkpoint only in its turn document,
   * so for a run whose latest turn is its own this reads it from there. Call it only with documents read with their
   * {@code last_checkpoint}.
   */
  Future<StoredRun> withLatestCheckpoint(StoredRun run) {
    if (run.lastCheckpoint() != null || run.turnCount() == 0) {
      return Future.succeededFuture(run);
    }
    return turns.checkpoint(run.teamId(), run.id(), run.turnCount() - 1).map(run::withLastCheckpoint);
  }
}
