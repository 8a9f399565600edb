package dev.turnpoint.api;

import dev.turnpoint.model.Ids;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.turnpoint.api.CheckpointRunRoutesTest.FINAL_MESSAGE;
import static dev.turnpoint.api.CheckpointRunRoutesTest.checkpointRun;
import static dev.turnpoint.api.CheckpointRunRoutesTest.fork;
import static dev.turnpoint.api.CheckpointRunRoutesTest.intakeRun;
import static dev.turnpoint.api.CheckpointRunRoutesTest.storedRun;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

/** Previewing a fork, replaying inputs onto it, and reading lineage and diffs over REST. */
@ExtendWith(VertxExtension.class)
class CheckpointInsightRoutesTest {

  private static final String RUNS = "/workflows/v1/workflow-runs";
  private static ApiFixture api;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx);
  }

  private static JsonObject get(String key, String path) {
    HttpResponse<Buffer> response = api.send(GET, path, key);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static long runCount(String key, String workflowId) {
    return get(key, RUNS + "?workflow_id=" + workflowId).getLong("total");
  }

  @Test
  void aPreviewTellsWhatAForkWouldCarryAndCreatesNothing() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, true);
    long before = runCount(key, workflowId);

    HttpResponse<Buffer> response = api.send(POST, checkpointRun(workflowId, sourceId) + "/preview", key,
        new JsonObject().put("resume_turn_index", 1).put("replay_inputs", true)
            .put("runtime_variables", new JsonObject().put("severity", "urgent").put("mood", "calm")));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject preview = response.bodyAsJsonObject();
    assertThat(preview.getInteger("turn_count")).isEqualTo(2);
    assertThat(preview.getString("source_run_id")).isEqualTo(sourceId);
    assertThat(preview.getInteger("version_number")).isZero();
    assertThat(preview.getBoolean("version_changed")).isFalse();
    assertThat(preview.getJsonObject("runtime_variables").getString("severity")).isEqualTo("urgent");
    assertThat(preview.getJsonObject("dynamic_variables").getString("clinic_name")).isEqualTo("Riverside Clinic");
    JsonObject main = preview.getJsonArray("threads").stream().map(JsonObject.class::cast)
        .filter(thread -> thread.getString("thread_id").equals("0")).findFirst().orElseThrow();
    assertThat(main.getString("status")).isEqualTo("waiting");
    assertThat(main.getString("node_logical_id")).isEqualTo("node_intake");
    assertThat(preview.getJsonArray("replay_inputs")).hasSize(2);
    assertThat(preview.getJsonArray("replay_inputs").getJsonObject(1).getJsonArray("user_messages"))
        .containsExactly(FINAL_MESSAGE);
    assertThat(preview.getJsonArray("replay_inputs").getJsonObject(1).getInteger("source_turn_index")).isEqualTo(3);
    assertThat(preview.getJsonArray("warnings")).singleElement().satisfies(warning -> {
      assertThat(((JsonObject) warning).getString("code")).isEqualTo("unknown_variables");
      assertThat(((JsonObject) warning).getJsonArray("subjects")).containsExactly("[[mood]]", "[[severity]]");
      assertThat(((JsonObject) warning).getBoolean("blocks_fork")).isFalse();
    });
    assertThat(preview.getBoolean("can_fork")).isTrue();
    assertThat(preview.getJsonObject("carried_over_llm_token_usage").getLong("total_tokens")).isPositive();
    assertThat(runCount(key, workflowId)).isEqualTo(before);

    HttpResponse<Buffer> unknownStart = api.send(POST, checkpointRun(workflowId, sourceId) + "/preview", key,
        new JsonObject().put("resume_turn_index", 3).put("start_node_logical_id", "node_nowhere"));
    assertThat(unknownStart.bodyAsJsonObject().getBoolean("can_fork")).isFalse();
    assertThat(unknownStart.bodyAsJsonObject().getJsonArray("warnings").stream()
        .map(warning -> ((JsonObject) warning).getString("code")))
        .containsExactlyInAnyOrder("unknown_start_node", "conversation_ended");
    assertThat(api.send(POST, checkpointRun(workflowId, sourceId) + "/preview", key,
        new JsonObject().put("resume_turn_index", 9)).statusCode()).isEqualTo(400);
    assertThat(api.send(POST, checkpointRun(workflowId, Ids.newObjectId()) + "/preview", key,
        new JsonObject().put("resume_turn_index", 0)).statusCode()).isEqualTo(404);
    assertThat(api.send(POST, checkpointRun(workflowId, sourceId) + "/preview", key, new JsonObject())
        .statusCode()).isEqualTo(422);
    assertThat(runCount(key, workflowId)).isEqualTo(before);
  }

  @Test
  void aReplayAnswersTheRunAfterItAndADiffComparesItWithTheSource() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, true);

    JsonObject same = fork(api, key, workflowId, sourceId, new JsonObject().put("resume_turn_index", 0)
        .put("replay_inputs", true));
    JsonObject urgent = fork(api, key, workflowId, sourceId, new JsonObject().put("resume_turn_index", 1)
        .put("replay_inputs", true).put("runtime_variables", new JsonObject().put("severity", "urgent")));

    assertThat(same.getString("status")).isEqualTo("completed");
    assertThat(same.getJsonArray("input_output_pairs")).hasSize(4);
    assertThat(urgent.getJsonArray("input_output_pairs")).hasSize(4);

    JsonObject identical = get(key, RUNS + "/" + sourceId + "/diff/" + same.getString("id"));
    assertThat(identical.getValue("first_divergent_turn_index")).isNull();
    assertThat(identical.getInteger("shared_prefix_turns")).isEqualTo(1);
    assertThat(identical.getJsonArray("turns")).hasSize(4);
    assertThat(identical.getJsonArray("turns").stream().allMatch(turn -> ((JsonObject) turn).getBoolean("identical")))
        .isTrue();

    JsonObject divergent = get(key, RUNS + "/" + sourceId + "/diff/" + urgent.getString("id"));
    assertThat(divergent.getInteger("shared_prefix_turns")).isEqualTo(2);
    assertThat(divergent.getInteger("first_divergent_turn_index")).isEqualTo(1);
    JsonObject atFork = divergent.getJsonArray("turns").getJsonObject(1);
    assertThat(atFork.getJsonArray("differences")).containsExactly("runtime_variables_changed");
    assertThat(atFork.getJsonObject("other").getJsonObject("runtime_variables_changed").getString("severity"))
        .isEqualTo("urgent");
    JsonObject last = divergent.getJsonArray("turns").getJsonObject(3);
    assertThat(last.getJsonArray("differences")).contains("assistant_messages", "node_path");
    assertThat(last.getJsonObject("run").getJsonArray("node_path")).contains("node_routine");
    assertThat(last.getJsonObject("other").getJsonArray("node_path")).contains("node_urgent");
    assertThat(last.getJsonObject("run").getJsonArray("user_inputs")).containsExactly(FINAL_MESSAGE);
    assertThat(last.getJsonObject("run").getLong("llm_calls")).isPositive();
    assertThat(last.getJsonObject("run").getLong("input_tokens")).isPositive();

    assertThat(api.send(GET, RUNS + "/" + sourceId + "/diff/" + Ids.newObjectId(), key).statusCode())
        .isEqualTo(404);
    assertThat(api.send(GET, RUNS + "/" + sourceId + "/diff/nope", key).statusCode()).isEqualTo(422);
  }

  @Test
  void theLineageIsATreeOfForksWithTheirForkPoints() {
    String key = api.newTeamAdmin();
    String stranger = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String rootId = intakeRun(api, key, workflowId, true);
    String childId = fork(api, key, workflowId, rootId, new JsonObject().put("resume_turn_index", 2))
        .getString("id");
    String siblingId = fork(api, key, workflowId, rootId, new JsonObject().put("resume_turn_index", 0))
        .getString("id");
    String grandchildId = fork(api, key, workflowId, childId, new JsonObject().put("resume_turn_index", 1))
        .getString("id");

    JsonObject fromRoot = get(key, RUNS + "/" + rootId + "/lineage");
    assertThat(fromRoot.getJsonArray("ancestors")).isEmpty();
    assertThat(fromRoot.getBoolean("truncated")).isFalse();
    JsonObject tree = fromRoot.getJsonObject("tree");
    assertThat(tree.getString("run_id")).isEqualTo(rootId);
    assertThat(tree.getString("status")).isEqualTo("completed");
    JsonArray children = tree.getJsonArray("children");
    assertThat(children.stream().map(child -> ((JsonObject) child).getString("run_id")))
        .containsExactly(childId, siblingId);
    JsonObject child = children.getJsonObject(0);
    assertThat(child.getInteger("checkpoint_source_turn_index")).isEqualTo(2);
    assertThat(child.getString("created_at")).isNotBlank();
    assertThat(child.getJsonArray("children")).singleElement().satisfies(grandchild -> {
      assertThat(((JsonObject) grandchild).getString("run_id")).isEqualTo(grandchildId);
      assertThat(((JsonObject) grandchild).getInteger("checkpoint_source_turn_index")).isEqualTo(1);
      assertThat(((JsonObject) grandchild).getString("status")).isEqualTo("started");
    });

    JsonObject fromGrandchild = get(key, RUNS + "/" + grandchildId + "/lineage");
    assertThat(fromGrandchild.getJsonArray("ancestors").stream().map(a -> ((JsonObject) a).getString("run_id")))
        .containsExactly(childId, rootId);
    assertThat(fromGrandchild.getJsonObject("tree").getJsonArray("children")).isEmpty();
    assertThat(storedRun(api, key, grandchildId).getString("source_workflow_run_id")).isEqualTo(childId);

    assertThat(api.send(GET, RUNS + "/" + rootId + "/lineage", stranger).statusCode()).isEqualTo(404);
    assertThat(api.send(GET, RUNS + "/" + Ids.newObjectId() + "/lineage", key).statusCode()).isEqualTo(404);
    assertThat(api.send(GET, RUNS + "/xyz/lineage", key).statusCode()).isEqualTo(422);
  }

  @Test
  void theOpenApiDocumentDescribesTheCheckpointRoutes() {
    JsonObject paths = api.send(GET, "/workflows/v1/openapi.json", null).bodyAsJsonObject().getJsonObject("paths");

    JsonObject checkpointRun = paths.getJsonObject("/workflows/v1/workflows/{workflow_id}/runs/{run_id}/checkpoint-run")
        .getJsonObject("post");
    assertThat(checkpointRun.getString("summary")).isEqualTo("Execute Checkpoint Run");
    assertThat(checkpointRun.getJsonObject("requestBody").getJsonObject("content")
        .getJsonObject("application/json").getJsonObject("schema").getJsonArray("required"))
        .containsExactly("resume_turn_index");
    assertThat(checkpointRun.getJsonArray("parameters").stream().map(p -> ((JsonObject) p).getString("name")))
        .contains("workflow_id", "run_id", "resume_turn_index", "Idempotency-Key");
    assertThat(checkpointRun.getJsonObject("responses").fieldNames()).contains("200", "400", "404", "409", "422");
    assertThat(paths.fieldNames()).contains(
        "/workflows/v1/workflows/{workflow_id}/runs/{run_id}/checkpoint-run/preview",
        "/workflows/v1/workflow-runs/{workflow_run_id}/lineage",
        "/workflows/v1/workflow-runs/{workflow_run_id}/diff/{other_workflow_run_id}");
  }
}
