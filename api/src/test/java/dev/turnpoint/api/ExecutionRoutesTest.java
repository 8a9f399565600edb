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

import java.util.List;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

/** Runs driven turn by turn over REST against the real engine, on the offline LLM. */
@ExtendWith(VertxExtension.class)
class ExecutionRoutesTest {

  private static final String RUNS = "/workflows/v1/workflow-runs";
  private static final String FINAL_MESSAGE = "I'm Jane Doe and I have a headache";
  private static ApiFixture api;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx);
  }

  private static String execute(String workflowId) {
    return "/workflows/v1/workflows/" + workflowId + "/execute";
  }

  static JsonObject runInput(String command, String... messages) {
    JsonArray nodeInputs = new JsonArray();
    if (messages.length > 0) {
      JsonArray said = new JsonArray();
      for (String message : messages) {
        said.add(new JsonObject().put("type", "human").put("content", message));
      }
      nodeInputs.add(new JsonObject().put("type", "llm").put("messages", said));
    }
    return new JsonObject().put("command", command)
        .put("thread_to_node_inputs", new JsonObject().put("0", new JsonObject().put("node_run_inputs", nodeInputs)));
  }

  private static JsonObject turn(String key, String path, JsonObject body) {
    HttpResponse<Buffer> response = api.send(POST, path, key, body);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static List<String> said(JsonObject turn) {
    return turn.getJsonArray("events").stream().map(JsonObject.class::cast)
        .filter(event -> "assistant_response".equals(event.getString("type")))
        .map(event -> event.getString("content")).toList();
  }

  @Test
  void aConversationRunsTurnByTurnWithTheRunIdSentBack() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());

    JsonObject first = turn(key, execute(workflowId), new JsonObject().put("run_input", runInput("start")));

    String runId = first.getString("run_id");
    assertThat(Ids.isObjectId(runId)).isTrue();
    assertThat(first.getString("status")).isEqualTo("waiting_for_user_input");
    assertThat(first.getBoolean("is_waiting_for_input")).isTrue();
    assertThat(first.getBoolean("is_completed")).isFalse();
    assertThat(first.getInteger("turn_number")).isEqualTo(1);
    assertThat(said(first)).contains("Welcome to Riverside Clinic.");

    JsonObject second = turn(key, execute(workflowId), new JsonObject().put("run_id", runId)
        .put("run_input", runInput("data", FINAL_MESSAGE)));

    assertThat(second.getString("run_id")).isEqualTo(runId);
    assertThat(second.getString("status")).isEqualTo("completed");
    assertThat(second.getBoolean("is_completed")).isTrue();
    assertThat(second.getInteger("turn_number")).isEqualTo(2);
    assertThat(String.join(" ", said(second))).contains("Thanks Jane Doe");

    HttpResponse<Buffer> afterEnd = api.send(POST, execute(workflowId), key, new JsonObject().put("run_id", runId)
        .put("run_input", runInput("data", "hello?")));
    assertThat(afterEnd.statusCode()).isEqualTo(409);

    JsonObject stored = api.send(GET, RUNS + "/" + runId, key).bodyAsJsonObject().getJsonObject("workflow_run")
        .getJsonObject("workflow_run");
    assertThat(stored.getString("status")).isEqualTo("completed");
    assertThat(stored.getJsonArray("input_output_pairs")).hasSize(2);
    assertThat(stored.getString("workflow_id")).isEqualTo(workflowId);
  }

  @Test
  void theOlderBareRunInputIsAcceptedToo() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());

    JsonObject first = turn(key, execute(workflowId), runInput("start"));
    JsonObject second = turn(key, execute(workflowId), runInput("data", FINAL_MESSAGE)
        .put("workflow_run_id", first.getString("run_id")).put("workflow_id", workflowId));

    assertThat(second.getString("run_id")).isEqualTo(first.getString("run_id"));
    assertThat(second.getString("status")).isEqualTo("completed");
  }

  @Test
  void stopCancelsTheRun() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String runId = turn(key, execute(workflowId), new JsonObject().put("run_input", runInput("start")))
        .getString("run_id");

    JsonObject stopped = turn(key, execute(workflowId), new JsonObject().put("run_id", runId)
        .put("run_input", runInput("stop")));

    assertThat(stopped.getString("status")).isEqualTo("cancelled");
    assertThat(stopped.getBoolean("is_completed")).isTrue();
    assertThat(api.send(POST, RUNS + "/" + runId + "/comments", key, new JsonObject().put("content", "Stopped."))
        .statusCode()).isEqualTo(200);
  }

  @Test
  void theVersionQueryPicksTheVersionOfTheFirstTurn() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String versions = "/workflows/v1/workflows/" + workflowId + "/versions";
    api.send(POST, versions, key, new JsonObject().put("version_name", "Friendlier"));
    JsonObject friendlier = TestGraphs.offlineIntake();
    friendlier.getJsonArray("node_configs").getJsonObject(0).getJsonObject("static_messages_config")
        .put("static_messages", new JsonArray().add("Hi there, welcome!"));
    api.send(PATCH, versions + "/1/config", key, new JsonObject().put("config", friendlier));

    JsonObject onActive = turn(key, execute(workflowId), new JsonObject().put("run_input", runInput("start")));
    JsonObject onOne = turn(key, execute(workflowId) + "?version=1",
        new JsonObject().put("run_input", runInput("start")));

    assertThat(said(onActive)).contains("Welcome to Riverside Clinic.");
    assertThat(said(onOne)).contains("Hi there, welcome!");
    JsonObject run = api.send(GET, RUNS + "/" + onOne.getString("run_id"), key).bodyAsJsonObject()
        .getJsonObject("workflow_run").getJsonObject("workflow_run");
    assertThat(run.getInteger("version_number")).isEqualTo(1);
    assertThat(api.send(POST, execute(workflowId) + "?version=9", key,
        new JsonObject().put("run_input", runInput("start"))).statusCode()).isEqualTo(404);
  }

  @Test
  void anotherTeamsWorkflowOrRunLooksMissing() {
    String owner = api.newTeamAdmin();
    String stranger = api.newTeamAdmin();
    String workflowId = api.createWorkflow(owner, TestGraphs.offlineIntake());
    String runId = turn(owner, execute(workflowId), new JsonObject().put("run_input", runInput("start")))
        .getString("run_id");

    assertThat(api.send(POST, execute(workflowId), stranger, new JsonObject().put("run_input", runInput("start")))
        .statusCode()).isEqualTo(404);
    String strangersWorkflow = api.createWorkflow(stranger, TestGraphs.offlineIntake());
    assertThat(api.send(POST, execute(strangersWorkflow), stranger, new JsonObject().put("run_id", runId)
        .put("run_input", runInput("data", "hi"))).statusCode()).isEqualTo(404);
    assertThat(api.send(POST, execute(Ids.newObjectId()), owner, new JsonObject().put("run_input", runInput("start")))
        .statusCode()).isEqualTo(404);
  }

  @Test
  void startOrResumeAnswersTheStoredRun() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());

    HttpResponse<Buffer> started = api.send(POST, RUNS, key, runInput("start").put("workflow_id", workflowId));

    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(200);
    JsonObject envelope = started.bodyAsJsonObject().getJsonObject("workflow_run");
    String runId = envelope.getString("_id");
    assertThat(envelope.getJsonObject("workflow_run").getString("status")).isEqualTo("waiting_for_user_input");
    assertThat(envelope.getJsonObject("workflow_run").getJsonArray("input_output_pairs")).hasSize(1);

    JsonObject resumed = api.send(POST, RUNS, key, runInput("data", FINAL_MESSAGE).put("workflow_run_id", runId))
        .bodyAsJsonObject().getJsonObject("workflow_run");
    assertThat(resumed.getString("_id")).isEqualTo(runId);
    assertThat(resumed.getJsonObject("workflow_run").getString("status")).isEqualTo("completed");
    assertThat(resumed.getJsonObject("workflow_run").getJsonArray("input_output_pairs")).hasSize(2);
  }

  @Test
  void credentialsInThePinnedGraphNeverComeBack() {
    String key = api.newTeamAdmin();
    JsonObject graph = TestGraphs.offlineIntake();
    graph.getJsonObject("workflow_config").getJsonObject("llms_config").put("api_key", "sk-run-secret");
    String workflowId = api.createWorkflow(key, graph);

    HttpResponse<Buffer> first = api.send(POST, execute(workflowId), key,
        new JsonObject().put("run_input", runInput("start")));
    String runId = first.bodyAsJsonObject().getString("run_id");

    assertThat(first.bodyAsString()).doesNotContain("sk-run-secret");
    assertThat(api.send(GET, RUNS + "/" + runId, key).bodyAsString()).doesNotContain("sk-run-secret")
        .contains("**********");
  }
}
