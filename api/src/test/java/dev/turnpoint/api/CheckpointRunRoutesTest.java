package dev.turnpoint.api;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.RunEvents;
import dev.turnpoint.testing.Polling;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

/** Execute Checkpoint Run over REST (spec §2.1) against the real engine and stores, on the offline LLM. */
@ExtendWith(VertxExtension.class)
class CheckpointRunRoutesTest {

  static final String FINAL_MESSAGE = "I'm Jane Doe and I have a headache";
  private static final String RUNS = "/workflows/v1/workflow-runs";
  private static ApiFixture api;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx);
  }

  static String checkpointRun(String workflowId, String runId) {
    return "/workflows/v1/workflows/" + workflowId + "/runs/" + runId + "/checkpoint-run";
  }

  static JsonObject turn(ApiFixture api, String key, String workflowId, String runId, String command,
                         String... messages) {
    JsonObject body = new JsonObject().put("run_input", ExecutionRoutesTest.runInput(command, messages));
    if (runId != null) {
      body.put("run_id", runId);
    }
    HttpResponse<Buffer> response = api.send(POST, "/workflows/v1/workflows/" + workflowId + "/execute", key, body);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  /** The intake, driven by: start, "hi", "it hurts" and (when {@code finish}) the message that completes it. */
  static String intakeRun(ApiFixture api, String key, String workflowId, boolean finish) {
    String runId = turn(api, key, workflowId, null, "start").getString("run_id");
    turn(api, key, workflowId, runId, "data", "hi");
    turn(api, key, workflowId, runId, "data", "it hurts");
    if (finish) {
      turn(api, key, workflowId, runId, "data", FINAL_MESSAGE);
    }
    return runId;
  }

  static JsonObject storedRun(ApiFixture api, String key, String runId) {
    HttpResponse<Buffer> response = api.send(GET, RUNS + "/" + runId, key);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonObject("workflow_run").getJsonObject("workflow_run");
  }

  static JsonObject fork(ApiFixture api, String key, String workflowId, String runId, JsonObject body) {
    HttpResponse<Buffer> response = api.send(POST, checkpointRun(workflowId, runId), key, body);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static int status(String key, String path, JsonObject body) {
    return api.send(POST, path, key, body).statusCode();
  }

  private static List<String> said(JsonObject turn) {
    return turn.getJsonArray("events").stream().map(JsonObject.class::cast)
        .filter(event -> "assistant_response".equals(event.getString("type")))
        .map(event -> event.getString("content")).toList();
  }

  @Test
  void theRequestAGeneratedClientSendsGetsTheNewRunAsABareWorkflowRun() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, false);
    JsonObject source = storedRun(api, key, sourceId);

    HttpResponse<Buffer> response = api.request(POST, checkpointRun(workflowId, sourceId), key)
        .putHeader("teamid", "whatever-the-sdk-sends")
        .putHeader("uuid", "user-42")
        .putHeader("X-Interactly-API-Version", "2026-04-01")
        .sendJsonObject(new JsonObject().put("resume_turn_index", 1)).await();

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject run = response.bodyAsJsonObject();
    assertThat(run.containsKey("workflow_run")).isFalse();
    String newId = run.getString("workflow_run_id");
    assertThat(Ids.isObjectId(newId)).isTrue();
    assertThat(newId).isNotEqualTo(sourceId);
    assertThat(run.getString("id")).isEqualTo(newId);
    assertThat(run.getString("logical_id")).startsWith("workflow_run_").isNotEqualTo(source.getString("logical_id"));
    assertThat(run.getString("status")).isEqualTo("started");
    assertThat(run.getString("workflow_id")).isEqualTo(workflowId);
    assertThat(run.getInteger("version_number")).isEqualTo(source.getInteger("version_number"));
    assertThat(run.getString("version_name")).isEqualTo(source.getString("version_name"));
    assertThat(run.getJsonObject("workflow_config_fully_hydrated"))
        .isEqualTo(source.getJsonObject("workflow_config_fully_hydrated"));
    assertThat(run.getJsonArray("input_output_pairs")).hasSize(2)
        .isEqualTo(new JsonArray(source.getJsonArray("input_output_pairs").getList().subList(0, 2)));
    assertThat(run.getString("source_workflow_run_id")).isEqualTo(sourceId);
    assertThat(run.getInteger("checkpoint_source_turn_index")).isEqualTo(1);
    assertThat(run.getBoolean("is_evaluation_run")).isFalse();
    assertThat(run.getString("run_by")).isEqualTo("user-42");
    assertThat(run.getJsonObject("llm_token_usage").getLong("total_tokens")).isZero();
    assertThat(run.getJsonObject("llm_latency_stats").getLong("call_count")).isZero();
    assertThat(run.getJsonObject("carried_over_llm_token_usage").getLong("total_tokens")).isPositive()
        .isLessThan(source.getJsonObject("llm_token_usage").getLong("total_tokens"));
    assertThat(run.getJsonObject("carried_over_llm_latency_stats").getLong("call_count")).isPositive();
    assertThat(run.getString("termination_source")).isNull();
    assertThat(run.getJsonArray("comments")).isEmpty();

    JsonObject stored = storedRun(api, key, newId);
    assertThat(stored.getString("status")).isEqualTo("started");
    assertThat(stored.getJsonArray("input_output_pairs")).hasSize(2);
  }

  @Test
  void forksAtTheFirstAMiddleAndTheLastTurnOfACompletedRun() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, true);
    JsonObject source = storedRun(api, key, sourceId);
    long previousCarried = -1;

    for (int index : new int[]{0, 2, 3}) {
      JsonObject run = fork(api, key, workflowId, sourceId, new JsonObject().put("resume_turn_index", index));

      assertThat(run.getJsonArray("input_output_pairs")).hasSize(index + 1);
      assertThat(run.getInteger("checkpoint_source_turn_index")).isEqualTo(index);
      assertThat(run.getString("status")).isEqualTo("started");
      long carried = run.getJsonObject("carried_over_llm_token_usage").getLong("total_tokens");
      assertThat(carried).isGreaterThan(previousCarried);
      previousCarried = carried;
    }
    assertThat(previousCarried).isEqualTo(source.getJsonObject("llm_token_usage").getLong("total_tokens"));
  }

  @Test
  void aForkAfterTheLastTurnOfACompletedRunTakesTheNextMessageAtTheLastNodeThatAsked() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, true);
    JsonObject source = storedRun(api, key, sourceId);
    assertThat(source.getString("status")).isEqualTo("completed");
    String forkId = fork(api, key, workflowId, sourceId, new JsonObject().put("resume_turn_index", 3))
        .getString("workflow_run_id");

    JsonObject next = turn(api, key, workflowId, forkId, "data", FINAL_MESSAGE);

    assertThat(next.getInteger("turn_number")).isEqualTo(5);
    assertThat(next.getString("status")).isEqualTo("completed");
    assertThat(said(next)).isEqualTo(
        said(source.getJsonArray("input_output_pairs").getJsonObject(3).getJsonObject("run_output")));
    assertThat(storedRun(api, key, forkId).getJsonArray("input_output_pairs")).hasSize(5);
  }

  @Test
  void aForkOfAForkInheritsThroughItsSource() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, false);
    String childId = fork(api, key, workflowId, sourceId, new JsonObject().put("resume_turn_index", 1))
        .getString("workflow_run_id");
    turn(api, key, workflowId, childId, "data", "my back");

    JsonObject grandchild = fork(api, key, workflowId, childId, new JsonObject().put("resume_turn_index", 2));

    assertThat(grandchild.getString("source_workflow_run_id")).isEqualTo(childId);
    List<String> inputs = grandchild.getJsonArray("input_output_pairs").stream().map(JsonObject.class::cast)
        .map(pair -> pair.getJsonObject("run_input").getJsonObject("thread_to_node_inputs").getJsonObject("0")
            .getJsonArray("node_run_inputs").stream().map(JsonObject.class::cast)
            .flatMap(input -> input.getJsonArray("messages").stream().map(JsonObject.class::cast))
            .map(message -> message.getString("content")).toList())
        .map(messages -> String.join(" ", messages)).toList();
    assertThat(inputs).containsExactly("", "hi", "my back");

    JsonObject next = turn(api, key, workflowId, grandchild.getString("workflow_run_id"), "data", FINAL_MESSAGE);
    assertThat(next.getInteger("turn_number")).isEqualTo(4);
    assertThat(next.getString("status")).isEqualTo("completed");
  }

  @Test
  void aForkContinuesAsItsSourceDoesForTheSameInput() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, false);
    String forkId = fork(api, key, workflowId, sourceId, new JsonObject().put("resume_turn_index", 2))
        .getString("workflow_run_id");

    JsonObject fromSource = turn(api, key, workflowId, sourceId, "data", FINAL_MESSAGE);
    JsonObject fromFork = turn(api, key, workflowId, forkId, "data", FINAL_MESSAGE);

    assertThat(fromFork.getInteger("turn_number")).isEqualTo(fromSource.getInteger("turn_number")).isEqualTo(4);
    assertThat(fromFork.getString("status")).isEqualTo(fromSource.getString("status")).isEqualTo("completed");
    assertThat(said(fromFork)).isEqualTo(said(fromSource)).containsExactly(
        "Thanks Jane Doe, we will book you for your headache.");
    assertThat(fromFork.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("type")).toList())
        .isEqualTo(fromSource.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("type")).toList());
  }

  @Test
  void overridesReasonAndAStartNodeShapeTheFork() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, false);

    JsonObject run = fork(api, key, workflowId, sourceId, new JsonObject().put("resume_turn_index", 1)
        .put("runtime_variables", new JsonObject().put("full_name", "Max Mustermann").put("severity", "urgent"))
        .put("dynamic_variables", new JsonObject().put("clinic_name", "Hilltop"))
        .put("reason", "  what if the caller were urgent?  "));

    assertThat(run.getJsonObject("miscellaneous").getString("checkpoint_reason"))
        .isEqualTo("what if the caller were urgent?");
    JsonObject next = turn(api, key, workflowId, run.getString("workflow_run_id"), "data", "hello");
    assertThat(said(next)).containsExactly("Max Mustermann, please come to the emergency desk now.");

    JsonObject elsewhere = fork(api, key, workflowId, sourceId, new JsonObject().put("resume_turn_index", 1)
        .put("start_node_logical_id", "node_greet"));
    JsonObject greeted = turn(api, key, workflowId, elsewhere.getString("workflow_run_id"), "data");
    assertThat(said(greeted).get(0)).isEqualTo("Welcome to Riverside Clinic.");
    assertThat(greeted.getInteger("turn_number")).isEqualTo(3);
  }

  @Test
  void switchingVersionsIsRefusedForMissingNodesUnlessAStartNodeResolvesThem() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, false);
    String versions = "/workflows/v1/workflows/" + workflowId + "/versions";
    assertThat(api.send(POST, versions, key, new JsonObject().put("version_name", "Lean")).statusCode())
        .isEqualTo(200);
    JsonObject lean = TestGraphs.offlineIntake();
    lean.put("node_configs", new JsonArray(lean.getJsonArray("node_configs").stream().map(JsonObject.class::cast)
        .filter(node -> !node.getString("logical_id").equals("node_intake")).toList()));
    lean.put("edge_configs", new JsonArray(lean.getJsonArray("edge_configs").stream().map(JsonObject.class::cast)
        .filter(edge -> !edge.getString("source_node_logical_id").equals("node_intake")
            && !edge.getString("destination_node_logical_id").equals("node_intake")).toList()));
    assertThat(api.send(PATCH, versions + "/1/config", key,
        new JsonObject().put("config", lean)).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> refused = api.send(POST, checkpointRun(workflowId, sourceId), key,
        new JsonObject().put("resume_turn_index", 1).put("version_number", 1));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("node_intake (thread 0)", "version 1");

    JsonObject resolved = fork(api, key, workflowId, sourceId, new JsonObject().put("resume_turn_index", 1)
        .put("version_number", 1).put("start_node_logical_id", "node_routine"));
    assertThat(resolved.getInteger("version_number")).isEqualTo(1);
    assertThat(resolved.getString("version_name")).isEqualTo("Lean");
    assertThat(resolved.getJsonObject("workflow_config_fully_hydrated").getJsonArray("node_configs"))
        .hasSize(lean.getJsonArray("node_configs").size());
    JsonObject next = turn(api, key, workflowId, resolved.getString("workflow_run_id"), "data", "ok");
    assertThat(next.getString("status")).isEqualTo("completed");

    assertThat(status(key, checkpointRun(workflowId, sourceId), new JsonObject().put("resume_turn_index", 1)
        .put("version_number", 7))).isEqualTo(404);
  }

  @Test
  void anIdempotencyKeyRepeatsTheSameRunAndRefusesAnotherRequest() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, false);
    JsonObject body = new JsonObject().put("resume_turn_index", 1).put("reason", "retry");

    HttpResponse<Buffer> first = api.request(POST, checkpointRun(workflowId, sourceId), key)
        .putHeader("Idempotency-Key", "fork-7").sendJsonObject(body).await();
    HttpResponse<Buffer> again = api.request(POST, checkpointRun(workflowId, sourceId), key)
        .putHeader("Idempotency-Key", "fork-7").sendJsonObject(body).await();
    HttpResponse<Buffer> other = api.request(POST, checkpointRun(workflowId, sourceId), key)
        .putHeader("Idempotency-Key", "fork-7").sendJsonObject(body.copy().put("resume_turn_index", 0)).await();
    HttpResponse<Buffer> blank = api.request(POST, checkpointRun(workflowId, sourceId), key)
        .putHeader("Idempotency-Key", "").sendJsonObject(body).await();

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("id")).isEqualTo(first.bodyAsJsonObject().getString("id"));
    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(blank.statusCode()).isEqualTo(422);
    assertThat(blank.bodyAsJsonObject().getJsonArray("detail").getJsonObject(0).getJsonArray("loc"))
        .containsExactly("header", "idempotency-key");
    assertThat(api.send(GET, RUNS + "?source_workflow_run_id=" + sourceId, key).bodyAsJsonObject()
        .getInteger("total")).isEqualTo(1);
  }

  @Test
  void aHundredConcurrentForksOfOneRunAllSucceedAndLeaveItUnchanged() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, false);
    HttpResponse<Buffer> before = api.send(GET, RUNS + "/" + sourceId, key);

    List<Future<HttpResponse<Buffer>>> forks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      forks.add(api.request(POST, checkpointRun(workflowId, sourceId), key)
          .sendJsonObject(new JsonObject().put("resume_turn_index", i % 3)));
    }
    Future.all(forks).await();

    Set<String> ids = new HashSet<>();
    for (Future<HttpResponse<Buffer>> fork : forks) {
      assertThat(fork.result().statusCode()).as(fork.result().bodyAsString()).isEqualTo(200);
      ids.add(fork.result().bodyAsJsonObject().getString("id"));
    }
    assertThat(ids).hasSize(100).doesNotContain(sourceId);
    assertThat(api.send(GET, RUNS + "/" + sourceId, key).bodyAsJsonObject()).isEqualTo(before.bodyAsJsonObject());
    assertThat(api.send(GET, RUNS + "?source_workflow_run_id=" + sourceId + "&source_turn_index=2", key)
        .bodyAsJsonObject().getInteger("total")).isEqualTo(33);
  }

  @Test
  void aForkOutlivesItsDeletedSource() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, false);
    JsonObject forked = fork(api, key, workflowId, sourceId, new JsonObject().put("resume_turn_index", 2));
    String forkId = forked.getString("workflow_run_id");

    assertThat(api.send(DELETE, RUNS + "/" + sourceId, key).statusCode()).isEqualTo(204);

    JsonObject stored = storedRun(api, key, forkId);
    assertThat(stored.getJsonArray("input_output_pairs")).isEqualTo(forked.getJsonArray("input_output_pairs"));
    JsonObject next = turn(api, key, workflowId, forkId, "data", FINAL_MESSAGE);
    assertThat(next.getString("status")).isEqualTo("completed");
    assertThat(storedRun(api, key, forkId).getJsonArray("input_output_pairs")).hasSize(4);
    assertThat(status(key, checkpointRun(workflowId, sourceId), new JsonObject().put("resume_turn_index", 0)))
        .isEqualTo(404);
    JsonObject lineage = api.send(GET, RUNS + "/" + forkId + "/lineage", key).bodyAsJsonObject();
    assertThat(lineage.getJsonArray("ancestors").getJsonObject(0).getBoolean("reachable")).isFalse();
  }

  @Test
  void theResumeTurnIndexMayComeFromTheQueryAndTheBodyWins() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, false);

    HttpResponse<Buffer> fromQuery = api.request(POST, checkpointRun(workflowId, sourceId)
        + "?resume_turn_index=0&start_node_logical_id=node_greet", key).send().await();
    HttpResponse<Buffer> bodyWins = api.request(POST, checkpointRun(workflowId, sourceId)
        + "?resume_turn_index=abc", key).sendJsonObject(new JsonObject().put("resume_turn_index", 2)).await();

    assertThat(fromQuery.statusCode()).as(fromQuery.bodyAsString()).isEqualTo(200);
    assertThat(fromQuery.bodyAsJsonObject().getInteger("checkpoint_source_turn_index")).isZero();
    assertThat(bodyWins.statusCode()).as(bodyWins.bodyAsString()).isEqualTo(200);
    assertThat(bodyWins.bodyAsJsonObject().getInteger("checkpoint_source_turn_index")).isEqualTo(2);
  }

  @Test
  void missingOrForeignRunsAndWorkflowsAreNotFound() {
    String key = api.newTeamAdmin();
    String stranger = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String otherWorkflow = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, false);
    JsonObject body = new JsonObject().put("resume_turn_index", 0);

    assertThat(status(key, checkpointRun(workflowId, Ids.newObjectId()), body)).isEqualTo(404);
    assertThat(status(key, checkpointRun(Ids.newObjectId(), sourceId), body)).isEqualTo(404);
    assertThat(status(key, checkpointRun(otherWorkflow, sourceId), body)).isEqualTo(404);
    assertThat(status(stranger, checkpointRun(workflowId, sourceId), body)).isEqualTo(404);
    String strangersWorkflow = api.createWorkflow(stranger, TestGraphs.offlineIntake());
    assertThat(status(stranger, checkpointRun(strangersWorkflow, sourceId), body)).isEqualTo(404);
    assertThat(api.send(POST, checkpointRun(workflowId, sourceId), null, body).statusCode()).isEqualTo(401);
  }

  @Test
  void impossibleForksAreBadRequests() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, false);
    WorkflowRun neverRan = new WorkflowRun();
    neverRan.workflowId = workflowId;
    String teamId = api.keys.authenticate(key).await().teamId();
    String withoutSnapshot = api.runs.createRun(teamId, "tester", neverRan).await().runId();

    HttpResponse<Buffer> outOfRange = api.send(POST, checkpointRun(workflowId, sourceId), key,
        new JsonObject().put("resume_turn_index", 3));
    assertThat(outOfRange.statusCode()).isEqualTo(400);
    assertThat(outOfRange.bodyAsJsonObject().getString("detail")).contains("has 3 turns");
    HttpResponse<Buffer> noSnapshot = api.send(POST, checkpointRun(workflowId, withoutSnapshot), key,
        new JsonObject().put("resume_turn_index", 0));
    assertThat(noSnapshot.statusCode()).isEqualTo(400);
    assertThat(noSnapshot.bodyAsJsonObject().getString("detail")).contains("no stored workflow config snapshot");
    HttpResponse<Buffer> unknownNode = api.send(POST, checkpointRun(workflowId, sourceId), key,
        new JsonObject().put("resume_turn_index", 1).put("start_node_logical_id", "node_nowhere"));
    assertThat(unknownNode.statusCode()).isEqualTo(400);
    assertThat(unknownNode.bodyAsJsonObject().getString("detail")).contains("node_nowhere");
    HttpResponse<Buffer> tooLong = api.send(POST, checkpointRun(workflowId, sourceId), key,
        new JsonObject().put("resume_turn_index", 1).put("reason", "x".repeat(2001)));
    assertThat(tooLong.statusCode()).isEqualTo(422);
  }

  @Test
  void malformedRequestsAreValidationErrors() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, false);
    String path = checkpointRun(workflowId, sourceId);

    assertThat(firstError(api.send(POST, path, key, new JsonObject())))
        .isEqualTo(error("missing", "body", "resume_turn_index"));
    assertThat(firstError(api.request(POST, path, key).send().await()))
        .isEqualTo(error("missing", "body", "resume_turn_index"));
    assertThat(firstError(api.send(POST, path, key, new JsonObject().put("resume_turn_index", "two"))))
        .isEqualTo(error("int_type", "body", "resume_turn_index"));
    assertThat(firstError(api.send(POST, path, key, new JsonObject().put("resume_turn_index", 1.5))))
        .isEqualTo(error("int_type", "body", "resume_turn_index"));
    assertThat(firstError(api.send(POST, path, key, new JsonObject().putNull("resume_turn_index"))))
        .isEqualTo(error("int_type", "body", "resume_turn_index"));
    assertThat(firstError(api.send(POST, path, key, new JsonObject().put("resume_turn_index", -1))))
        .isEqualTo(error("greater_than_equal", "body", "resume_turn_index"));
    assertThat(firstError(api.request(POST, path + "?resume_turn_index=-2", key).send().await()))
        .isEqualTo(error("greater_than_equal", "query", "resume_turn_index"));
    assertThat(firstError(api.send(POST, checkpointRun("not-an-id", sourceId), key,
        new JsonObject().put("resume_turn_index", 0)))).isEqualTo(error("string_pattern_mismatch", "path",
        "workflow_id"));
    assertThat(firstError(api.send(POST, checkpointRun(workflowId, sourceId.toUpperCase()), key,
        new JsonObject().put("resume_turn_index", 0)))).isEqualTo(error("string_pattern_mismatch", "path",
        "run_id"));
    assertThat(firstError(api.sendRaw(POST, path, key, "application/json", Buffer.buffer("{\"resume_turn_index\":")))
        .getString("type")).isEqualTo("json_invalid");
    assertThat(firstError(api.send(POST, path, key, new JsonObject().put("resume_turn_index", 0)
        .put("runtime_variables", "not an object")))).isEqualTo(error("model_attributes_type", "body",
        "runtime_variables"));
    assertThat(firstError(api.send(POST, path, key, new JsonObject().put("resume_turn_index", 0)
        .put("replay_inputs", "yes")))).isEqualTo(error("bool_type", "body", "replay_inputs"));
    assertThat(firstError(api.send(POST, path, key, new JsonObject().put("resume_turn_index", 0)
        .put("version_number", -1)))).isEqualTo(error("greater_than_equal", "body", "version_number"));
  }

  /** The first entry of a 422 body, without its message. */
  private static JsonObject firstError(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(422);
    JsonObject entry = response.bodyAsJsonObject().getJsonArray("detail").getJsonObject(0).copy();
    entry.remove("msg");
    return entry;
  }

  /** A 422 entry as {@link #firstError} answers it. */
  private static JsonObject error(String type, Object... loc) {
    return new JsonObject().put("type", type).put("loc", new JsonArray(List.of(loc)));
  }

  @Test
  void forkingOverRestAnnouncesTheNewRun() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, TestGraphs.offlineIntake());
    String sourceId = intakeRun(api, key, workflowId, false);
    Queue<JsonObject> events = new ConcurrentLinkedQueue<>();
    MessageConsumer<JsonObject> consumer = api.vertx.eventBus().consumer(Addresses.EVENT_RUN_FORKED,
        message -> events.add(message.body()));
    consumer.completion().await();

    String forkId = fork(api, key, workflowId, sourceId, new JsonObject().put("resume_turn_index", 1)
        .put("reason", "audit me")).getString("id");

    Polling.upTo(Duration.ofSeconds(5)).until("the fork is announced",
        () -> events.stream().anyMatch(event -> forkId.equals(event.getString(RunEvents.RUN_ID))));
    consumer.unregister().await();
    assertThat(events).filteredOn(event -> forkId.equals(event.getString(RunEvents.RUN_ID))).singleElement()
        .satisfies(event -> {
          assertThat(event.getString(RunEvents.SOURCE_RUN_ID)).isEqualTo(sourceId);
          assertThat(event.getInteger(RunEvents.RESUME_TURN_INDEX)).isEqualTo(1);
          assertThat(event.getString(RunEvents.REASON)).isEqualTo("audit me");
          assertThat(event.getInteger(RunEvents.VERSION_NUMBER)).isZero();
        });
  }
}
