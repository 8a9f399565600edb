package dev.turnpoint.api.runs;

import dev.turnpoint.api.http.AdminOnly;
import dev.turnpoint.api.http.ApiPaths;
import dev.turnpoint.api.http.ApiProblem;
import dev.turnpoint.api.http.Caller;
import dev.turnpoint.api.http.JsonFields;
import dev.turnpoint.api.http.PageRequest;
import dev.turnpoint.api.http.RequestInput;
import dev.turnpoint.api.http.Responses;
import dev.turnpoint.api.openapi.ModelSchemas;
import dev.turnpoint.api.openapi.OpenApiOperation;
import dev.turnpoint.api.openapi.Schemas;
import dev.turnpoint.model.run.CommentConfig;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.EngineService;
import dev.turnpoint.service.RunQuery;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;

import static dev.turnpoint.api.openapi.OpenApiOperation.operation;

/** Workflow runs (spec §2.2): start or resume, list, read, delete, comment, and the run model's schemas. */
public final class RunRoutes {

  static final String RUNS = ApiPaths.BASE + "/workflow-runs";
  static final String RUN = RUNS + "/:workflow_run_id";
  static final String RUN_COMMENTS = RUN + "/comments";
  static final String TURN_COMMENTS = RUN + "/turns/:turn_index/comments";
  static final int COMMENT_MAX = 5000;
  private static final int PAGE_SIZE_MAX = 1000;
  private static final String TAG = "Workflow Runs";
  private static final String RUN_IN_PROGRESS = "Feedback cannot be left while the run is still in progress";

  private final RunStore runs;
  private final EngineService engine;
  private final ModelSchemas models;

  public RunRoutes(RunStore runs, EngineService engine, ModelSchemas models) {
    this.runs = runs;
    this.engine = engine;
    this.models = models;
  }

  public void mount(Router router) {
    router.get(RUNS + "/schema").handler(this::schemas).putMetadata(OpenApiOperation.METADATA_KEY, schemasDoc());
    router.post(RUNS).handler(this::startOrResume).putMetadata(OpenApiOperation.METADATA_KEY, startOrResumeDoc());
    router.get(RUNS).handler(this::list).putMetadata(OpenApiOperation.METADATA_KEY, listDoc());
    router.get(RUN).handler(this::get).putMetadata(OpenApiOperation.METADATA_KEY, getDoc());
    router.delete(RUN).handler(AdminOnly.to("delete workflow runs")).handler(this::delete)
        .putMetadata(OpenApiOperation.METADATA_KEY, deleteDoc());
    router.post(RUN_COMMENTS).handler(this::addRunComment)
        .putMetadata(OpenApiOperation.METADATA_KEY, addCommentDoc("Add Comment To Workflow Run", false));
    router.delete(RUN_COMMENTS + "/:comment_logical_id").handler(this::deleteRunComment)
        .putMetadata(OpenApiOperation.METADATA_KEY, deleteCommentDoc("Delete Workflow Run Comment", false));
    router.post(TURN_COMMENTS).handler(this::addTurnComment)
        .putMetadata(OpenApiOperation.METADATA_KEY, addCommentDoc("Add Comment To Workflow Run Turn", true));
    router.delete(TURN_COMMENTS + "/:comment_logical_id").handler(this::deleteTurnComment)
        .putMetadata(OpenApiOperation.METADATA_KEY, deleteCommentDoc("Delete Workflow Run Turn Comment", true));
  }

  private void schemas(RoutingContext ctx) {
    Responses.json(ctx, 200, Future.succeededFuture(RunSchemas.ALL.copy()));
  }

  private void startOrResume(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    JsonFields body = input.jsonBody();
    WorkflowRunInput runInput = RunInputs.read(body);
    if (runInput != null && runInput.workflowRunId == null && runInput.workflowId == null) {
      body.reject("Value error, workflow_id is required to start a run (or workflow_run_id to resume one)",
          "missing", "workflow_id");
    }
    input.validate();
    Caller caller = Caller.of(ctx);
    Responses.view(ctx, 200, engine.startOrResume(caller.teamId(), caller.userId(),
        RunInputs.forCaller(runInput, caller)), RunViews::envelope);
  }

  private void list(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    PageRequest page = input.pageQuery(100, PAGE_SIZE_MAX);
    RunQuery query = new RunQuery(
        input.objectIdQuery("workflow_id"),
        input.enumQuery("status", WorkflowStatus.class),
        input.objectIdQuery("source_workflow_run_id"),
        input.optionalIntQuery("source_turn_index", 0),
        input.stringQuery("search", 200),
        input.dateTimeQuery("start"),
        input.dateTimeQuery("end"),
        page.storePage(),
        page.storeSize());
    input.validate();
    Responses.json(ctx, 200, runs.listRuns(Caller.of(ctx).teamId(), query).map(found -> page.answer(
        "workflow_runs", Responses.array(page.items(found.items()), RunViews::row), found.total())));
  }

  private void get(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String runId = input.objectIdPath("workflow_run_id");
    input.validate();
    Responses.view(ctx, 200, runs.getRun(Caller.of(ctx).teamId(), runId), this::envelope);
  }

  private void delete(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String runId = input.objectIdPath("workflow_run_id");
    input.validate();
    Responses.noContent(ctx, runs.deleteRun(Caller.of(ctx).teamId(), runId));
  }

  private void addRunComment(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String runId = input.objectIdPath("workflow_run_id");
    String content = input.jsonBody().requiredString("content", COMMENT_MAX);
    input.validate();
    Caller caller = Caller.of(ctx);
    CommentConfig comment = CommentConfig.create(content, caller.userId());
    Responses.view(ctx, 200, finishedRun(caller, runId)
        .compose(run -> runs.addRunComment(caller.teamId(), runId, comment)), this::envelope);
  }

  private void deleteRunComment(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String runId = input.objectIdPath("workflow_run_id");
    String commentId = input.logicalIdPath("comment_logical_id");
    input.validate();
    Responses.view(ctx, 200, runs.deleteRunComment(Caller.of(ctx).teamId(), runId, commentId), this::envelope);
  }

  private void addTurnComment(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String runId = input.objectIdPath("workflow_run_id");
    int turnIndex = input.intPath("turn_index", 0);
    String content = input.jsonBody().requiredString("content", COMMENT_MAX);
    input.validate();
    Caller caller = Caller.of(ctx);
    CommentConfig comment = CommentConfig.create(content, caller.userId());
    Responses.view(ctx, 200, finishedRun(caller, runId)
        .compose(run -> runs.addTurnComment(caller.teamId(), runId, turnIndex, comment)), this::envelope);
  }

  private void deleteTurnComment(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String runId = input.objectIdPath("workflow_run_id");
    int turnIndex = input.intPath("turn_index", 0);
    String commentId = input.logicalIdPath("comment_logical_id");
    input.validate();
    Responses.view(ctx, 200, runs.deleteTurnComment(Caller.of(ctx).teamId(), runId, turnIndex, commentId),
        this::envelope);
  }

  /** The run, when it has ended: feedback on a run still in progress is refused (409). */
  private Future<RunRecord> finishedRun(Caller caller, String runId) {
    return runs.getRun(caller.teamId(), runId).compose(run -> {
      WorkflowStatus status = run.document().workflowRun.status;
      return status != null && status.isTerminal()
          ? Future.succeededFuture(run)
          : Future.failedFuture(new ApiProblem(409, RUN_IN_PROGRESS));
    });
  }

  private JsonObject envelope(RunRecord run) {
    return RunViews.envelope(run.document());
  }

  // ---- OpenAPI ----------------------------------------------------------------------------------------------------

  private OpenApiOperation schemasDoc() {
    JsonObject schema = new JsonObject().put("type", "object").put("description", "A JSON Schema (2020-12)");
    return operation(TAG, "Get Workflow Run Schemas")
        .description("JSON Schemas of a run, a run input, a run output and an input/output pair (a turn).")
        .response(200, "The schemas", Schemas.object()
            .required("run_schema", schema)
            .required("run_input_schema", schema)
            .required("run_output_schema", schema)
            .required("run_input_output_pair_schema", schema).build());
  }

  private OpenApiOperation startOrResumeDoc() {
    return operation(TAG, "Start Or Resume Workflow")
        .description("Starts a run of `workflow_id` (omit `workflow_run_id`) or resumes the run `workflow_run_id`,"
            + " runs one turn and answers the stored run. The team is always the API key's.")
        .jsonBody(models.ref(WorkflowRunInput.class), "The run input")
        .response(200, "The run after the turn", RunViews.envelopeSchema(models))
        .error(404, "No such workflow or run for this team")
        .error(409, "The run is busy with another turn or has ended")
        .error(503, "The engine did not answer in time");
  }

  private OpenApiOperation listDoc() {
    return operation(TAG, "Get Workflow Runs")
        .description("The team's runs, newest first, as projection rows.")
        .queryParam("workflow_id", Schemas.objectId(), "Runs of this workflow")
        .queryParam("status", Schemas.enumOf(Arrays.stream(WorkflowStatus.values()).map(WorkflowStatus::wire)
            .toArray()), "Runs in this status")
        .queryParam("source_workflow_run_id", Schemas.objectId(), "Runs forked from (or evaluating) this run")
        .queryParam("source_turn_index", Schemas.integer(0),
            "With source_workflow_run_id: forks made from this turn")
        .queryParam("search", Schemas.nullableString(200), "Matches the run's logical id or id")
        .queryParam("start", Schemas.dateTime(), "Created at or after (ISO-8601)")
        .queryParam("end", Schemas.dateTime(), "Created at or before (ISO-8601)")
        .queryParam("page", Schemas.integer(1).put("default", 1), "Page number, from 1")
        .queryParam("size", Schemas.integer(1, PAGE_SIZE_MAX, 100), "Page size")
        .response(200, "One page of runs", PageRequest.schema("workflow_runs", RunViews.rowSchema()));
  }

  private OpenApiOperation getDoc() {
    return operation(TAG, "Get Workflow Run")
        .pathParam("workflow_run_id", Schemas.objectId(), "The run")
        .response(200, "The run with all its turns", RunViews.envelopeSchema(models))
        .error(404, "No such run for this team");
  }

  private OpenApiOperation deleteDoc() {
    return operation(TAG, "Delete Workflow Run").adminOnly()
        .description("Deletes a run; runs forked from it keep working.")
        .pathParam("workflow_run_id", Schemas.objectId(), "The run")
        .emptyResponse(204, "Deleted")
        .error(404, "No such run for this team");
  }

  private OpenApiOperation addCommentDoc(String summary, boolean onTurn) {
    OpenApiOperation operation = operation(TAG, summary)
        .pathParam("workflow_run_id", Schemas.objectId(), "The run");
    if (onTurn) {
      operation.pathParam("turn_index", Schemas.integer(0), "The turn, from 0");
    }
    return operation
        .description("Adds a comment by the caller; allowed once the run has ended.")
        .jsonBody(Schemas.object().required("content", Schemas.string(1, COMMENT_MAX)
            .put("description", "Trimmed; blank is refused")).build(), "The comment")
        .response(200, "The whole run, comment included", RunViews.envelopeSchema(models))
        .error(400, "No such turn")
        .error(404, "No such run for this team")
        .error(409, RUN_IN_PROGRESS);
  }

  private OpenApiOperation deleteCommentDoc(String summary, boolean onTurn) {
    OpenApiOperation operation = operation(TAG, summary)
        .pathParam("workflow_run_id", Schemas.objectId(), "The run");
    if (onTurn) {
      operation.pathParam("turn_index", Schemas.integer(0), "The turn, from 0");
    }
    return operation
        .pathParam("comment_logical_id", Schemas.string(1, 100), "The comment's logical id")
        .response(200, "The whole run, comment removed", RunViews.envelopeSchema(models))
        .error(400, "No such turn")
        .error(404, "No such run or comment for this team");
  }
}
