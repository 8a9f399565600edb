package dev.turnpoint.api.workflows;

import dev.turnpoint.api.http.LlmSecrets;
import dev.turnpoint.api.openapi.ModelSchemas;
import dev.turnpoint.api.openapi.Schemas;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.workflow.WorkflowConfig;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.model.workflow.WorkflowVersion;
import io.vertx.core.json.JsonObject;

/**
 * The JSON of workflows and versions as the API answers them: the stored documents, credentials masked, plus the
 * conveniences the SDK reads ({@code name}, {@code description} and {@code active_version_number} on a workflow,
 * {@code is_active} on a version).
 */
final class WorkflowViews {

  private WorkflowViews() {
  }

  static JsonObject workflow(WorkflowDocument doc) {
    JsonObject json = Json.toJson(doc);
    WorkflowConfig settings = doc.workflowConfig == null ? new WorkflowConfig() : doc.workflowConfig;
    json.put("name", settings.name).put("description", settings.description);
    return LlmSecrets.redact(json);
  }

  /** A workflow whose {@code workflow_config} is the whole graph of one of its versions. */
  static JsonObject workflowWithGraph(WorkflowDocument doc, WorkflowVersion version) {
    return workflow(doc).put("workflow_config", LlmSecrets.redact(Json.toJson(version.hydrated())));
  }

  static JsonObject version(WorkflowVersion version, int activeVersionNumber) {
    JsonObject json = Json.toJson(version);
    json.put("is_active", version.versionNumber == activeVersionNumber);
    return LlmSecrets.redact(json);
  }

  /** The schema of {@link #workflow}: the stored document plus its conveniences. */
  static JsonObject workflowSchema(ModelSchemas models) {
    return Schemas.allOf(models.ref(WorkflowDocument.class), Schemas.object()
        .optional("name", Schemas.nullableString())
        .optional("description", Schemas.nullableString()).build());
  }

  /** The schema of {@link #workflowWithGraph}. */
  static JsonObject workflowWithGraphSchema(ModelSchemas models) {
    return Schemas.allOf(workflowSchema(models), Schemas.object()
        .required("workflow_config", models.ref(WorkflowConfigFullyHydrated.class)).build());
  }

  static JsonObject versionSchema(ModelSchemas models) {
    return Schemas.allOf(models.ref(WorkflowVersion.class), Schemas.object()
        .required("is_active", new JsonObject().put("type", "boolean")).build());
  }
}
