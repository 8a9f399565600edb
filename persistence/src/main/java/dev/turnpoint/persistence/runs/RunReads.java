package dev.turnpoint.persistence.runs;

import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.persistence.MongoCollections;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Clock;
import java.util.List;

/**
 * Reading runs: a run document by team and id, the run with its turns or with its latest checkpoint, and the
 * checkpoint after one turn. The other parts of the run store read and answer runs through it; a run's lease shows in
 * its answer while it is unexpired by the store's clock.
 *
 * <p><b>Checkpoints.</b> {@link #getCheckpoint} answers, for turn {@code k}, the state the run continues from after
 * turn {@code k}. Where a run of its lineage was forked after turn {@code k} and the run has that fork's later turns
 * (or is that fork), that is the checkpoint the fork was created from, which may carry overrides: the turns after
 * {@code k} ran from it, not from what the source stored ({@link StoredRun#forkedAfter}). A fork of a fork at any
 * depth finds that run in its own segments, and one more read by id gets its creation checkpoint. If that run was
 * deleted, its creation checkpoint went with it, and the checkpoint stored with the turn by whichever run owns it is
 * the answer, as it is for every other turn.
 */
final class RunReads {

  /** Run-document fields never needed to answer a {@link RunRecord} without turns. */
  static final JsonObject WITHOUT_LAST_TURN = new JsonObject().put(StoredRun.LAST_TURN, 0);
  /** What a read needs that only tells a missing run (NOT_FOUND) from a present one, or answers its status. */
  static final JsonObject STATUS_ONLY = new JsonObject().put(StoredRun.WORKFLOW_RUN + ".status", 1);

  /**
   * What {@link #getCheckpoint} reads of the run: where its turns live and its own fork point, not the workflow
   * snapshot and checkpoints a whole run document carries.
   */
  private static final JsonObject CHECKPOINT_LOOKUP = new JsonObject().put(StoredRun.TEAM_ID, 1)
      .put(StoredRun.TURN_COUNT, 1).put(StoredRun.SEGMENTS, 1).put(StoredRun.RESUME_CHECKPOINT, 1);
  /** What {@link #getCheckpoint} reads of the fork whose creation checkpoint a turn answers. */
  private static final JsonObject CREATION_CHECKPOINT = new JsonObject().put(StoredRun.RESUME_CHECKPOINT, 1);

  private final MongoClient mongo;
  private final RunTurns turns;
  private final Clock clock;

  RunReads(MongoClient mongo, RunTurns turns, Clock clock) {
    this.mongo = mongo;
    this.turns = turns;
    this.clock = clock;
  }

  Future<RunRecord> getRun(String teamId, String runId) {
    return load(teamId, runId, null).compose(this::withTurns);
  }

  Future<RunRecord> getRunHeader(String teamId, String runId) {
    return load(teamId, runId, WITHOUT_LAST_TURN).compose(this::withLatestCheckpoint)
        .map(this::record);
  }

  Future<JsonObject> getCheckpoint(String teamId, String runId, int turnIndex) {
    return loadWithTurn(teamId, runId, turnIndex, CHECKPOINT_LOOKUP).compose(run -> {
      String forked = run.forkedAfter(turnIndex);
      if (forked == null) {
        return storedCheckpoint(run, turnIndex);
      }
      if (forked.equals(run.id())) {
        return Future.succeededFuture(run.creationCheckpoint());
      }
      return creationCheckpoint(teamId, forked).compose(created -> created != null
          ? Future.succeededFuture(created)
          : storedCheckpoint(run, turnIndex));
    });
  }

  /** The checkpoint stored with turn {@code turnIndex} by the run that owns it. */
  private Future<JsonObject> storedCheckpoint(StoredRun run, int turnIndex) {
    return turns.checkpoint(run.teamId(), run.rangeOf(turnIndex).ownerRunId(), turnIndex);
  }

  /** The checkpoint fork {@code forkId} was created from, or null when it was deleted. */
  private Future<JsonObject> creationCheckpoint(String teamId, String forkId) {
    return mongo.findOne(MongoCollections.WORKFLOW_RUNS, StoredRun.byId(teamId, forkId), CREATION_CHECKPOINT)
        .map(doc -> doc == null ? null : new StoredRun(doc).creationCheckpoint());
  }

  /** The run as services see it now, without its turns. */
  RunRecord record(StoredRun run) {
    return run.toRecord(null, clock.millis());
  }

  /** The run as services see it now, with {@code pairs} as its turns. */
  RunRecord record(StoredRun run, List<WorkflowRunInputOutputPair> pairs) {
    return run.toRecord(pairs, clock.millis());
  }

  /** The run document with {@code fields} (all when null); NOT_FOUND when the team has no such run. */
  Future<StoredRun> load(String teamId, String runId, JsonObject fields) {
    return mongo.findOne(MongoCollections.WORKFLOW_RUNS, StoredRun.byId(teamId, runId), fields)
        .compose(doc -> doc == null
            ? Future.failedFuture(StoredRun.notFound(runId))
            : Future.succeededFuture(new StoredRun(doc)));
  }

  /** The run document with {@code fields} (all when null), when it has turn {@code turnIndex}; OUT_OF_RANGE if not. */
  Future<StoredRun> loadWithTurn(String teamId, String runId, int turnIndex, JsonObject fields) {
    return load(teamId, runId, fields).compose(run -> turnIndex >= 0 && turnIndex < run.turnCount()
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
    return withLatestCheckpoint(run).compose(latest -> turns.assemble(latest).map(pairs -> record(latest, pairs)));
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
