package dev.turnpoint.api.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpoint.api.http.ApiPaths;
import dev.turnpoint.api.http.Caller;
import dev.turnpoint.api.http.JsonFields;
import dev.turnpoint.api.http.LlmSecrets;
import dev.turnpoint.api.http.RequestInput;
import dev.turnpoint.api.http.Responses;
import dev.turnpoint.api.openapi.ModelSchemas;
import dev.turnpoint.api.openapi.OpenApiOperation;
import dev.turnpoint.api.openapi.Schemas;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.turn.CheckpointKeys;
import dev.turnpoint.service.CheckpointService;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.checkpoint.CheckpointPreview;
import dev.turnpoint.service.checkpoint.CheckpointRunRequest;
import dev.turnpoint.service.checkpoint.RunDiff;
import dev.turnpoint.service.checkpoint.RunLineage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import static dev.turnpoint.api.openapi.OpenApiOperation.operation;

/**
 * Checkpoint runs (spec §2.1 "Execute Checkpoint Run") and what helps to use them: a preview of a fork, a run's
 * lineage and a turn-by-turn diff of two runs. Every operation is a call of {@link CheckpointService}.
 */
public final class CheckpointRoutes {

  static final String CHECKPOINT_RUN = ApiPaths.BASE + "/workflows/:workflow_id/runs/:run_id/checkpoint-run";
  static final String PREVIEW = CHECKPOINT_RUN + "/preview";
  static final String LINEAGE = RunRoutes.RUN + "/lineage";
  static final String DIFF = RunRoutes.RUN + "/diff/:other_workflow_run_id";
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final int NODE_ID_MAX = 200;
  private static final String TAG = "Workflow Execution";
  private static final String RUNS_TAG = "Workflow Runs";

  private final CheckpointService checkpoints;
  private final CheckpointService replayingCheckpoints;
  private final RunStore runs;
  private final ModelSchemas models;

  /**
   * @param checkpoints          the service, with the timeout of one turn
   * @param replayingCheckpoints the service, with a timeout long enough for a replay of many turns
   */
  public CheckpointRoutes(CheckpointService checkpoints, CheckpointService replayingCheckpoints, RunStore runs,
                          ModelSchemas models) {
    this.checkpoints = checkpoints;
    this.replayingCheckpoints = replayingCheckpoints;
    this.runs = runs;
    this.models = models;
  }

  public void mount(Router router) {
    router.post(CHECKPOINT_RUN).handler(this::checkpointRun)
        .putMetadata(OpenApiOperation.METADATA_KEY, checkpointRunDoc());
    router.post(PREVIEW).handler(this::preview).putMetadata(OpenApiOperation.METADATA_KEY, previewDoc());
    router.get(LINEAGE).handler(this::lineage).putMetadata(OpenApiOperation.METADATA_KEY, lineageDoc());
    router.get(DIFF).handler(this::diff).putMetadata(OpenApiOperation.METADATA_KEY, diffDoc());
  }

  /** Answers the new run as a bare WorkflowRun (not the envelope), with all its turns and an {@code id}. */
  private void checkpointRun(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    CheckpointRunRequest request = readRequest(input, input.optionalHeader(IDEMPOTENCY_KEY,
        CheckpointRunRequest.IDEMPOTENCY_KEY_MAX_LENGTH));
    input.validate();
    Caller caller = Caller.of(ctx);
    CheckpointService service = request.replayInputs() ? replayingCheckpoints : checkpoints;
    Responses.view(ctx, 200, service.executeCheckpointRun(caller.teamId(), caller.userId(), request)
        .compose(forked -> runs.getRun(caller.teamId(), forked.runId())), run -> bareRun(run.document()));
  }

  private void preview(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    CheckpointRunRequest request = readRequest(input, null);
    input.validate();
    Responses.json(ctx, 200, checkpoints.previewCheckpointRun(Caller.of(ctx).teamId(), request).map(Json::toJson));
  }

  private void lineage(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String runId = input.objectIdPath("workflow_run_id");
    input.validate();
    Responses.json(ctx, 200, checkpoints.getLineage(Caller.of(ctx).teamId(), runId).map(Json::toJson));
  }

  private void diff(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String runId = input.objectIdPath("workflow_run_id");
    String otherRunId = input.objectIdPath("other_workflow_run_id");
    input.validate();
    Responses.json(ctx, 200, checkpoints.diffRuns(Caller.of(ctx).teamId(), runId, otherRunId).map(Json::toJson));
  }

  /**
   * The path ids and the body; {@code resume_turn_index} and {@code start_node_logical_id} may come from the query
   * instead, and the body wins when both have one.
   */
  private static CheckpointRunRequest readRequest(RequestInput input, String idempotencyKey) {
    String workflowId = input.objectIdPath("workflow_id");
    String runId = input.objectIdPath("run_id");
    JsonFields body = input.optionalJsonBody();
    Integer resumeTurnIndex = resumeTurnIndex(input, body);
    String startNode = body.node().has("start_node_logical_id")
        ? body.optionalString("start_node_logical_id", NODE_ID_MAX)
        : input.stringQuery("start_node_logical_id", NODE_ID_MAX);
    Integer version = body.optionalInt("version_number", 0);
    JsonObject dynamicVariables = variables(body, CheckpointKeys.DYNAMIC_VARIABLES);
    JsonObject runtimeVariables = variables(body, CheckpointKeys.RUNTIME_VARIABLES);
    String reason = body.optionalText("reason", CheckpointRunRequest.REASON_MAX_LENGTH);
    boolean replay = body.optionalBoolean("replay_inputs", false);
    return new CheckpointRunRequest(workflowId, runId, resumeTurnIndex == null ? 0 : resumeTurnIndex, startNode,
        version, dynamicVariables, runtimeVariables, reason == null || reason.isBlank() ? null : reason.strip(),
        replay, idempotencyKey);
  }

  private static Integer resumeTurnIndex(RequestInput input, JsonFields body) {
    JsonNode inBody = body.node().get("resume_turn_index");
    if (inBody == null) {
      Integer fromQuery = input.optionalIntQuery("resume_turn_index", 0);
      if (fromQuery == null && !input.hasQuery("resume_turn_index")) {
        body.reject("Field required", "missing", "resume_turn_index");
      }
      return fromQuery;
    }
    if (inBody.isNull()) {
      body.reject("Input should be a valid integer", "int_type", "resume_turn_index");
      return null;
    }
    return body.optionalInt("resume_turn_index", 0);
  }

  private static JsonObject variables(JsonFields body, String field) {
    JsonFields fields = body.optionalObject(field);
    return fields == null ? null : fields.as(JsonObject.class);
  }

  /** The run as the checkpoint-run page of the reference shows it, plus {@code id}, which the SDK needs. */
  static JsonObject bareRun(RunDocument document) {
    JsonObject run = new JsonObject().put("id", document.workflowRun.workflowRunId)
        .mergeIn(Json.toJson(document.workflowRun));
    return LlmSecrets.redact(run);
  }

  // ---- OpenAPI ----------------------------------------------------------------------------------------------------

  private static JsonObject requestSchema() {
    JsonObject variables = new JsonObject().put("type", new JsonArray().add("object").add("null"));
    return Schemas.object()
        .required("resume_turn_index", Schemas.integer(0).put("description", "The last turn the new run inherits,"
            + " from 0; it continues after it. May be sent as a query parameter instead"))
        .optional("start_node_logical_id", Schemas.nullableString(NODE_ID_MAX).put("description",
            "Continue at this node instead of where the checkpoint stands. May be sent as a query parameter"))
        .optional("version_number", Schemas.nullableInteger(0).put("description", "Run on this version of the"
            + " workflow (its current graph) instead of the source's pinned graph; refused when it lacks a node the"
            + " checkpoint is at, unless start_node_logical_id says where to go instead"))
        .optional(CheckpointKeys.DYNAMIC_VARIABLES, variables.copy().put("description",
            "{{name}} values merged into the checkpoint's before resuming"))
        .optional(CheckpointKeys.RUNTIME_VARIABLES, variables.copy().put("description",
            "[[name]] values merged into the checkpoint's before resuming"))
        .optional("reason", Schemas.nullableString(CheckpointRunRequest.REASON_MAX_LENGTH).put("description",
            "Why the fork is made; kept on the run as miscellaneous.checkpoint_reason"))
        .optional("replay_inputs", Schemas.bool(false).put("description", "Send the source's later inputs"
            + " (turns resume_turn_index+1 to the end, at most " + CheckpointService.MAX_REPLAYED_TURNS + ") to the"
            + " new run turn by turn, stopping early when it ends"))
        .build();
  }

  private OpenApiOperation withRequest(OpenApiOperation operation) {
    return operation
        .pathParam("workflow_id", Schemas.objectId(), "The workflow of the source run")
        .pathParam("run_id", Schemas.objectId(), "The source run")
        .queryParam("resume_turn_index", Schemas.integer(0), "Instead of the body field (the body wins)")
        .queryParam("start_node_logical_id", Schemas.nullableString(NODE_ID_MAX),
            "Instead of the body field (the body wins)")
        .optionalJsonBody(requestSchema(), "Where to fork and how");
  }

  private OpenApiOperation checkpointRunDoc() {
    JsonObject bareRun = Schemas.allOf(models.ref(WorkflowRun.class), Schemas.object()
        .required("id", Schemas.objectId().put("description", "The new run's id, equal to workflow_run_id"))
        .build());
    return withRequest(operation(TAG, "Execute Checkpoint Run"))
        .description("Starts a new run from the checkpoint after turn `resume_turn_index` of an existing run. The new"
            + " run inherits the source's turns `0..resume_turn_index` (shared, not copied), its variables, history"
            + " and position after that turn, its pinned config (or the requested version's) and, as carried-over"
            + " usage, the usage of those turns; its status is `started` and its next `execute` turn behaves as the"
            + " source's next turn would have. Answers the new run as a bare WorkflowRun with all its turns. With"
            + " `replay_inputs` the answer is the run after the replay, so its status reflects the replayed turns."
            + " With an `Idempotency-Key` header, repeating the same request answers the same run (as it stands"
            + " now) and creates nothing; the same key with another request is refused (409).")
        .headerParam(IDEMPOTENCY_KEY, Schemas.string(1, CheckpointRunRequest.IDEMPOTENCY_KEY_MAX_LENGTH),
            "Makes retrying safe: the same key and request answer the run created the first time")
        .response(200, "The new run", bareRun)
        .error(400, "resume_turn_index out of range, no config snapshot on the source, an unknown start node,"
            + " nodes the target version lacks, or too many inputs to replay")
        .error(404, "No such workflow, version or run of that workflow for this team")
        .error(409, "The idempotency key was used for another request")
        .error(503, "The engine did not answer in time");
  }

  private OpenApiOperation previewDoc() {
    return withRequest(operation(TAG, "Preview Checkpoint Run"))
        .description("What Execute Checkpoint Run would create for the same request, creating nothing: the turns"
            + " and state carried over (variables after the overrides, where each thread stands), the carried-over"
            + " usage, the inputs a replay would send, and warnings; those with `blocks_fork` would make the fork"
            + " fail.")
        .response(200, "The preview", models.ref(CheckpointPreview.class))
        .error(400, "resume_turn_index out of range or no config snapshot on the source")
        .error(404, "No such workflow, version or run of that workflow for this team");
  }

  private OpenApiOperation lineageDoc() {
    return operation(RUNS_TAG, "Get Workflow Run Lineage")
        .description("The runs a run was forked from (nearest first) and, as a tree, the runs made from it (forks"
            + " and evaluation runs, recursively), each with status, creation time and the source turn it resumed"
            + " after. At most " + RunLineage.MAX_ANCESTORS + " ancestors, " + RunLineage.MAX_DEPTH + " levels and "
            + RunLineage.MAX_DESCENDANTS + " descendants; `truncated` says when a bound was hit.")
        .pathParam("workflow_run_id", Schemas.objectId(), "The run")
        .response(200, "The lineage", models.ref(RunLineage.class))
        .error(404, "No such run for this team");
  }

  private OpenApiOperation diffDoc() {
    return operation(RUNS_TAG, "Diff Workflow Runs")
        .description("Two runs compared turn by turn, aligned by turn index: user inputs, assistant messages, the"
            + " conversation's node path, runtime variables changed, tokens and latency. `first_divergent_turn_index`"
            + " is the first turn that differs (null when none does); `shared_prefix_turns` counts the turns both hold"
            + " as the same stored turns, as a fork and its source do. At most " + RunDiff.MAX_TURNS
            + " turns are compared.")
        .pathParam("workflow_run_id", Schemas.objectId(), "The first run")
        .pathParam("other_workflow_run_id", Schemas.objectId(), "The second run")
        .response(200, "The comparison", models.ref(RunDiff.class))
        .error(404, "No such run for this team");
  }
}
