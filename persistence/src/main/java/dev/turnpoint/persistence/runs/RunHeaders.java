package dev.turnpoint.persistence.runs;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.Timestamps;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.persistence.MongoCollections;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.StatusChange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.List;

import static dev.turnpoint.persistence.StoreCalls.require;
import static dev.turnpoint.persistence.StoreCalls.requireTeam;
import static dev.turnpoint.persistence.StoreCalls.requireText;

/** The writes of a run document that involve no turn: creating a run, and changing its status at a revision. */
final class RunHeaders {

  private final MongoClient mongo;
  private final RunReads reads;

  RunHeaders(MongoClient mongo, RunReads reads) {
    this.mongo = mongo;
    this.reads = reads;
  }

  Future<RunRecord> createRun(String teamId, String userId, WorkflowRun run) {
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
    return mongo.insert(MongoCollections.WORKFLOW_RUNS, doc).map(id -> reads.record(new StoredRun(doc)));
  }

  Future<RunRecord> changeStatus(String teamId, String runId, StatusChange change) {
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
    JsonObject filter = StoredRun.byId(teamId, runId).put(StoredRun.REVISION, change.expectedRevision());
    return reads.updateAndReturn(filter, update, RunReads.WITHOUT_LAST_TURN)
        .compose(doc -> doc != null
            ? reads.withLatestCheckpoint(new StoredRun(doc)).map(reads::record)
            : reads.load(teamId, runId, RunReads.STATUS_ONLY).compose(run -> Future.failedFuture(
                ServiceException.conflict("run " + runId + " changed: its revision is no longer "
                    + change.expectedRevision()))));
  }
}
