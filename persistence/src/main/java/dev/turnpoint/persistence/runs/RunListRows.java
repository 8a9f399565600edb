package dev.turnpoint.persistence.runs;

import dev.turnpoint.model.Json;
import dev.turnpoint.model.run.RunDocument;
import io.vertx.core.json.JsonObject;

/**
 * Rows of the run list (the spec's projection model): the envelope and a {@code workflow_run} holding only its
 * logical id, workflow, status and fork lineage. Model fields outside the projection are null in a row, not their
 * defaults, so a row is never mistaken for a whole run.
 */
final class RunListRows {

  static final JsonObject PROJECTION = new JsonObject()
      .put("_id", 1)
      .put("team_id", 1)
      .put("created_by", 1)
      .put("updated_by", 1)
      .put("created_at", 1)
      .put("updated_at", 1)
      .put("workflow_run.logical_id", 1)
      .put("workflow_run.workflow_id", 1)
      .put("workflow_run.status", 1)
      .put("workflow_run.source_workflow_run_id", 1)
      .put("workflow_run.checkpoint_source_turn_index", 1);

  private RunListRows() {
  }

  static RunDocument toRow(JsonObject doc) {
    RunDocument row = Json.fromJson(doc, RunDocument.class);
    row.workflowRun.versionNumber = null;
    row.workflowRun.versionName = null;
    row.workflowRun.inputOutputPairs = null;
    row.workflowRun.comments = null;
    return row;
  }
}
