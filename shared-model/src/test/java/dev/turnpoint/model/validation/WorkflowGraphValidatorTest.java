package dev.turnpoint.model.validation;

import dev.turnpoint.model.Json;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkflowGraphValidatorTest {

  private static JsonObject specExample() throws IOException {
    try (InputStream in = WorkflowGraphValidatorTest.class.getResourceAsStream("/spec/clinic-intake-hydrated.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static List<String> validate(JsonObject graph) {
    return WorkflowGraphValidator.validate(Json.fromJson(graph, WorkflowConfigFullyHydrated.class));
  }

  private static JsonObject graph(JsonObject... nodes) {
    return new JsonObject().put("workflow_config", new JsonObject().put("name", "Test"))
        .put("node_configs", new JsonArray(Arrays.asList((Object[]) nodes))).put("edge_configs", new JsonArray());
  }

  private static JsonObject withEdges(JsonObject graph, JsonObject... edges) {
    return graph.put("edge_configs", new JsonArray(Arrays.asList((Object[]) edges)));
  }

  private static JsonObject node(String logicalId, String name) {
    return new JsonObject().put("logical_id", logicalId).put("name", name).put("type", "no_op");
  }

  private static JsonObject edge(String logicalId, String name, String from, String to) {
    return new JsonObject().put("logical_id", logicalId).put("name", name).put("type", "direct")
        .put("source_node_logical_id", from).put("destination_node_logical_id", to);
  }

  private static JsonObject conditional(String logicalId, String name, String from, String to, JsonObject condition) {
    return edge(logicalId, name, from, to).put("type", "conditional").put("condition", condition);
  }

  private static JsonObject expression(String source) {
    return new JsonObject().put("condition_expression", source);
  }

  private static JsonObject companion(String logicalId, String from, String to, String threadId) {
    return edge(logicalId, null, from, to).put("companion_thread_config",
        new JsonObject().put("is_companion_thread", true).put("thread_id", threadId));
  }

  private static JsonObject twoNodes() {
    return graph(node("node_a", "A"), node("node_b", "B"));
  }

  @Test
  void theSpecsExampleIsValid() throws IOException {
    assertThat(validate(specExample())).isEmpty();
  }

  @Test
  void anEmptyGraphIsValid() {
    assertThat(validate(graph())).isEmpty();
    assertThat(validate(new JsonObject())).isEmpty();
    WorkflowConfigFullyHydrated nothing = new WorkflowConfigFullyHydrated();
    nothing.nodeConfigs = null;
    nothing.edgeConfigs = null;
    assertThat(WorkflowGraphValidator.validate(nothing)).isEmpty();
  }

  @Test
  void aMissingGraphIsOneProblem() {
    assertThat(WorkflowGraphValidator.validate(null)).containsExactly("the workflow graph is missing");
  }

  @Test
  void theSpecsExampleWithABrokenConditionNamesTheEdgeAndThePosition() throws IOException {
    JsonObject graph = specExample();
    graph.getJsonArray("edge_configs").getJsonObject(2).getJsonObject("condition")
        .put("condition_expression", "(isPresent([[x]])");
    assertThat(validate(graph)).containsExactly(
        "edge 'edge_3' (\"Have what we need\"): invalid condition_expression: expected ')' at position 17");
  }

  @Test
  void nodeLogicalIdsArePresentAndUnique() {
    JsonObject graph = graph(node("node_a", "First"), node(null, "Nameless id"), node("node_a", "Second"),
        node(" ", null), node("node_a", "Third"));
    assertThat(validate(graph)).containsExactly(
        "node at index 1 (\"Nameless id\"): logical_id is missing",
        "node 'node_a' (\"Second\"): logical_id is also used by node 'node_a' (\"First\")",
        "node at index 3: logical_id is missing",
        "node 'node_a' (\"Third\"): logical_id is also used by node 'node_a' (\"First\")");
  }

  @Test
  void edgeLogicalIdsAreUniqueButMayBeMissing() {
    JsonObject graph = withEdges(twoNodes(), edge("edge_1", "One", "node_a", "node_b"),
        edge("edge_1", "Again", "node_b", "node_a"), edge(null, "No id", "node_a", "node_b"),
        edge(null, null, "node_b", "node_a"));
    assertThat(validate(graph)).containsExactly(
        "edge 'edge_1' (\"Again\"): logical_id is also used by edge 'edge_1' (\"One\")");
  }

  @Test
  void edgesJoinExistingNodes() {
    JsonObject graph = withEdges(twoNodes(), edge("edge_1", "Dangling", "node_a", "node_gone"),
        edge("edge_2", null, "node_nowhere", "node_b"), edge("edge_3", "Loose", null, ""));
    assertThat(validate(graph)).containsExactly(
        "edge 'edge_1' (\"Dangling\"): destination node 'node_gone' does not exist",
        "edge 'edge_2': source node 'node_nowhere' does not exist",
        "edge 'edge_3' (\"Loose\"): source_node_logical_id is missing",
        "edge 'edge_3' (\"Loose\"): destination_node_logical_id is missing");
  }

  @Test
  void selfLoopsAreFine() {
    assertThat(validate(withEdges(twoNodes(), edge("edge_1", null, "node_a", "node_a")))).isEmpty();
  }

  /** A conversation node that waits, a companion poller forked before it, and a waiting edge out of it. */
  private static JsonObject waitingGraph(JsonObject waiting) {
    JsonObject chat = node("node_chat", "Chat").put("type", "say_llm").put("wait_for_user_message", true);
    return withEdges(graph(node("node_entry", "Entry"), chat, node("node_poll", "Poll"), node("node_done", "Done")),
        edge("edge_main", null, "node_entry", "node_chat"),
        companion("edge_fork", "node_entry", "node_poll", "bg"),
        conditional("edge_wait", "Landed", "node_chat", "node_done", expression("[[landed]] == true"))
            .put("evaluate_while_waiting_config", waiting));
  }

  private static JsonObject onCompletion(String... triggers) {
    return new JsonObject().put("enabled", true).put("trigger_mode", "on_node_completion")
        .put("trigger_node_logical_ids", new JsonArray(Arrays.asList((Object[]) triggers)));
  }

  @Test
  void anEdgeEvaluatedWhileItsSourceWaitsFollowsTheRulesThatKeepTheConversationMoving() {
    assertThat(validate(waitingGraph(onCompletion("node_poll")))).isEmpty();
    assertThat(validate(waitingGraph(new JsonObject().put("enabled", true)
        .put("trigger_mode", "on_every_background_tick").put("min_seconds_between_evaluations", 2)))).isEmpty();
    assertThat(validate(waitingGraph(onCompletion().put("enabled", false)))).as("off: no rules").isEmpty();

    String prefix = "edge 'edge_wait' (\"Landed\"): evaluate while waiting (evaluate_while_waiting_config)";
    JsonObject forkOnTheWaitingNode = waitingGraph(onCompletion("node_poll"));
    forkOnTheWaitingNode.getJsonArray("edge_configs").getJsonObject(1).put("source_node_logical_id", "node_chat");
    assertThat(validate(forkOnTheWaitingNode)).containsExactly(prefix + " needs a source node without outgoing direct"
        + " edges, but node 'node_chat' has direct edge 'edge_fork'; fork a companion thread upstream of the node"
        + " that waits");
    assertThat(validate(waitingGraph(onCompletion("node_nowhere")))).containsExactly(prefix
        + ": trigger nodes [node_nowhere] do not exist");
    assertThat(validate(waitingGraph(onCompletion("node_chat")))).containsExactly(prefix
        + ": trigger nodes [node_chat] wait for user input themselves, so they complete when answered, not while the"
        + " source waits");
    assertThat(validate(waitingGraph(onCompletion()))).containsExactly(prefix
        + " with trigger_mode on_node_completion needs trigger_node_logical_ids");
    assertThat(validate(waitingGraph(new JsonObject().put("enabled", true)
        .put("trigger_mode", "on_every_background_tick")))).containsExactly(prefix
        + " with trigger_mode on_every_background_tick needs min_seconds_between_evaluations above 0, or it"
        + " evaluates on every background pass");
    assertThat(validate(waitingGraph(onCompletion("node_poll").put("max_transitions_per_wait", 0))))
        .containsExactly(prefix + ": max_transitions_per_wait must be a whole number, at least 1");
  }

  @Test
  void conditionalEdgesNeedACondition() {
    JsonObject graph = withEdges(twoNodes(),
        edge("edge_1", "No condition", "node_a", "node_b").put("type", "conditional"),
        conditional("edge_2", "Null condition", "node_a", "node_b", null),
        conditional("edge_3", "Blank condition", "node_a", "node_b",
            new JsonObject().put("condition_expression", "  ").put("condition_freeform", "")),
        conditional("edge_4", "Freeform", "node_a", "node_b",
            new JsonObject().put("condition_freeform", "The caller wants to book")),
        conditional("edge_5", "Expression", "node_a", "node_b", expression("[[extracted_intent]] == 'billing'")),
        conditional("edge_6", "Both", "node_a", "node_b",
            expression("true").put("condition_freeform", "always")));
    assertThat(validate(graph)).containsExactly(
        "edge 'edge_1' (\"No condition\"): conditional edge needs a condition with condition_expression or "
            + "condition_freeform",
        "edge 'edge_2' (\"Null condition\"): conditional edge needs a condition with condition_expression or "
            + "condition_freeform",
        "edge 'edge_3' (\"Blank condition\"): conditional edge needs a condition with condition_expression or "
            + "condition_freeform");
  }

  @Test
  void everyConditionExpressionMustParse() {
    JsonObject graph = withEdges(twoNodes(),
        conditional("edge_1", "Typo", "node_a", "node_b", expression("isPresnt([[name]])")),
        conditional("edge_2", "Filter", "node_a", "node_b", expression("[[a | upcas]] == 'A'")),
        conditional("edge_3", "Fine", "node_a", "node_b", expression("isPresent([[name]]) AND [[age]] < 50")),
        conditional("edge_4", "With freeform", "node_a", "node_b",
            expression("1 == 'x").put("condition_freeform", "anything")));
    assertThat(validate(graph)).containsExactly(
        "edge 'edge_1' (\"Typo\"): invalid condition_expression: unknown function 'isPresnt' at position 0",
        "edge 'edge_2' (\"Filter\"): invalid condition_expression: unknown filter 'upcas' at position 6",
        "edge 'edge_4' (\"With freeform\"): invalid condition_expression: unterminated string at position 5");
  }

  @Test
  void globalNodeConditionsMustParse() {
    JsonObject global = node("node_g", "Emergency").put("global_node_config", new JsonObject()
        .put("is_global", true)
        .put("condition", expression("[[urgency | upcase]] == 'EMERGENCY' AND"))
        .put("reverse_conditional_edge", expression("isPresent([[resolved]]")));
    JsonObject fine = node("node_h", "Help").put("global_node_config", new JsonObject()
        .put("is_global", true).put("condition", expression("contains([[message]], 'help')")));
    JsonObject freeform = node("node_i", "Freeform").put("global_node_config", new JsonObject()
        .put("is_global", true).put("condition", new JsonObject().put("condition_freeform", "caller is upset")));
    assertThat(validate(graph(global, fine, freeform))).containsExactly(
        "node 'node_g' (\"Emergency\"): invalid global_node_config condition_expression: expected a value at "
            + "position 39",
        "node 'node_g' (\"Emergency\"): invalid global_node_config reverse_conditional_edge condition_expression: "
            + "expected ')' at position 22");
  }

  @Test
  void atMostOneStartNode() {
    assertThat(validate(graph(node("node_a", "A").put("is_start", true), node("node_b", "B")))).isEmpty();
    assertThat(validate(graph(node("node_a", "A").put("is_start", true), node("node_b", null).put("is_start", true),
        node("node_c", "C").put("is_start", true))))
        .containsExactly("only one node may be the start node, but node 'node_a' (\"A\"), node 'node_b', "
            + "node 'node_c' (\"C\") are marked is_start");
  }

  @Test
  void companionThreadIdsAreUniqueAndNotTheMainThread() {
    JsonObject graph = withEdges(graph(node("node_a", "A"), node("node_b", "B"), node("node_c", "C")),
        companion("edge_1", "node_a", "node_b", "extractor"),
        companion("edge_2", "node_a", "node_c", "extractor"),
        companion("edge_3", "node_a", "node_c", "0"),
        companion("edge_4", "node_a", "node_c", "has space"),
        companion("edge_5", "node_a", "node_c", "other-thread_2"),
        companion("edge_6", "node_a", "node_c", null),
        edge("edge_7", null, "node_a", "node_c").put("companion_thread_config",
            new JsonObject().put("is_companion_thread", false).put("thread_id", "0")));
    assertThat(validate(graph)).containsExactly(
        "edge 'edge_2': companion thread_id 'extractor' is also used by edge 'edge_1'",
        "edge 'edge_3': companion thread_id '0' is reserved for the main thread",
        "edge 'edge_4': companion thread_id 'has space' may only hold letters, digits, '_' and '-'");
  }

  @Test
  void httpRequestNodesNeedAUrl() {
    JsonObject graph = graph(
        new JsonObject().put("logical_id", "node_h").put("name", "Lookup").put("type", "http_request"),
        new JsonObject().put("logical_id", "node_i").put("type", "http_request").put("url", " "),
        new JsonObject().put("logical_id", "node_j").put("type", "http_request")
            .put("url", "https://api.example.com/p/[[patient_id]]"));
    assertThat(validate(graph)).containsExactly(
        "node 'node_h' (\"Lookup\"): http_request node needs a url",
        "node 'node_i': http_request node needs a url");
  }

  @Test
  void sayStaticNodesNeedAMessage() {
    JsonObject graph = graph(
        new JsonObject().put("logical_id", "node_s").put("name", "Silent").put("type", "say_static"),
        new JsonObject().put("logical_id", "node_t").put("type", "say_static")
            .put("static_messages_config", new JsonObject().put("static_messages", new JsonArray().add("").add(" "))),
        new JsonObject().put("logical_id", "node_u").put("type", "say_static")
            .put("static_messages_config", new JsonObject().putNull("static_messages")),
        new JsonObject().put("logical_id", "node_v").put("type", "say_static").putNull("static_messages_config"),
        new JsonObject().put("logical_id", "node_w").put("type", "say_static")
            .put("static_messages_config", new JsonObject().put("static_messages", new JsonArray().add("Hi"))));
    assertThat(validate(graph)).containsExactly(
        "node 'node_s' (\"Silent\"): say_static node needs at least one static message",
        "node 'node_t': say_static node needs at least one static message",
        "node 'node_u': say_static node needs at least one static message",
        "node 'node_v': say_static node needs at least one static message");
  }

  @Test
  void nodeTypesTurnpointCannotRunAreStillAccepted() {
    JsonObject graph = graph(
        new JsonObject().put("logical_id", "node_super").put("type", "super_node").put("super_workflow_id", "x"),
        new JsonObject().put("logical_id", "node_sms").put("type", "send_sms"),
        new JsonObject().put("logical_id", "node_athena").put("type", "athena_patients_search"),
        new JsonObject().put("logical_id", "node_start").put("type", "start_conversation"));
    assertThat(validate(graph)).isEmpty();
  }

  @Test
  void evaluatingWhileWaitingNeedsAnExpression() {
    JsonObject waiting = new JsonObject().put("enabled", true)
        .put("trigger_node_logical_ids", new JsonArray().add("node_b"));
    JsonObject graph = withEdges(twoNodes(),
        conditional("edge_1", null, "node_a", "node_b", new JsonObject().put("condition_freeform", "done"))
            .put("evaluate_while_waiting_config", waiting),
        conditional("edge_2", null, "node_a", "node_b", expression("isPresent([[x]])"))
            .put("evaluate_while_waiting_config", waiting),
        conditional("edge_3", null, "node_a", "node_b", new JsonObject().put("condition_freeform", "done"))
            .put("evaluate_while_waiting_config", new JsonObject().put("enabled", "yes")));
    assertThat(validate(graph)).containsExactly("edge 'edge_1': evaluate_while_waiting_config needs a "
        + "condition_expression");
  }

  @Test
  void emptySlotsInTheListsAreReportedNotThrown() {
    WorkflowConfigFullyHydrated graph = Json.fromJson(twoNodes(), WorkflowConfigFullyHydrated.class);
    graph.nodeConfigs = new ArrayList<>(graph.nodeConfigs);
    graph.nodeConfigs.add(null);
    graph.edgeConfigs = new ArrayList<>();
    graph.edgeConfigs.add(null);
    assertThat(WorkflowGraphValidator.validate(graph))
        .containsExactly("node at index 2 is empty", "edge at index 0 is empty");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    JsonObject graph = withEdges(graph(node("node_a", "A"), node("node_a", "A again"),
            new JsonObject().put("logical_id", "node_h").put("type", "http_request")),
        conditional("edge_1", "Bad", "node_a", "node_x", expression("[[a]] ==")));
    assertThat(validate(graph)).hasSize(4);
  }
}
