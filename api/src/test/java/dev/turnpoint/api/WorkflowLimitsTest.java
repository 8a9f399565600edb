package dev.turnpoint.api;

import io.vertx.core.Future;
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

/** Workflow graphs beyond the configured size limits answer 422 at the part too large, before any work. */
@ExtendWith(VertxExtension.class)
class WorkflowLimitsTest {

  private static final String WORKFLOWS = "/workflows/v1/workflows";
  private static ApiFixture api;
  /** An api with small limits, to check each limit at its edge. */
  private static ApiFixture small;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx);
    small = api.anotherApi(new JsonObject().put("max_workflow_bytes", 6000).put("max_workflow_nodes", 5)
        .put("max_workflow_edges", 4)
        .put("max_global_nodes", 1).put("max_workflow_text_chars", 50).put("max_condition_expression_chars", 40)
        .put("max_condition_expression_depth", 3));
  }

  private static JsonArray nodes(int count) {
    JsonArray nodes = new JsonArray();
    for (int i = 0; i < count; i++) {
      nodes.add(new JsonObject().put("logical_id", "node_" + i).put("name", "Step " + i).put("type", "say_llm")
          .put("main_response_config", new JsonObject().put("prompt", "Ask the caller about step " + i + ".")));
    }
    return nodes;
  }

  private static JsonObject graph(String name, JsonArray nodes, JsonArray edges) {
    return new JsonObject().put("workflow_config", new JsonObject().put("name", name))
        .put("node_configs", nodes).put("edge_configs", edges);
  }

  private static JsonObject edge(int index, String expression) {
    return new JsonObject().put("logical_id", "edge_" + index).put("type", "conditional")
        .put("source_node_logical_id", "node_0").put("destination_node_logical_id", "node_1")
        .put("condition", new JsonObject().put("condition_expression", expression));
  }

  private static JsonObject onlyProblem(HttpResponse<Buffer> answer) {
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(422);
    JsonArray detail = answer.bodyAsJsonObject().getJsonArray("detail");
    assertThat(detail.size()).as(answer.bodyAsString()).isEqualTo(1);
    return detail.getJsonObject(0);
  }

  @Test
  void aTenThousandNodeWorkflowIsRefusedWhileAnotherClientIsAnswered() {
    String key = api.newTeamAdmin();
    JsonArray nodes = new JsonArray();
    for (int i = 0; i < 10_000; i++) {
      nodes.add(new JsonObject().put("logical_id", "node_" + i).put("type", "no_op"));
    }
    JsonArray edges = new JsonArray();
    for (int i = 1; i < 10_000; i++) {
      edges.add(new JsonObject().put("logical_id", "edge_" + i).put("type", "direct")
          .put("source_node_logical_id", "node_" + (i - 1)).put("destination_node_logical_id", "node_" + i));
    }
    Future<HttpResponse<Buffer>> huge = api.request(POST, WORKFLOWS, key)
        .sendJsonObject(graph("Huge", nodes, edges));
    Future<HttpResponse<Buffer>> other = api.request(GET, WORKFLOWS, api.newTeamAdmin()).send();

    HttpResponse<Buffer> refused = huge.await();
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(422);
    JsonArray detail = refused.bodyAsJsonObject().getJsonArray("detail");
    assertThat(detail.getJsonObject(0).getJsonArray("loc").getList()).containsExactly("body", "node_configs");
    assertThat(detail.getJsonObject(0).getString("msg"))
        .contains("at most 1000 nodes", "max_workflow_nodes = 1000", "not 10000");
    assertThat(detail.getJsonObject(1).getJsonArray("loc").getList()).containsExactly("body", "edge_configs");
    assertThat(detail.getJsonObject(1).getString("msg")).contains("max_workflow_edges = 3000", "not 9999");
    assertThat(other.await().statusCode()).isEqualTo(200);
    assertThat(api.send(GET, WORKFLOWS, key).bodyAsJsonObject().getInteger("total")).isZero();
  }

  @Test
  void aGraphAtEveryLimitIsAcceptedAndOneOverEachIsRefusedAtItsPart() {
    String key = small.newTeamAdmin();
    JsonArray edges = new JsonArray();
    for (int i = 0; i < 4; i++) {
      edges.add(edge(i, "NOT [[a]] == 1"));
    }
    JsonArray atLimits = nodes(5);
    atLimits.getJsonObject(2).put("global_node_config", new JsonObject().put("is_global", true));
    atLimits.getJsonObject(3).getJsonObject("main_response_config").put("prompt", "p".repeat(50));
    assertThat(small.send(POST, WORKFLOWS, key, graph("At limits", atLimits, edges)).statusCode()).isEqualTo(200);

    JsonObject tooMany = onlyProblem(small.send(POST, WORKFLOWS, key, graph("Nodes", nodes(6), new JsonArray())));
    assertThat(tooMany.getJsonArray("loc").getList()).containsExactly("body", "node_configs");
    assertThat(tooMany.getString("msg")).contains("max_workflow_nodes = 5", "not 6");

    JsonArray globals = nodes(3);
    globals.getJsonObject(0).put("global_node_config", new JsonObject().put("is_global", true));
    globals.getJsonObject(2).put("global_node_config", new JsonObject().put("is_global", true));
    JsonObject global = onlyProblem(small.send(POST, WORKFLOWS, key, graph("Globals", globals, new JsonArray())));
    assertThat(global.getJsonArray("loc").getList())
        .containsExactly("body", "node_configs", 2, "global_node_config", "is_global");
    assertThat(global.getString("msg")).contains("max_global_nodes = 1");

    JsonArray prompts = nodes(2);
    prompts.getJsonObject(1).getJsonObject("main_response_config").put("prompt", "p".repeat(51));
    JsonObject prompt = onlyProblem(small.send(POST, WORKFLOWS, key,
        new JsonObject().put("name", "Prompts").put("config", graph("Prompts", prompts, new JsonArray()))));
    assertThat(prompt.getJsonArray("loc").getList())
        .containsExactly("body", "config", "node_configs", 1, "main_response_config", "prompt");
    assertThat(prompt.getString("msg")).contains("max_workflow_text_chars = 50", "not 51");
    assertThat(prompt.getString("type")).isEqualTo("string_too_long");
  }

  @Test
  void aBodyLargerThanAGraphMayBeIsRefusedBeforeItIsRead() {
    String key = small.newTeamAdmin();
    JsonArray nodes = nodes(2);
    nodes.getJsonObject(0).put("description", "d".repeat(6000));
    JsonObject refused = onlyProblem(small.send(POST, WORKFLOWS, key, graph("Big", nodes, new JsonArray())));
    assertThat(refused.getJsonArray("loc").getList()).containsExactly("body");
    assertThat(refused.getString("msg")).contains("at most 6000 bytes", "max_workflow_bytes = 6000");

    String id = small.createWorkflow(key, graph("Small", nodes(2), new JsonArray()));
    JsonObject replaced = onlyProblem(small.send(PATCH, WORKFLOWS + "/" + id + "/versions/0/config", key,
        new JsonObject().put("config", graph("Big", nodes, new JsonArray()))));
    assertThat(replaced.getJsonArray("loc").getList()).containsExactly("body");
  }

  @Test
  void longOrDeepConditionsAreRefusedAtTheirEdge() {
    String key = small.newTeamAdmin();
    JsonArray edges = new JsonArray().add(edge(0, "[[a]] == 1")).add(edge(1, "NOT NOT NOT [[a]]"))
        .add(edge(2, "[[a]] == '" + "x".repeat(40) + "'"));
    HttpResponse<Buffer> answer = small.send(POST, WORKFLOWS, key, graph("Conditions", nodes(2), edges));
    assertThat(answer.statusCode()).isEqualTo(422);
    JsonArray detail = answer.bodyAsJsonObject().getJsonArray("detail");
    assertThat(detail.stream().map(problem -> ((JsonObject) problem).getJsonArray("loc").getList()).toList())
        .containsExactly(List.of("body", "edge_configs", 1, "condition", "condition_expression"),
            List.of("body", "edge_configs", 2, "condition", "condition_expression"));
    assertThat(detail.getJsonObject(0).getString("msg")).contains("max_condition_expression_depth = 3", "not 4");
    assertThat(detail.getJsonObject(1).getString("msg")).contains("max_condition_expression_chars = 40", "not 51");
  }

  @Test
  void aVersionsNewGraphOrSettingsAreHeldToTheSameLimits() {
    String key = small.newTeamAdmin();
    String id = small.createWorkflow(key, graph("Versioned", nodes(2), new JsonArray()));
    String config = WORKFLOWS + "/" + id + "/versions/0/config";

    JsonObject nodes = onlyProblem(small.send(PATCH, config, key,
        new JsonObject().put("config", graph("Versioned", nodes(6), new JsonArray()))));
    assertThat(nodes.getJsonArray("loc").getList()).containsExactly("body", "config", "node_configs");

    JsonObject settings = onlyProblem(small.send(PATCH, config, key, new JsonObject().put("config",
        new JsonObject().put("name", "Versioned").put("description", "d".repeat(60)))));
    assertThat(settings.getJsonArray("loc").getList()).containsExactly("body", "config", "description");
    assertThat(settings.getString("msg")).contains("max_workflow_text_chars = 50");

    JsonObject stored = small.send(GET, WORKFLOWS + "/" + id + "?fully_hydrate=true", key).bodyAsJsonObject();
    assertThat(stored.getJsonObject("workflow").getJsonObject("workflow_config").getJsonArray("node_configs"))
        .hasSize(2);
  }
}
