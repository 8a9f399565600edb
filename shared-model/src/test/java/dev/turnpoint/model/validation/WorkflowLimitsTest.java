package dev.turnpoint.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpoint.model.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkflowLimitsTest {

  private static final WorkflowLimits SMALL = new WorkflowLimits(10_000, 3, 2, 1, 20, 30, 4);

  private static JsonNode tree(JsonObject graph) {
    return Json.MAPPER.valueToTree(graph.getMap());
  }

  private static List<LimitBreach> check(JsonObject graph) {
    return WorkflowGraphValidator.exceededLimits(tree(graph), SMALL);
  }

  private static JsonObject node(String id) {
    return new JsonObject().put("logical_id", id).put("type", "no_op");
  }

  private static JsonObject global(String id) {
    return node(id).put("global_node_config", new JsonObject().put("is_global", true));
  }

  private static JsonObject conditional(String expression) {
    return new JsonObject().put("logical_id", "e").put("type", "conditional")
        .put("condition", new JsonObject().put("condition_expression", expression));
  }

  private static JsonObject graph(JsonArray nodes, JsonArray edges) {
    return new JsonObject().put("workflow_config", new JsonObject().put("name", "Test"))
        .put("node_configs", nodes).put("edge_configs", edges);
  }

  @Test
  void defaultsHoldWhenNothingIsConfigured() {
    assertThat(WorkflowLimits.from(null)).isEqualTo(WorkflowLimits.DEFAULTS);
    assertThat(WorkflowLimits.from(new JsonObject().put("max_workflow_nodes", 7)).maxNodes()).isEqualTo(7);
    WorkflowLimits all = WorkflowLimits.from(new JsonObject().put("max_workflow_bytes", 9)
        .put("max_workflow_nodes", 1)
        .put("max_workflow_edges", 2).put("max_global_nodes", 0).put("max_workflow_text_chars", 4)
        .put("max_condition_expression_chars", 5).put("max_condition_expression_depth", 6));
    assertThat(all).isEqualTo(new WorkflowLimits(9, 1, 2, 0, 4, 5, 6));
  }

  @Test
  void nonsenseLimitsAreRefusedNamingTheirKey() {
    assertThatThrownBy(() -> WorkflowLimits.from(new JsonObject().put("max_workflow_nodes", 0)))
        .hasMessageContaining("max_workflow_nodes");
    assertThatThrownBy(() -> WorkflowLimits.from(new JsonObject().put("max_global_nodes", -1)))
        .hasMessageContaining("max_global_nodes");
    assertThatThrownBy(() -> WorkflowLimits.from(new JsonObject().put("max_condition_expression_depth", 101)))
        .hasMessageContaining("max_condition_expression_depth");
  }

  @Test
  void aGraphWithinEveryLimitPasses() {
    JsonObject graph = graph(new JsonArray().add(global("a")).add(node("b")).add(node("c")),
        new JsonArray().add(conditional("[[a]] == 1 AND [[b]]")).add(conditional("broken ((")));
    assertThat(check(graph)).isEmpty();
    assertThat(WorkflowGraphValidator.exceededLimits(tree(new JsonObject()), SMALL)).isEmpty();
  }

  @Test
  void tooManyNodesOrEdgesAreReportedAtTheirList() {
    JsonArray nodes = new JsonArray();
    for (int i = 0; i < 4; i++) {
      nodes.add(node("n" + i).put("name", "x".repeat(50)));
    }
    JsonArray edges = new JsonArray().add(conditional("1")).add(conditional("1")).add(conditional("1"));
    List<LimitBreach> breaches = check(graph(nodes, edges));
    assertThat(breaches).extracting(LimitBreach::path)
        .containsExactly(List.of("node_configs"), List.of("edge_configs"));
    assertThat(breaches.get(0).message()).contains("at most 3 nodes", "max_workflow_nodes = 3", "not 4");
    assertThat(breaches.get(1).message()).contains("at most 2 edges", "max_workflow_edges = 2", "not 3");
    assertThat(breaches.get(0).type()).isEqualTo("too_long");
  }

  @Test
  void theFirstGlobalNodeOverTheLimitIsNamed() {
    List<LimitBreach> breaches = check(graph(new JsonArray().add(global("a")).add(node("b")).add(global("c")),
        new JsonArray()));
    assertThat(breaches).singleElement().satisfies(breach -> {
      assertThat(breach.path()).containsExactly("node_configs", 2, "global_node_config", "is_global");
      assertThat(breach.message()).contains("at most 1 global nodes", "max_global_nodes = 1");
    });
  }

  @Test
  void longTextIsReportedWhereItIs() {
    JsonObject say = node("a").put("type", "say_llm")
        .put("main_response_config", new JsonObject().put("prompt", "p".repeat(21)));
    JsonObject graph = graph(new JsonArray().add(say), new JsonArray());
    graph.getJsonObject("workflow_config").put("description", "d".repeat(25));
    List<LimitBreach> breaches = check(graph);
    assertThat(breaches).extracting(LimitBreach::path).containsExactlyInAnyOrder(
        List.of("workflow_config", "description"), List.of("node_configs", 0, "main_response_config", "prompt"));
    assertThat(breaches).allSatisfy(breach -> assertThat(breach.message())
        .contains("max_workflow_text_chars = 20"));
  }

  @Test
  void longOrDeepExpressionsAreReportedWhereTheyAre() {
    JsonObject deep = conditional("((([[a]] == 1)))");
    JsonObject fine = conditional("NOT [[a]] == 1");
    JsonObject longOne = conditional("[[a]] == '" + "x".repeat(30) + "'");
    JsonObject globalDeep = global("g").put("global_node_config", new JsonObject().put("is_global", true)
        .put("condition", new JsonObject().put("condition_expression", "NOT NOT NOT NOT [[a]]")));
    List<LimitBreach> breaches = check(graph(new JsonArray().add(globalDeep),
        new JsonArray().add(fine).add(longOne)));
    assertThat(breaches).extracting(LimitBreach::path).containsExactly(
        List.of("node_configs", 0, "global_node_config", "condition", "condition_expression"),
        List.of("edge_configs", 1, "condition", "condition_expression"));
    assertThat(breaches.get(0).message()).contains("max_condition_expression_depth = 4", "not 5");
    assertThat(breaches.get(1).message()).contains("max_condition_expression_chars = 30", "not 41");
    assertThat(check(graph(new JsonArray(), new JsonArray().add(deep)))).isEmpty();
  }
}
