package dev.turnpoint.api.runs;

import dev.turnpoint.api.http.ApiPaths;
import dev.turnpoint.api.http.Caller;
import dev.turnpoint.api.http.JsonFields;
import dev.turnpoint.api.http.LlmSecrets;
import dev.turnpoint.api.http.RequestInput;
import dev.turnpoint.api.http.Responses;
import dev.turnpoint.api.openapi.ModelSchemas;
import dev.turnpoint.api.openapi.OpenApiOperation;
import dev.turnpoint.api.openapi.Schemas;
import dev.turnpoint.model.Ids;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.run.InteractiveRunResponse;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.service.EngineService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import static dev.turnpoint.api.openapi.OpenApiOperation.operation;

/**
 * Interactive runs over REST (spec §2.1): one turn per request. The first request starts a run and answers its
 * {@code run_id}; later requests send it back.
 */
public final class ExecutionRoutes {

  static final String EXECUTE = ApiPaths.BASE + "/workflows/:workflow_id/execute";
  private static final String TAG = "Workflow Execution";

  private final EngineService engine;
  private final ModelSchemas models;

  public ExecutionRoutes(EngineService engine, ModelSchemas models) {
    this.engine = engine;
    this.models = models;
  }

  public void mount(Router router) {
    router.post(EXECUTE).handler(this::execute).putMetadata(OpenApiOperation.METADATA_KEY, executeDoc());
  }

  /**
   * Accepts {@code {run_input, run_id}} and, as the older API did, a bare run input (whose
   * {@code workflow_run_id} is then the run id).
   */
  private void execute(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String workflowId = input.objectIdPath("workflow_id");
    Integer version = input.optionalIntQuery("version", 0);
    JsonFields body = input.jsonBody();
    JsonFields runInputFields = body;
    String runId = null;
    if (body.node().has("run_input")) {
      runInputFields = body.optionalObject("run_input");
      if (runInputFields == null && !body.has("run_input")) {
        body.reject("Field required", "missing", "run_input");
      }
      runId = body.optionalString("run_id", 24);
      if (runId != null && !Ids.isObjectId(runId)) {
        body.reject("String should match pattern '" + Ids.OBJECT_ID.pattern() + "'", "string_pattern_mismatch",
            "run_id");
      }
    }
    WorkflowRunInput runInput = runInputFields == null ? null : RunInputs.read(runInputFields);
    if (runInput != null) {
      if (runInputFields == body) {
        runId = runInput.workflowRunId;
      }
      if (runInput.workflowId != null && !runInput.workflowId.equals(workflowId)) {
        runInputFields.reject("Value error, workflow_id must be the workflow of the path", "value_error",
            "workflow_id");
      }
    }
    input.validate();
    runInput.workflowId = workflowId;
    Caller caller = Caller.of(ctx);
    Responses.json(ctx, 200, engine.executeTurn(caller.teamId(), caller.userId(), workflowId, runId, version,
        RunInputs.forCaller(runInput, caller)).map(turn -> LlmSecrets.redact(Json.toJson(turn))));
  }

  private OpenApiOperation executeDoc() {
    JsonObject request = Schemas.object()
        .required("run_input", models.ref(WorkflowRunInput.class))
        .optional("run_id", Schemas.objectId().put("description", "Omit on the first turn; then send back the"
            + " run_id of the previous answer")).build();
    return operation(TAG, "Execute Workflow")
        .description("Runs one turn of an interactive run. The first request (no `run_id`) starts a run and"
            + " answers its `run_id`; send it back with every later turn, or with `run_input.command = \"stop\"` to"
            + " cancel. The older body, a bare run input with the run id as `workflow_run_id`, is also accepted.")
        .pathParam("workflow_id", Schemas.objectId(), "The workflow")
        .queryParam("version", Schemas.nullableInteger(0),
            "The version to run (first turn only; later turns keep the first turn's version). Default: active")
        .jsonBody(Schemas.anyOf(request, models.ref(WorkflowRunInput.class)), "The turn's input")
        .response(200, "What the turn did", models.ref(InteractiveRunResponse.class))
        .error(404, "No such workflow, version or run for this team")
        .error(409, "The run is busy with another turn or has ended")
        .error(503, "The engine did not answer in time");
  }
}
