package dev.turnpoint.api;

import dev.turnpoint.model.Ids;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.testing.Polling;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static dev.turnpoint.api.ExecutionRoutesTest.runInput;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

/** A run's evaluation over REST: the workflow names an evaluator, the finished run is evaluated and reported. */
@ExtendWith(VertxExtension.class)
class EvaluationRoutesTest {

  private static final String RUNS = "/workflows/v1/workflow-runs";
  private static ApiFixture api;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx);
  }

  /** Fetches the run it is given and scores it with the offline LLM. */
  private static JsonObject evaluator() {
    return new JsonObject("""
        {"workflow_config": {"name": "Evaluator", "llms_config": {"type": "offline_llm", "offline": {
            "structured_output": {"score": 3, "passed": false},
            "extract": {"run_status": "\\"status\\":\\"([a-z_]+)\\""}}}},
         "node_configs": [
           {"logical_id": "node_fetch", "type": "workflow_run_fetch", "is_start": true},
           {"logical_id": "node_score", "type": "workflow_run_evaluator",
            "output_runtime_variable_name": "scores",
            "structured_output_schema": {"name": "Score", "input_schema": {"type": "object", "properties": {
              "score": {"type": "integer"}, "passed": {"type": "boolean"}, "run_status": {"type": "string"}}}}}
         ],
         "edge_configs": [
           {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_fetch",
            "destination_node_logical_id": "node_score"}
         ]}
        """);
  }

  /** Says hello and ends, evaluated turn by turn as well by {@code evaluatorId}. */
  private static JsonObject evaluated(String evaluatorId) {
    return new JsonObject()
        .put("workflow_config", new JsonObject().put("name", "Greeter")
            .put("llms_config", new JsonObject().put("type", "offline_llm"))
            .put("evaluation_config", new JsonObject().put("evaluator_workflow_id", evaluatorId)
                .put("evaluator_workflow_version_number", 0).put("enable_turn_by_turn_evaluation", true)))
        .put("node_configs", new JsonArray().add(new JsonObject().put("logical_id", "node_hello")
            .put("type", "say_static").put("is_start", true)
            .put("static_messages_config", new JsonObject().put("static_messages", new JsonArray().add("Hello.")))))
        .put("edge_configs", new JsonArray());
  }

  @Test
  void aFinishedRunReportsItsEvaluationRunsStatusAndResult() {
    String teamId = ApiFixture.newTeamId();
    String key = api.teamKey(teamId, ApiKeyRole.ADMIN);
    String evaluatorId = api.createWorkflow(key, evaluator());
    String workflowId = api.createWorkflow(key, evaluated(evaluatorId));

    HttpResponse<Buffer> executed = api.send(POST, "/workflows/v1/workflows/" + workflowId + "/execute", key,
        new JsonObject().put("run_input", runInput("start")));
    assertThat(executed.statusCode()).as(executed.bodyAsString()).isEqualTo(200);
    assertThat(executed.bodyAsJsonObject().getString("status")).isEqualTo("completed");
    String runId = executed.bodyAsJsonObject().getString("run_id");

    JsonObject result = Polling.upTo(Duration.ofSeconds(20)).every(Duration.ofMillis(25)).until(
        "the evaluation completed", () -> api.send(GET, RUNS + "/" + runId + "/evaluation-result", key),
        answer -> answer.statusCode() == 200 && "completed".equals(answer.bodyAsJsonObject().getString("status")))
        .bodyAsJsonObject();
    String evaluationId = result.getString("evaluation_workflow_run_id");
    assertThat(Ids.isObjectId(evaluationId)).isTrue();
    JsonObject scores = new JsonObject().put("score", 3).put("passed", false).put("run_status", "completed");
    assertThat(result.getJsonObject("evaluation_result"))
        .isEqualTo(new JsonObject().put("scores", scores));
    assertThat(result.getJsonObject("details")).isEqualTo(result.getJsonObject("evaluation_result"));
    assertThat(result.getDouble("score")).isEqualTo(3.0);
    assertThat(result.getBoolean("passed")).isFalse();
    assertThat(result.getString("evaluated_at")).isNotBlank();

    JsonObject run = api.send(GET, RUNS + "/" + runId, key).bodyAsJsonObject().getJsonObject("workflow_run")
        .getJsonObject("workflow_run");
    assertThat(run.getString("status")).isEqualTo("completed");
    assertThat(run.getBoolean("is_evaluation_run")).isFalse();
    assertThat(run.getJsonObject("evaluation_run_info").getString("evaluation_workflow_run_id"))
        .isEqualTo(evaluationId);
    JsonObject evaluationRun = api.send(GET, RUNS + "/" + evaluationId, key).bodyAsJsonObject()
        .getJsonObject("workflow_run").getJsonObject("workflow_run");
    assertThat(evaluationRun.getBoolean("is_evaluation_run")).isTrue();
    assertThat(evaluationRun.getString("source_workflow_run_id")).isEqualTo(runId);
    assertThat(evaluationRun.getString("workflow_id")).isEqualTo(evaluatorId);

    JsonObject turnEvaluation = Polling.upTo(Duration.ofSeconds(20)).every(Duration.ofMillis(25)).until(
        "the turn was evaluated", () -> api.send(GET, RUNS + "/" + runId, key).bodyAsJsonObject()
            .getJsonObject("workflow_run").getJsonObject("workflow_run").getJsonArray("input_output_pairs")
            .getJsonObject(0), pair -> pair.getJsonObject("evaluation") != null).getJsonObject("evaluation");
    assertThat(turnEvaluation.getString("status")).isEqualTo("completed");
    assertThat(turnEvaluation.getString("evaluation_workflow_run_id")).isNotEqualTo(evaluationId);
    assertThat(turnEvaluation.getJsonObject("evaluation_result")).isEqualTo(new JsonObject().put("scores", scores));
  }

  @Test
  void aRunWithoutAnEvaluationAnswers404AndABadIdAnswers422() {
    String teamId = ApiFixture.newTeamId();
    String key = api.teamKey(teamId, ApiKeyRole.MEMBER);
    String runId = TestRuns.run(api.runs, teamId, Ids.newObjectId(), 1,
        dev.turnpoint.model.run.WorkflowStatus.COMPLETED).runId();

    HttpResponse<Buffer> none = api.send(GET, RUNS + "/" + runId + "/evaluation-result", key);
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.bodyAsJsonObject().getString("detail")).contains("has no evaluation run");

    HttpResponse<Buffer> missing = api.send(GET, RUNS + "/" + Ids.newObjectId() + "/evaluation-result", key);
    assertThat(missing.statusCode()).isEqualTo(404);

    HttpResponse<Buffer> otherTeam = api.send(GET, RUNS + "/" + runId + "/evaluation-result", api.newTeamAdmin());
    assertThat(otherTeam.statusCode()).isEqualTo(404);

    HttpResponse<Buffer> bad = api.send(GET, RUNS + "/not-an-id/evaluation-result", key);
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.bodyAsJsonObject().getJsonArray("detail").getJsonObject(0).getJsonArray("loc"))
        .containsExactly("path", "workflow_run_id");
  }
}
