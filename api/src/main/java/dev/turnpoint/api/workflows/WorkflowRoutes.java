package dev.turnpoint.api.workflows;

import dev.turnpoint.api.http.AdminOnly;
import dev.turnpoint.api.http.ApiPaths;
import dev.turnpoint.api.http.Caller;
import dev.turnpoint.api.http.JsonFields;
import dev.turnpoint.api.http.OffLoop;
import dev.turnpoint.api.http.PageRequest;
import dev.turnpoint.api.http.RequestInput;
import dev.turnpoint.api.http.Responses;
import dev.turnpoint.api.openapi.ModelSchemas;
import dev.turnpoint.api.openapi.OpenApiOperation;
import dev.turnpoint.api.openapi.Schemas;
import dev.turnpoint.model.validation.WorkflowLimits;
import dev.turnpoint.model.workflow.WorkflowConfig;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.service.PageQuery;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;


import static dev.turnpoint.api.openapi.OpenApiOperation.operation;

/** Workflows (spec §2.4): create, list, read, rename and delete. */
public final class WorkflowRoutes {

  static final String WORKFLOWS = ApiPaths.BASE + "/workflows";
  static final String WORKFLOW = WORKFLOWS + "/:workflow_id";
  static final int NAME_MAX = 256;
  static final int DESCRIPTION_MAX = 10_000;
  static final int PAGE_SIZE_MAX = 1000;
  private static final String TAG = "Workflows";

  private final WorkflowStore workflows;
  private final ExecutionUrls executionUrls;
  private final ModelSchemas models;
  private final WorkflowLimits limits;

  public WorkflowRoutes(WorkflowStore workflows, ExecutionUrls executionUrls, ModelSchemas models,
                        WorkflowLimits limits) {
    this.workflows = workflows;
    this.executionUrls = executionUrls;
    this.models = models;
    this.limits = limits;
  }

  public void mount(Router router) {
    router.post(WORKFLOWS).handler(AdminOnly.to("create workflows")).handler(this::create)
        .putMetadata(OpenApiOperation.METADATA_KEY, createDoc());
    router.get(WORKFLOWS).handler(this::list).putMetadata(OpenApiOperation.METADATA_KEY, listDoc());
    router.get(WORKFLOW).handler(this::get).putMetadata(OpenApiOperation.METADATA_KEY, getDoc());
    router.patch(WORKFLOW).handler(AdminOnly.to("change workflows")).handler(this::update)
        .putMetadata(OpenApiOperation.METADATA_KEY, updateDoc());
    router.delete(WORKFLOW).handler(AdminOnly.to("delete workflows")).handler(this::delete)
        .putMetadata(OpenApiOperation.METADATA_KEY, deleteDoc());
  }

  /** Reading, checking and sending a graph of megabytes takes a while: it is done on a worker thread. */
  private void create(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Responses.json(ctx, 200, OffLoop.start(ctx, () -> workflows.createWorkflow(caller.teamId(), caller.userId(),
            WorkflowGraphs.prepare(newGraph(ctx))))
        .map(this::withExecutionUrl));
  }

  /** The graph of a create request, with its name and description; refuses it with 422 when it is invalid. */
  private WorkflowConfigFullyHydrated newGraph(RoutingContext ctx) {
    WorkflowGraphs.checkSize(ctx, limits);
    RequestInput input = RequestInput.of(ctx);
    JsonFields body = input.jsonBody();
    WorkflowConfigFullyHydrated graph;
    if (WorkflowGraphs.isGraph(body.node())) {
      graph = WorkflowGraphs.readGraph(body, limits);
    } else {
      JsonFields config = body.optionalObject("config");
      graph = config == null ? new WorkflowConfigFullyHydrated() : WorkflowGraphs.readConfig(config, limits);
    }
    String name = body.optionalString("name", NAME_MAX);
    String description = body.optionalText("description", DESCRIPTION_MAX);
    if (graph != null && name == null && !body.has("name")) {
      String configured = graph.workflowConfig.name;
      if (configured == null || configured.isBlank()) {
        body.reject("Field required", "missing", "name");
      }
    }
    input.validate();
    if (name != null) {
      graph.workflowConfig.name = name;
    }
    if (description != null) {
      graph.workflowConfig.description = description;
    }
    return graph;
  }

  private void list(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    PageRequest page = input.pageQuery(100, PAGE_SIZE_MAX);
    String search = input.stringQuery("search", 200);
    input.validate();
    Caller caller = Caller.of(ctx);
    PageQuery query = new PageQuery(page.storePage(), page.storeSize(), search);
    Responses.json(ctx, 200, workflows.listWorkflows(caller.teamId(), query)
        .map(found -> page.answer("workflows", Responses.array(page.items(found.items()), WorkflowViews::workflow),
            found.total())));
  }

  private void get(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String workflowId = input.objectIdPath("workflow_id");
    boolean fullyHydrate = input.booleanQuery("fully_hydrate", false);
    input.validate();
    Caller caller = Caller.of(ctx);
    Future<WorkflowDocument> workflow = workflows.getWorkflow(caller.teamId(), workflowId);
    Future<JsonObject> view = fullyHydrate
        ? workflow.compose(doc -> workflows.getVersion(caller.teamId(), workflowId, doc.activeVersionNumber)
            .compose(active -> OffLoop.run(ctx, () -> WorkflowViews.workflowWithGraph(doc, active))))
        : workflow.map(WorkflowViews::workflow);
    Responses.view(ctx, 200, view, json -> new JsonObject().put("workflow", json)
        .put("execution_url", executionUrls.forWorkflow(workflowId)));
  }

  private void update(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String workflowId = input.objectIdPath("workflow_id");
    JsonFields body = input.jsonBody();
    String name = body.optionalString("name", NAME_MAX);
    String description = body.optionalText("description", DESCRIPTION_MAX);
    input.validate();
    Caller caller = Caller.of(ctx);
    Responses.json(ctx, 200, workflows.updateWorkflow(caller.teamId(), caller.userId(), workflowId, name,
        description).map(this::withExecutionUrl));
  }

  private void delete(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String workflowId = input.objectIdPath("workflow_id");
    input.validate();
    Responses.noContent(ctx, workflows.deleteWorkflow(Caller.of(ctx).teamId(), workflowId));
  }

  private JsonObject withExecutionUrl(WorkflowDocument doc) {
    return new JsonObject().put("workflow", WorkflowViews.workflow(doc))
        .put("execution_url", executionUrls.forWorkflow(doc.id));
  }

  // ---- OpenAPI ----------------------------------------------------------------------------------------------------

  private JsonObject workflowAnswer() {
    return Schemas.object()
        .required("workflow", WorkflowViews.workflowSchema(models))
        .required("execution_url", Schemas.string().put("format", "uri")).build();
  }

  private OpenApiOperation createDoc() {
    JsonObject config = Schemas.anyOf(models.ref(WorkflowConfig.class),
        models.ref(WorkflowConfigFullyHydrated.class));
    JsonObject simple = Schemas.object()
        .required("name", Schemas.string(1, NAME_MAX))
        .optional("description", Schemas.nullableString(DESCRIPTION_MAX))
        .optional("config", Schemas.anyOf(config, new JsonObject().put("type", "null"))).build();
    JsonObject hydrated = Schemas.allOf(models.ref(WorkflowConfigFullyHydrated.class), Schemas.object()
        .optional("name", Schemas.string(1, NAME_MAX))
        .optional("description", Schemas.nullableString(DESCRIPTION_MAX)).build());
    return operation(TAG, "Create Workflow").adminOnly()
        .description("Creates a workflow and its version 0, \"Initial Version\", which is active. The body is either"
            + " `{name, description?, config?}` (config: workflow settings or a whole graph) or a whole graph with"
            + " `name`/`description` at the top level. Nodes and edges without a `logical_id` get one. A graph"
            + " that breaks a rule answers 400 listing every rule broken; one larger than the configured limits"
            + " (nodes, edges, global nodes, text and condition lengths) answers 422 at the part too large.")
        .jsonBody(Schemas.anyOf(simple, hydrated), "The new workflow")
        .response(200, "The created workflow", workflowAnswer())
        .error(400, "The graph breaks a rule");
  }

  private OpenApiOperation listDoc() {
    return operation(TAG, "Get Workflows")
        .description("The team's workflows, newest first.")
        .queryParam("page", Schemas.integer(1).put("default", 1), "Page number, from 1")
        .queryParam("size", Schemas.integer(1, PAGE_SIZE_MAX, 100), "Page size")
        .queryParam("search", Schemas.nullableString(200), "Matches name or description, ignoring case")
        .response(200, "One page of workflows",
            PageRequest.schema("workflows", WorkflowViews.workflowSchema(models)));
  }

  private OpenApiOperation getDoc() {
    return operation(TAG, "Get Workflow")
        .pathParam("workflow_id", Schemas.objectId(), "The workflow")
        .queryParam("fully_hydrate", Schemas.bool(false),
            "Answer the whole graph of the active version as `workflow.workflow_config`")
        .response(200, "The workflow; with `fully_hydrate`, its `workflow_config` is the active version's graph",
            Schemas.object()
                .required("workflow", Schemas.anyOf(WorkflowViews.workflowSchema(models),
                    WorkflowViews.workflowWithGraphSchema(models)))
                .required("execution_url", Schemas.string().put("format", "uri")).build())
        .error(404, "No such workflow for this team");
  }

  private OpenApiOperation updateDoc() {
    return operation(TAG, "Update Workflow").adminOnly()
        .description("Renames or re-describes a workflow; fields left out stay as they are.")
        .pathParam("workflow_id", Schemas.objectId(), "The workflow")
        .jsonBody(Schemas.object()
            .optional("name", Schemas.string(1, NAME_MAX))
            .optional("description", Schemas.nullableString(DESCRIPTION_MAX)).build(), "What changes")
        .response(200, "The updated workflow", workflowAnswer())
        .error(404, "No such workflow for this team");
  }

  private OpenApiOperation deleteDoc() {
    return operation(TAG, "Delete Workflow").adminOnly()
        .description("Deletes a workflow and all its versions.")
        .pathParam("workflow_id", Schemas.objectId(), "The workflow")
        .emptyResponse(204, "Deleted")
        .error(404, "No such workflow for this team");
  }
}
