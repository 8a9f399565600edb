package dev.turnpoint.api.runs;

import dev.turnpoint.api.http.Caller;
import dev.turnpoint.api.http.RequestInput;
import dev.turnpoint.api.http.Responses;
import dev.turnpoint.api.openapi.OpenApiOperation;
import dev.turnpoint.api.openapi.Schemas;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.run.EvaluationResult;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;

import static dev.turnpoint.api.openapi.OpenApiOperation.operation;

/**
 * A run's evaluation (spec §2.2): {@code GET /workflow-runs/{id}/evaluation-result} answers the status and results of
 * the evaluation run that {@code evaluation_run_info} names ({@link EvaluationResult}); 404 while the run has none.
 */
public final class EvaluationRoutes {

  static final String EVALUATION_RESULT = RunRoutes.RUN + "/evaluation-result";
  private static final String TAG = "Workflow Runs";

  private final RunStore runs;

  public EvaluationRoutes(RunStore runs) {
    this.runs = runs;
  }

  public void mount(Router router) {
    router.get(EVALUATION_RESULT).handler(this::evaluationResult)
        .putMetadata(OpenApiOperation.METADATA_KEY, evaluationResultDoc());
  }

  private void evaluationResult(RoutingContext ctx) {
    RequestInput input = RequestInput.of(ctx);
    String runId = input.objectIdPath("workflow_run_id");
    input.validate();
    String teamId = Caller.of(ctx).teamId();
    Responses.json(ctx, 200, runs.getRunHeader(teamId, runId)
        .compose(source -> evaluationOf(teamId, runId, source.document().workflowRun))
        .compose(evaluationId -> runs.getRun(teamId, evaluationId))
        .map(evaluation -> Json.toJson(EvaluationResult.of(evaluation.runId(), evaluation.document().workflowRun,
            evaluation.lastCheckpoint(), evaluation.document().updatedAt))));
  }

  private static Future<String> evaluationOf(String teamId, String runId, WorkflowRun source) {
    String evaluationId = source.evaluationRunInfo == null ? null : source.evaluationRunInfo.evaluationWorkflowRunId;
    return evaluationId != null ? Future.succeededFuture(evaluationId)
        : Future.failedFuture(ServiceException.notFound("run " + runId + " has no evaluation run"));
  }

  private static OpenApiOperation evaluationResultDoc() {
    JsonObject result = new JsonObject().put("type", new JsonArray().add("object").add("null"));
    JsonObject nullableNumber = new JsonObject().put("type", new JsonArray().add("number")
        .add("null"));
    JsonObject nullableBool = new JsonObject().put("type", new JsonArray().add("boolean")
        .add("null"));
    return operation(TAG, "Get Workflow Run Evaluation Result")
        .description("The evaluation run of a run (started when a run of a workflow with"
            + " `evaluation_config.evaluator_workflow_id` ends): its status and `evaluation_result`, the runtime"
            + " variables of its last `workflow_show_state` event, or those it ended with (but the runs it fetched)."
            + " `score`, `passed` and `details` are read from that result, `evaluated_at` is when it ended.")
        .pathParam("workflow_run_id", Schemas.objectId(), "The evaluated run")
        .response(200, "The evaluation", Schemas.object()
            .required("evaluation_workflow_run_id", Schemas.objectId())
            .required("status", Schemas.enumOf(Arrays.stream(WorkflowStatus.values()).map(WorkflowStatus::wire)
                .toArray()))
            .required("evaluation_result", result)
            .required("score", nullableNumber)
            .required("passed", nullableBool)
            .required("details", result)
            .required("evaluated_at", Schemas.nullableString()).build())
        .error(404, "No such run for this team, or it has no evaluation run");
  }
}
