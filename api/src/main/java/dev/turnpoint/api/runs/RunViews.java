package dev.turnpoint.api.runs;

import dev.turnpoint.api.http.LlmSecrets;
import dev.turnpoint.api.openapi.ModelSchemas;
import dev.turnpoint.api.openapi.Schemas;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowStatus;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/** The JSON of runs as the API answers them, credentials in the pinned graph masked. */
final class RunViews {

  /** The fields of {@code workflow_run} a list row carries (the spec's projection model plus fork lineage). */
  private static final List<String> ROW_FIELDS = List.of("logical_id", "workflow_id", "status",
      "source_workflow_run_id", "checkpoint_source_turn_index");

  private RunViews() {
  }

  /** {@code {"workflow_run": <envelope>}}. */
  static JsonObject envelope(RunDocument run) {
    return new JsonObject().put("workflow_run", LlmSecrets.redact(Json.toJson(run)));
  }

  static JsonObject row(RunDocument row) {
    JsonObject json = Json.toJson(row);
    JsonObject full = json.getJsonObject("workflow_run", new JsonObject());
    JsonObject projected = new JsonObject();
    ROW_FIELDS.forEach(field -> projected.put(field, full.getValue(field)));
    return json.put("workflow_run", projected);
  }

  static JsonObject envelopeSchema(ModelSchemas models) {
    return Schemas.object().required("workflow_run", models.ref(RunDocument.class)).build();
  }

  static JsonObject rowSchema() {
    JsonObject run = Schemas.object()
        .required("logical_id", Schemas.nullableString())
        .required("workflow_id", Schemas.nullableString())
        .required("status", Schemas.enumOf(wireStatuses()))
        .required("source_workflow_run_id", Schemas.nullableString())
        .required("checkpoint_source_turn_index", Schemas.nullableInteger(0)).build();
    Schemas.ObjectSchema row = Schemas.object().required("_id", Schemas.objectId());
    for (String field : List.of("team_id", "created_by", "updated_by", "created_at", "updated_at")) {
      row.required(field, Schemas.nullableString());
    }
    return row.required("workflow_run", run).build();
  }

  private static Object[] wireStatuses() {
    return Arrays.stream(WorkflowStatus.values()).map(WorkflowStatus::wire).toArray();
  }
}
