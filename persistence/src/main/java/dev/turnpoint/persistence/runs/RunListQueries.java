package dev.turnpoint.persistence.runs;

import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.persistence.MongoCollections;
import dev.turnpoint.service.Page;
import dev.turnpoint.service.RunQuery;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import static dev.turnpoint.persistence.StoreCalls.containsIgnoringCase;
import static dev.turnpoint.persistence.StoreCalls.require;
import static dev.turnpoint.persistence.StoreCalls.requirePaging;
import static dev.turnpoint.persistence.StoreCalls.timestamp;

/**
 * Queries over many runs: a team's run list (projection rows, see {@link RunListRows}), and the stale active runs of
 * every team for the reaper (never one whose lease is unexpired by the store's clock).
 */
final class RunListQueries {

  private static final JsonArray ACTIVE_STATUSES = statuses(WorkflowStatus.ACTIVE);

  private final MongoClient mongo;
  private final RunReads reads;
  private final Clock clock;

  RunListQueries(MongoClient mongo, RunReads reads, Clock clock) {
    this.mongo = mongo;
    this.reads = reads;
    this.clock = clock;
  }

  Future<Page<RunDocument>> listRuns(String teamId, RunQuery query) {
    require(query, "run query");
    requirePaging(query.page(), query.size());
    JsonObject filter = StoredRun.byTeam(teamId);
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
  }

  Future<List<RunRecord>> findStaleRuns(String updatedBefore, int limit) {
    String before = timestamp(updatedBefore, "updatedBefore");
    if (limit < 1 || limit > MongoRunStore.MAX_STALE_BATCH) {
      throw ServiceException.invalid("limit must be between 1 and " + MongoRunStore.MAX_STALE_BATCH);
    }
    JsonObject filter = new JsonObject()
        .put("workflow_run.status", new JsonObject().put("$in", ACTIVE_STATUSES))
        .put("updated_at", new JsonObject().put("$lt", before))
        .put("$or", StoredRun.leaseFree(clock.millis()));
    FindOptions oldestFirst = new FindOptions()
        .setFields(RunReads.WITHOUT_LAST_TURN)
        .setSort(new JsonObject().put("updated_at", 1))
        .setLimit(limit);
    return mongo.findWithOptions(MongoCollections.WORKFLOW_RUNS, filter, oldestFirst)
        .compose(rows -> Future.all(rows.stream()
            .map(doc -> reads.withLatestCheckpoint(new StoredRun(doc))).toList()))
        .map(all -> all.<StoredRun>list().stream().map(reads::record).toList());
  }

  /** The wire names of {@code statuses}, for an {@code $in} or {@code $nin} condition. */
  static JsonArray statuses(Set<WorkflowStatus> statuses) {
    JsonArray wire = new JsonArray();
    statuses.forEach(status -> wire.add(status.wire()));
    return wire;
  }
}
