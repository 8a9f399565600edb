package dev.turnpoint.api;

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
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that would make one turn hold far more than they carry (templates repeating a large variable, variables
 * over their bound) end that turn with a {@code workflow_error} naming the bound, never run the heap out, and leave
 * the run able to take its next request.
 */
@ExtendWith(VertxExtension.class)
class TurnBoundsTest {

  private static final String RUNS = "/workflows/v1/workflow-runs";
  /** Each answer must come well before a turn that built its 40 GB of text could. */
  private static final long ANSWER_TIMEOUT_MS = 60_000;
  private static ApiFixture api;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx);
  }

  private static String execute(String workflowId) {
    return "/workflows/v1/workflows/" + workflowId + "/execute";
  }

  /**
   * A chat whose every answer goes through a note of {@code {{x}}} 2,000 times, kept as {@code echo}, and a message
   * of {@code [[echo]]} 2,000 times: a 10 KB {@code x} would make the note 20 MB and the message 40 GB.
   */
  private static JsonObject amplifier() {
    return new JsonObject()
        .put("workflow_config", new JsonObject().put("name", "Amplifier")
            .put("llms_config", new JsonObject().put("type", "offline_llm")
                .put("offline", new JsonObject().put("default_reply", "Go on."))))
        .put("node_configs", new JsonArray()
            .add(new JsonObject().put("logical_id", "node_chat").put("name", "Chat").put("type", "say_llm")
                .put("is_start", true).put("main_response_config", new JsonObject().put("prompt", "Chat.")))
            .add(new JsonObject().put("logical_id", "node_echo").put("name", "Echo").put("type", "no_op")
                .put("note", "{{x}}".repeat(2_000)).put("output_runtime_variable_name", "echo"))
            .add(new JsonObject().put("logical_id", "node_say").put("name", "Say").put("type", "say_static")
                .put("static_messages_config", new JsonObject()
                    .put("static_messages", new JsonArray().add("[[echo]]".repeat(2_000))))))
        .put("edge_configs", new JsonArray()
            .add(edge("edge_echo", "node_chat", "node_echo"))
            .add(edge("edge_say", "node_echo", "node_say"))
            .add(edge("edge_back", "node_say", "node_chat")));
  }

  private static JsonObject edge(String id, String source, String destination) {
    return new JsonObject().put("logical_id", id).put("type", "direct")
        .put("source_node_logical_id", source).put("destination_node_logical_id", destination);
  }

  private static JsonObject body(String runId, String message, JsonObject dynamicVariables,
                                 JsonObject runtimeVariables) {
    JsonObject input = ExecutionRoutesTest.runInput(runId == null ? "start" : "data",
        message == null ? new String[0] : new String[] {message});
    input.put("dynamic_variables", dynamicVariables).put("runtime_variables", runtimeVariables);
    JsonObject body = new JsonObject().put("run_input", input);
    return runId == null ? body : body.put("run_id", runId);
  }

  private static JsonObject turn(String key, String workflowId, JsonObject body) {
    HttpResponse<Buffer> response = api.request(POST, execute(workflowId), key).timeout(ANSWER_TIMEOUT_MS)
        .sendJsonObject(body).await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static List<JsonObject> events(JsonObject turn, String type) {
    return turn.getJsonArray("events").stream().map(JsonObject.class::cast)
        .filter(event -> type.equals(event.getString("type"))).toList();
  }

  private static JsonObject storedRun(String key, String runId) {
    HttpResponse<Buffer> response = api.request(GET, RUNS + "/" + runId, key).send().await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonObject("workflow_run").getJsonObject("workflow_run");
  }

  /** The turn was refused over {@code key}, and the run still waits for the user with its earlier state. */
  private static void assertRefusedOver(JsonObject turn, String key) {
    assertThat(turn.getString("status")).isEqualTo("waiting_for_user_input");
    assertThat(turn.getBoolean("is_waiting_for_input")).isTrue();
    List<JsonObject> errors = events(turn, "workflow_error");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).getString("error_message")).contains(key)
        .contains("the run keeps the state it had before this turn");
    assertThat(errors.get(0).getString("stack_trace")).isNull();
    assertThat(turn.getString("error")).contains(key);
  }

  @Test
  void aTemplateRepeatingALargeVariableStopsAtTheBoundAndTheRunTakesItsNextMessage() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, new JsonObject().put("name", "Amplifier").put("config", amplifier()));
    JsonObject first = turn(key, workflowId, body(null, null, new JsonObject(), new JsonObject()));
    String runId = first.getString("run_id");
    assertThat(first.getString("status")).isEqualTo("waiting_for_user_input");

    JsonObject amplified = turn(key, workflowId, body(runId, "{{x}}".repeat(2_000),
        new JsonObject().put("x", "y".repeat(10_000)), new JsonObject()));

    assertRefusedOver(amplified, "max_rendered_chars");
    assertThat(events(amplified, "workflow_error").get(0).getString("origin_node_logical_id")).isEqualTo("node_echo");
    assertThat(amplified.encode().length()).isLessThan(1 << 20);
    JsonObject stored = storedRun(key, runId);
    assertThat(stored.getString("status")).isEqualTo("waiting_for_user_input");
    assertThat(stored.getJsonArray("input_output_pairs")).hasSize(2);

    JsonObject next = turn(key, workflowId, body(runId, "hello", new JsonObject().put("x", ""), new JsonObject()));

    assertThat(next.getString("status")).isEqualTo("waiting_for_user_input");
    assertThat(next.getInteger("turn_number")).isEqualTo(3);
    assertThat(events(next, "workflow_error")).isEmpty();
    assertThat(events(next, "assistant_response")).extracting(event -> event.getString("content"))
        .containsExactly("", "Go on.");
    assertThat(storedRun(key, runId).getString("status")).isEqualTo("waiting_for_user_input");
  }

  @Test
  void aVariableOverItsBoundIsRefusedAndTheRunTakesItsNextMessage() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, "Chat");
    String runId = turn(key, workflowId, body(null, null, new JsonObject(), new JsonObject())).getString("run_id");

    JsonObject refused = turn(key, workflowId, body(runId, "here is a document", new JsonObject(),
        new JsonObject().put("document", "d".repeat(2 << 20))));

    assertRefusedOver(refused, "max_variable_bytes");
    assertThat(refused.getString("error")).contains("runtime variable 'document'");
    assertThat(storedRun(key, runId).getString("status")).isEqualTo("waiting_for_user_input");

    JsonObject next = turn(key, workflowId, body(runId, "hello", new JsonObject(),
        new JsonObject().put("document", "a short one")));

    assertThat(next.getString("status")).isEqualTo("waiting_for_user_input");
    assertThat(events(next, "workflow_error")).isEmpty();
    assertThat(events(next, "assistant_response")).isNotEmpty();
  }

  @Test
  void aFirstTurnOverABoundFailsTheRunInsteadOfLeavingItStarted() {
    String key = api.newTeamAdmin();
    String workflowId = api.createWorkflow(key, "Chat");

    JsonObject refused = turn(key, workflowId, body(null, null,
        new JsonObject().put("a", "a".repeat(900_000)).put("b", "b".repeat(900_000))
            .put("c", "c".repeat(900_000)).put("d", "d".repeat(900_000)).put("e", "e".repeat(900_000)),
        new JsonObject()));

    assertThat(refused.getString("status")).isEqualTo("failed");
    assertThat(refused.getString("error")).contains("max_run_variables_bytes");
    String runId = refused.getString("run_id");
    assertThat(storedRun(key, runId).getString("status")).isEqualTo("failed");
    HttpResponse<Buffer> next = api.request(POST, execute(workflowId), key).timeout(ANSWER_TIMEOUT_MS)
        .sendJsonObject(body(runId, "hello", new JsonObject(), new JsonObject())).await();
    assertThat(next.statusCode()).as(next.bodyAsString()).isEqualTo(409);
  }
}
