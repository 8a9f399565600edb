package dev.turnpoint.api;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.RunRecord;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class RunRoutesTest {

  private static final String RUNS = "/workflows/v1/workflow-runs";
  private static ApiFixture api;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx);
  }

  @Test
  void aRunIsReadInItsEnvelopeWithEveryTurnAndNoCredentials() {
    String teamId = ApiFixture.newTeamId();
    String key = api.teamKey(teamId, dev.turnpoint.service.ApiKeyRole.MEMBER);
    String workflowId = Ids.newObjectId();
    RunRecord run = TestRuns.run(api.runs, teamId, workflowId, 2, WorkflowStatus.COMPLETED);

    HttpResponse<Buffer> read = api.send(GET, RUNS + "/" + run.runId(), key);

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsString()).doesNotContain(TestRuns.PROVIDER_KEY);
    JsonObject envelope = read.bodyAsJsonObject().getJsonObject("workflow_run");
    assertThat(envelope.getString("_id")).isEqualTo(run.runId());
    assertThat(envelope.getString("team_id")).isEqualTo(teamId);
    JsonObject workflowRun = envelope.getJsonObject("workflow_run");
    assertThat(workflowRun.getString("workflow_run_id")).isEqualTo(run.runId());
    assertThat(workflowRun.getString("workflow_id")).isEqualTo(workflowId);
    assertThat(workflowRun.getString("status")).isEqualTo("completed");
    assertThat(workflowRun.getJsonArray("input_output_pairs")).hasSize(2);
    assertThat(workflowRun.getJsonObject("workflow_config_fully_hydrated").getJsonObject("workflow_config")
        .getJsonObject("llms_config").getString("api_key")).isEqualTo("**********");
  }

  @Test
  void theListFiltersAndPagesTheTeamsRunsAsProjectionRows() {
    String teamId = ApiFixture.newTeamId();
    String key = api.teamKey(teamId, dev.turnpoint.service.ApiKeyRole.MEMBER);
    String first = Ids.newObjectId();
    String second = Ids.newObjectId();
    RunRecord done = TestRuns.run(api.runs, teamId, first, 1, WorkflowStatus.COMPLETED);
    TestRuns.run(api.runs, teamId, first, 1, WorkflowStatus.WAITING_FOR_USER_INPUT);
    TestRuns.run(api.runs, teamId, second, 1, WorkflowStatus.FAILED);
    TestRuns.run(api.runs, ApiFixture.newTeamId(), first, 1, WorkflowStatus.COMPLETED);

    JsonObject all = list(key, "");
    assertThat(all.getLong("total")).isEqualTo(3);
    JsonObject row = all.getJsonArray("workflow_runs").getJsonObject(2);
    assertThat(row.getString("_id")).isEqualTo(done.runId());
    assertThat(row.getString("team_id")).isEqualTo(teamId);
    assertThat(row.getJsonObject("workflow_run").fieldNames()).containsExactlyInAnyOrder("logical_id",
        "workflow_id", "status", "source_workflow_run_id", "checkpoint_source_turn_index");
    assertThat(statuses(list(key, "?workflow_id=" + first))).containsExactlyInAnyOrder("completed",
        "waiting_for_user_input");
    assertThat(statuses(list(key, "?status=failed"))).containsExactly("failed");
    assertThat(statuses(list(key, "?search=" + done.runId()))).containsExactly("completed");
    JsonObject secondPage = list(key, "?page=2&size=2");
    assertThat(secondPage.getJsonArray("workflow_runs")).hasSize(1);
    assertThat(secondPage.copy().put("workflow_runs", 0)).isEqualTo(new JsonObject().put("workflow_runs", 0)
        .put("total", 3).put("page", 2).put("size", 2).put("pages", 2).put("has_next", false));
    String tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).toString();
    assertThat(list(key, "?start=" + tomorrow).getLong("total")).isZero();
    assertThat(list(key, "?end=" + tomorrow + "&start=2020-01-01").getLong("total")).isEqualTo(3);
  }

  @Test
  void listQueriesAreValidated() {
    String key = api.newTeamAdmin();
    assertThat(ApiKeyRoutesTest.detail(api.send(GET, RUNS + "?status=sleeping&workflow_id=abc&start=yesterday"
        + "&source_turn_index=-1&size=0", key)))
        .containsExactlyInAnyOrder("query.status:enum", "query.workflow_id:string_pattern_mismatch",
            "query.start:datetime_parsing", "query.source_turn_index:greater_than_equal",
            "query.size:greater_than_equal");
  }

  @Test
  void aDeletedRunIsGoneAndAnotherTeamsRunLooksMissing() {
    String teamId = ApiFixture.newTeamId();
    String key = api.teamKey(teamId, dev.turnpoint.service.ApiKeyRole.ADMIN);
    String stranger = api.newTeamAdmin();
    RunRecord run = TestRuns.run(api.runs, teamId, Ids.newObjectId(), 1, WorkflowStatus.COMPLETED);

    assertThat(api.send(GET, RUNS + "/" + run.runId(), stranger).statusCode()).isEqualTo(404);
    assertThat(api.send(DELETE, RUNS + "/" + run.runId(), stranger).statusCode()).isEqualTo(404);
    assertThat(api.send(POST, RUNS + "/" + run.runId() + "/comments", stranger,
        new JsonObject().put("content", "mine")).statusCode()).isEqualTo(404);
    assertThat(api.send(DELETE, RUNS + "/" + run.runId(), key).statusCode()).isEqualTo(204);
    assertThat(api.send(GET, RUNS + "/" + run.runId(), key).statusCode()).isEqualTo(404);
  }

  @Test
  void runCommentsAreAddedOnceTheRunHasEndedAndCanBeDeleted() {
    String teamId = ApiFixture.newTeamId();
    String key = api.teamKey(teamId, dev.turnpoint.service.ApiKeyRole.MEMBER);
    RunRecord running = TestRuns.run(api.runs, teamId, Ids.newObjectId(), 1, WorkflowStatus.WAITING_FOR_USER_INPUT);
    RunRecord ended = TestRuns.run(api.runs, teamId, Ids.newObjectId(), 1, WorkflowStatus.COMPLETED);

    HttpResponse<Buffer> early = api.send(POST, RUNS + "/" + running.runId() + "/comments", key,
        new JsonObject().put("content", "too soon"));
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(early.bodyAsJsonObject().getString("detail"))
        .isEqualTo("Feedback cannot be left while the run is still in progress");

    HttpResponse<Buffer> added = api.request(POST, RUNS + "/" + ended.runId() + "/comments", key)
        .putHeader("uuid", "reviewer-7").sendJsonObject(new JsonObject().put("content", "  Well handled.  ")).await();
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(200);
    JsonArray comments = added.bodyAsJsonObject().getJsonObject("workflow_run").getJsonObject("workflow_run")
        .getJsonArray("comments");
    assertThat(comments).hasSize(1);
    JsonObject comment = comments.getJsonObject(0);
    assertThat(comment.getString("content")).isEqualTo("Well handled.");
    assertThat(comment.getString("createdBy")).isEqualTo("reviewer-7");
    assertThat(comment.getString("logical_id")).startsWith("comment_");

    HttpResponse<Buffer> deleted = api.send(DELETE, RUNS + "/" + ended.runId() + "/comments/"
        + comment.getString("logical_id"), key);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(deleted.bodyAsJsonObject().getJsonObject("workflow_run").getJsonObject("workflow_run")
        .getJsonArray("comments")).isEmpty();
    assertThat(api.send(DELETE, RUNS + "/" + ended.runId() + "/comments/" + comment.getString("logical_id"), key)
        .statusCode()).isEqualTo(404);
  }

  @Test
  void turnCommentsLandOnTheirTurn() {
    String teamId = ApiFixture.newTeamId();
    String key = api.teamKey(teamId, dev.turnpoint.service.ApiKeyRole.MEMBER);
    RunRecord run = TestRuns.run(api.runs, teamId, Ids.newObjectId(), 2, WorkflowStatus.CANCELLED);
    String turns = RUNS + "/" + run.runId() + "/turns/";

    HttpResponse<Buffer> added = api.send(POST, turns + "1/comments", key, new JsonObject().put("content", "Odd"));

    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(200);
    JsonArray pairs = added.bodyAsJsonObject().getJsonObject("workflow_run").getJsonObject("workflow_run")
        .getJsonArray("input_output_pairs");
    assertThat(pairs.getJsonObject(0).getJsonArray("comments")).isEmpty();
    JsonObject comment = pairs.getJsonObject(1).getJsonArray("comments").getJsonObject(0);
    assertThat(comment.getString("content")).isEqualTo("Odd");
    assertThat(api.send(POST, turns + "2/comments", key, new JsonObject().put("content", "x")).statusCode())
        .isEqualTo(400);
    HttpResponse<Buffer> deleted = api.send(DELETE, turns + "1/comments/" + comment.getString("logical_id"), key);
    assertThat(deleted.bodyAsJsonObject().getJsonObject("workflow_run").getJsonObject("workflow_run")
        .getJsonArray("input_output_pairs").getJsonObject(1).getJsonArray("comments")).isEmpty();
  }

  @Test
  void commentContentIsRequiredNotBlankAndAtMost5000Characters() {
    String key = api.newTeamAdmin();
    String comments = RUNS + "/" + Ids.newObjectId() + "/comments";

    assertThat(ApiKeyRoutesTest.detail(api.send(POST, comments, key, new JsonObject())))
        .containsExactly("body.content:missing");
    assertThat(ApiKeyRoutesTest.detail(api.send(POST, comments, key, new JsonObject().put("content", " \n "))))
        .containsExactly("body.content:string_too_short");
    assertThat(ApiKeyRoutesTest.detail(api.send(POST, comments, key,
        new JsonObject().put("content", "x".repeat(5001))))).containsExactly("body.content:string_too_long");
    assertThat(ApiKeyRoutesTest.detail(api.send(POST, RUNS + "/" + Ids.newObjectId() + "/turns/-1/comments", key,
        new JsonObject().put("content", "x")))).containsExactly("path.turn_index:greater_than_equal");
    assertThat(ApiKeyRoutesTest.detail(api.send(DELETE, comments + "/not%20an%20id", key)))
        .containsExactly("path.comment_logical_id:string_pattern_mismatch");
  }

  @Test
  void theSchemasDescribeTheRunModel() {
    HttpResponse<Buffer> response = api.send(GET, RUNS + "/schema", api.newTeamAdmin());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject schemas = response.bodyAsJsonObject();
    assertThat(schemas.fieldNames()).containsExactlyInAnyOrder("run_schema", "run_input_schema",
        "run_output_schema", "run_input_output_pair_schema");
    JsonObject run = schemas.getJsonObject("run_schema");
    assertThat(run.getString("$schema")).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(run.getString("title")).isEqualTo("WorkflowRun");
    assertThat(run.getJsonObject("properties").getJsonObject("status").getJsonArray("enum"))
        .containsExactlyElementsOf(List.of("not_started", "started", "running", "failed", "completed", "paused",
            "waiting_for_user_input", "cancelled", "aborted_looping_risk"));
    assertThat(run.getJsonObject("properties").getJsonObject("is_evaluation_run").getBoolean("default")).isFalse();
    assertThat(run.getJsonObject("$defs").fieldNames()).contains("WorkflowRunInputOutputPair", "CommentConfig",
        "LLMTokenUsage", "NodeConfig");
    assertThat(run.getJsonObject("$defs").getJsonObject("CommentConfig").getJsonObject("properties").fieldNames())
        .contains("logical_id", "content", "createdBy", "createdAt");
    JsonObject input = schemas.getJsonObject("run_input_schema").getJsonObject("properties");
    assertThat(input.getJsonObject("command").getString("default")).isEqualTo("start");
    assertThat(input.getJsonObject("thread_to_node_inputs").getJsonObject("additionalProperties")
        .getString("$ref")).isEqualTo("#/$defs/NodesRunInputs");
  }

  @Test
  void startOrResumeInputIsCheckedBeforeTheEngineIsAsked() {
    String key = api.newTeamAdmin();

    assertThat(ApiKeyRoutesTest.detail(api.send(POST, RUNS, key, new JsonObject().put("command", "start"))))
        .containsExactly("body.workflow_id:missing");
    assertThat(ApiKeyRoutesTest.detail(api.send(POST, RUNS, key, new JsonObject().put("workflow_id", "abc")
        .put("command", "launch").put("initial_state", new JsonObject()))))
        .containsExactly("body.command:enum");
    assertThat(ApiKeyRoutesTest.detail(api.send(POST, RUNS, key, new JsonObject().put("workflow_id", "abc")
        .put("workflow_run_id", "def")))).containsExactly("body.workflow_id:string_pattern_mismatch",
        "body.workflow_run_id:string_pattern_mismatch");
    assertThat(ApiKeyRoutesTest.detail(api.send(POST, RUNS, key, new JsonObject().put("workflow_id",
        Ids.newObjectId()).put("initial_state", new JsonObject().put("forged", true)))))
        .containsExactly("body.initial_state:value_error");
  }

  private static JsonObject list(String key, String query) {
    HttpResponse<Buffer> response = api.send(GET, RUNS + query, key);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static List<String> statuses(JsonObject page) {
    return page.getJsonArray("workflow_runs").stream()
        .map(row -> ((JsonObject) row).getJsonObject("workflow_run").getString("status")).toList();
  }
}
