package dev.turnpoint.api.workflows;

import dev.turnpoint.api.http.AdminOnly;
import dev.turnpoint.api.http.Caller;
import dev.turnpoint.api.http.JsonFields;
import dev.turnpoint.api.http.LlmSecrets;
import dev.turnpoint.api.http.OffLoop;
import dev.turnpoint.api.http.PageRequest;
import dev.turnpoint.api.http.RequestInput;
import dev.turnpoint.api.http.Responses;
import dev.turnpoint.api.openapi.ModelSchemas;
import dev.turnpoint.api.openapi.OpenApiOperation;
import dev.turnpoint.api.openapi.Schemas;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.validation.WorkflowLimits;
import dev.turnpoint.model.workflow.WorkflowConfig;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.model.workflow.WorkflowVersion;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;


import static dev.turnpoint.api.openapi.OpenApiOperation.operation;

/** Versions of a workflow (spec §2.3): named snapshots of its graph, exactly one of them active. */
public final class VersionRoutes {

  static final String VERSIONS = WorkflowRoutes.WORKFLOW + "/versions";
  static final String VERSION = VERSIONS + "/:version_number";
  private static final String TAG = "Workflow Versions";
  private static final int VERSION_NAME_MAX = 256;

  private final WorkflowStore workflows;
  private final ModelSchemas models;
  private final WorkflowLimits limits;

  public VersionRoutes(WorkflowStore workflows, ModelSchemas models, WorkflowLimits limits) {
    this.workflows = workflows;
    this.models = models;
    this.limits = limits;
  }

  public void mount(Router router) {
    router.post(VERSIONS).handler(AdminOnly.to("create workflow versions")).handler(this::create)
        .putMetadata(OpenApiOperation.METADATA_KEY, createDoc());
    router.get(VERSIONS).handler(this::list).putMetadata(OpenApiOperation.METADATA_KEY, listDoc());
    router.get(VERSION + "/diff/:other_version_number").handler(this::diff)
        .putMetadata(OpenApiOperation.METADATA_KEY, diffDoc());
    router.patch(VERSION + "/config").handler(AdminOnly.to("change workflow versions"))
        .handler(this::replaceConfig)
        .putMetadata(OpenApiOperation.METADATA_KEY, replaceConfigDoc());
    router.post(VERSION + "/activate").handler(AdminOnly.to("activate workflow versions"))
        .handler(this::activate)
        .putMetadata(OpenApiOperation.METADATA_KEY, activateDoc());
    router.patch(VERSION).handler(AdminOnly.to("rename workflow versions")).handler(this::rename)
        .putMetadata(OpenApiOperation.METADATA_KEY, renameDoc());
    router.delete(VERSION).handler(AdminOnly.to("delete workflow versions")).handler(this::delete)
        .putMetadata(OpenApiOperation.METADATA_KEY, deleteDoc());
  }

  private void create(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String workflowId = input.objectIdPath("workflow_id");
    JsonFields body = input.jsonBody();
    String versionName = body.requiredString("version_name", VERSION_NAME_MAX);
    boolean markAsActive = body.optionalBoolean("mark_as_active", false);
    Integer source = body.optionalInt("source_version_number", 0);
    input.validate();
    Caller caller = Caller.of(ctx);
    Responses.view(ctx, 200, workflows.createVersion(caller.teamId(), caller.userId(), workflowId, versionName,
        markAsActive, source).compose(version -> withParentActiveVersion(ctx, caller, workflowId, version)),
        answer -> answer);
  }

  private void list(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String workflowId = input.objectIdPath("workflow_id");
    input.validate();
    String teamId = Caller.of(ctx).teamId();
    Responses.view(ctx, 200, workflows.getWorkflow(teamId, workflowId)
        .compose(workflow -> workflows.listVersions(teamId, workflowId)
            .map(versions -> PageRequest.whole("versions", Responses.array(versions,
                version -> WorkflowViews.version(version, workflow.activeVersionNumber))))), answer -> answer);
  }

  private void rename(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String workflowId = input.objectIdPath("workflow_id");
    int versionNumber = input.intPath("version_number", 0);
    JsonFields body = input.jsonBody();
    String versionName = body.requiredString("version_name", VERSION_NAME_MAX);
    input.validate();
    Caller caller = Caller.of(ctx);
    Responses.view(ctx, 200, workflows.renameVersion(caller.teamId(), caller.userId(), workflowId, versionNumber,
        versionName).compose(version -> withParentActiveVersion(ctx, caller, workflowId, version)), answer -> answer);
  }

  private void activate(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String workflowId = input.objectIdPath("workflow_id");
    int versionNumber = input.intPath("version_number", 0);
    input.validate();
    Caller caller = Caller.of(ctx);
    Responses.view(ctx, 200, workflows.activateVersion(caller.teamId(), caller.userId(), workflowId, versionNumber)
        .compose(workflow -> workflows.getVersion(caller.teamId(), workflowId, versionNumber)
            .map(active -> new WorkflowWithVersion(workflow, active))),
        shown -> new JsonObject().put("workflow", WorkflowViews.workflowWithGraph(shown.workflow(), shown.version())));
  }

  /**
   * Replaces a version's graph. A whole graph replaces everything; workflow settings alone replace the settings and
   * keep the nodes and edges. Fields the new settings leave out that identify the workflow (logical id, name) keep
   * their stored values, as do masked credentials.
   */
  private void replaceConfig(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Future<ConfigChange> change = OffLoop.run(ctx, () -> readConfigChange(ctx));
    Responses.view(ctx, 200, change
        .compose(read -> workflows.getVersion(caller.teamId(), read.workflowId(), read.versionNumber())
            .compose(stored -> OffLoop.start(ctx, () -> workflows.replaceVersionGraph(caller.teamId(),
                caller.userId(), read.workflowId(), read.versionNumber(),
                WorkflowGraphs.prepare(merge(read.incoming(), read.wholeGraph(), stored.hydrated())))))
            .compose(version -> withParentActiveVersion(ctx, caller, read.workflowId(), version))),
        answer -> answer);
  }

  /** A version's new graph or settings as a request sends them; refuses them with 422 when they are invalid. */
  private ConfigChange readConfigChange(RoutingContext ctx) {
    WorkflowGraphs.checkSize(ctx, limits);
    RequestInput input = RequestInput.of(ctx);
    String workflowId = input.objectIdPath("workflow_id");
    int versionNumber = input.intPath("version_number", 0);
    JsonFields body = input.jsonBody();
    JsonFields config = body.optionalObject("config");
    if (!body.has("config")) {
      body.reject("Field required", "missing", "config");
    }
    boolean wholeGraph = config != null && WorkflowGraphs.isGraph(config.node());
    WorkflowConfigFullyHydrated incoming = config == null ? null : WorkflowGraphs.readConfig(config, limits);
    input.validate();
    return new ConfigChange(workflowId, versionNumber, incoming, wholeGraph);
  }

  /** What a config replacement changes: a whole graph, or the workflow settings alone. */
  private record ConfigChange(String workflowId, int versionNumber, WorkflowConfigFullyHydrated incoming,
                              boolean wholeGraph) {
  }

  /** A workflow and the version it shows. */
  private record WorkflowWithVersion(WorkflowDocument workflow, WorkflowVersion version) {
  }

  private static WorkflowConfigFullyHydrated merge(WorkflowConfigFullyHydrated incoming, boolean wholeGraph,
                                                   WorkflowConfigFullyHydrated stored) {
    WorkflowConfig storedSettings = stored.workflowConfig == null ? new WorkflowConfig() : stored.workflowConfig;
    WorkflowConfigFullyHydrated graph = incoming;
    if (!wholeGraph) {
      graph = Json.copy(stored, WorkflowConfigFullyHydrated.class);
      graph.workflowConfig = incoming.workflowConfig;
    }
    WorkflowConfig settings = graph.workflowConfig;
    if (settings.logicalId == null) {
      settings.logicalId = storedSettings.logicalId;
    }
    if (settings.name == null || settings.name.isBlank()) {
      settings.name = storedSettings.name;
    }
    LlmSecrets.restore(graph, stored);
    return graph;
  }

  private void delete(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String workflowId = input.objectIdPath("workflow_id");
    int versionNumber = input.intPath("version_number", 0);
    input.validate();
    Responses.noContent(ctx, workflows.deleteVersion(Caller.of(ctx).teamId(), workflowId, versionNumber));
  }

  private void diff(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String workflowId = input.objectIdPath("workflow_id");
    int from = input.intPath("version_number", 0);
    int to = input.intPath("other_version_number", 0);
    input.validate();
    String teamId = Caller.of(ctx).teamId();
    Future<WorkflowVersion> before = workflows.getVersion(teamId, workflowId, from);
    Future<WorkflowVersion> after = workflows.getVersion(teamId, workflowId, to);
    Responses.view(ctx, 200, Future.all(before, after),
        both -> VersionDiff.between(before.result(), after.result()));
  }

  /** The answer about a version, its graph's JSON built on a worker thread. */
  private Future<JsonObject> withParentActiveVersion(RoutingContext ctx, Caller caller, String workflowId,
                                                     WorkflowVersion version) {
    return workflows.getWorkflow(caller.teamId(), workflowId).map(workflow -> workflow.activeVersionNumber)
        .compose(active -> OffLoop.run(ctx, () -> new JsonObject()
            .put("version", WorkflowViews.version(version, active))
            .put("parent_active_version", active)));
  }

  // ---- OpenAPI ----------------------------------------------------------------------------------------------------

  private JsonObject versionAnswer() {
    return Schemas.object()
        .required("version", WorkflowViews.versionSchema(models))
        .required("parent_active_version", new JsonObject().put("type", "integer")).build();
  }

  private OpenApiOperation withVersionPath(OpenApiOperation operation) {
    return operation.pathParam("workflow_id", Schemas.objectId(), "The workflow")
        .pathParam("version_number", Schemas.integer(0), "The version");
  }

  private OpenApiOperation createDoc() {
    return operation(TAG, "Create Workflow Version").adminOnly()
        .description("Creates the next version as a copy of `source_version_number` (default: the active version).")
        .pathParam("workflow_id", Schemas.objectId(), "The workflow")
        .jsonBody(Schemas.object()
            .required("version_name", Schemas.string(1, VERSION_NAME_MAX))
            .optional("mark_as_active", Schemas.bool(false))
            .optional("source_version_number", Schemas.nullableInteger(0)).build(), "The new version")
        .response(200, "The new version", versionAnswer())
        .error(404, "No such workflow or source version for this team");
  }

  private OpenApiOperation listDoc() {
    return operation(TAG, "Get Workflow Versions")
        .description("Every version of a workflow, by number (not paginated).")
        .pathParam("workflow_id", Schemas.objectId(), "The workflow")
        .response(200, "The versions", PageRequest.schema("versions", WorkflowViews.versionSchema(models)))
        .error(404, "No such workflow for this team");
  }

  private OpenApiOperation renameDoc() {
    return withVersionPath(operation(TAG, "Update Workflow Version Name").adminOnly())
        .jsonBody(Schemas.object().required("version_name", Schemas.string(1, VERSION_NAME_MAX)).build(),
            "The new name")
        .response(200, "The renamed version", versionAnswer())
        .error(404, "No such workflow or version for this team");
  }

  private OpenApiOperation activateDoc() {
    return withVersionPath(operation(TAG, "Set Active Workflow Version").adminOnly())
        .description("Makes a version the one that runs by default; runs already started keep their version.")
        .response(200, "The workflow, its `workflow_config` the newly active graph", Schemas.object()
            .required("workflow", WorkflowViews.workflowWithGraphSchema(models)).build())
        .error(404, "No such workflow or version for this team");
  }

  private OpenApiOperation replaceConfigDoc() {
    return withVersionPath(operation(TAG, "Update Workflow Version Config").adminOnly())
        .description("Replaces a version's graph. With workflow settings alone, the nodes and edges stay. Masked"
            + " credentials keep their stored values. A graph that breaks a rule answers 400; one larger than the"
            + " configured limits answers 422 at the part too large.")
        .jsonBody(Schemas.object().required("config", Schemas.anyOf(models.ref(WorkflowConfig.class),
            models.ref(WorkflowConfigFullyHydrated.class))).build(), "The new graph or settings")
        .response(200, "The updated version", versionAnswer())
        .error(400, "The graph breaks a rule")
        .error(404, "No such workflow or version for this team");
  }

  private OpenApiOperation deleteDoc() {
    return withVersionPath(operation(TAG, "Delete Workflow Version").adminOnly())
        .emptyResponse(204, "Deleted")
        .error(404, "No such workflow or version for this team")
        .error(409, "The version is the active one");
  }

  private OpenApiOperation diffDoc() {
    return withVersionPath(operation(TAG, "Diff Workflow Versions"))
        .description("What changed from `version_number` to `other_version_number`.")
        .pathParam("other_version_number", Schemas.integer(0), "The version to compare with")
        .response(200, "The differences", VersionDiff.schema())
        .error(404, "No such workflow or version for this team");
  }
}
