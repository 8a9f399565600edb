package dev.turnpoint.engine.turn;

import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.turnpoint.engine.turn.TurnDriver.said;
import static dev.turnpoint.engine.turn.TurnDriver.types;
import static org.assertj.core.api.Assertions.assertThat;

/** Global nodes' reverse conditional edges, and guardrail strikes that escalate. */
class ReverseEdgesAndGuardrailsTest {

  private static final String RUN_ID = "66f000000000000000000073";

  @RegisterExtension
  static final OfflineEngine ENGINE = new OfflineEngine();

  private static WorkflowRunInput message(String text, JsonObject runtimeVariables) {
    WorkflowRunInput input = TurnDriver.input(RunCommand.DATA, text);
    input.runtimeVariables = runtimeVariables;
    return input;
  }

  private static String faqGraph(String miscellaneous) {
    return """
        {"workflow_config": {"name": "Reverse", "miscellaneous": %s,
                             "llms_config": {"type": "offline_llm", "offline": {"default_reply": "FAQ answer."}}},
         "runtime_variables": {"wants_faq": true},
         "node_configs": [
           {"logical_id": "node_hub", "type": "no_op", "is_start": true},
           {"logical_id": "node_faq", "type": "say_llm", "wait_for_user_message": true,
            "global_node_config": {"is_global": true, "condition": {"condition_expression": "[[wants_faq]] == true"},
              "reverse_conditional_edge": {"condition_expression": "[[faq_done]] == true"}}},
           {"logical_id": "node_x", "type": "say_static", "static_messages_config": {"static_messages": ["X"]}},
           {"logical_id": "node_y", "type": "say_static", "static_messages_config": {"static_messages": ["Y"]}}
         ],
         "edge_configs": [
           {"logical_id": "edge_x", "type": "conditional", "source_node_logical_id": "node_hub",
            "destination_node_logical_id": "node_x", "condition": {"condition_expression": "[[faq_done]] == true"}},
           {"logical_id": "edge_y", "type": "direct", "source_node_logical_id": "node_hub",
            "destination_node_logical_id": "node_y"}
         ]}
        """.formatted(miscellaneous);
  }

  @Test
  void aGlobalNodeWithAReverseEdgeStaysUntilItsConditionHoldsThenReturnsWithoutAConditionalHop() {
    TurnDriver run = ENGINE.driver(faqGraph("{}"), RUN_ID);
    TurnOutcome first = run.start();
    assertThat(said(first)).containsExactly("FAQ answer.");
    assertThat(first.checkpoint().globalNodeReturnTo).containsEntry("0", "node_hub");

    TurnOutcome stays = run.turn(message("And opening hours?", new JsonObject().put("wants_faq", false)));
    assertThat(types(stays)).doesNotContain("reverse_conditional_edge", "force_transfer_to_node");
    assertThat(said(stays)).containsExactly("FAQ answer.");
    assertThat(stays.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(stays.checkpoint().mainThread().currentNodeLogicalId).isEqualTo("node_faq");

    TurnDriver back = ENGINE.driver(faqGraph("{}"), RUN_ID);
    back.start();
    TurnOutcome returned = back.turn(message("Thanks", new JsonObject().put("wants_faq", false).put("faq_done", true)));
    JsonObject reverse = returned.events().stream().filter(e -> "reverse_conditional_edge".equals(e.getString("type")))
        .findFirst().orElseThrow();
    assertThat(reverse.getString("source_node_logical_id")).isEqualTo("node_faq");
    assertThat(reverse.getString("destination_node_logical_id")).isEqualTo("node_hub");
    assertThat(said(returned)).containsExactly("Y");
    assertThat(returned.checkpoint().globalNodeReturnTo).isEmpty();
    assertThat(returned.checkpoint().reverseEdgeReturnedThreads).containsExactly("0");
  }

  @Test
  void theConditionalHopAfterAReverseEdgeCanBeAllowed() {
    TurnDriver run = ENGINE.driver(faqGraph(
        "{\"no_consecutive_conditional_edge_after_reverse_conditional_edge_taken\": \"false\"}"), RUN_ID);
    run.start();
    TurnOutcome returned = run.turn(message("Thanks", new JsonObject().put("wants_faq", false).put("faq_done", true)));
    assertThat(types(returned)).contains("reverse_conditional_edge");
    assertThat(said(returned)).containsExactly("X");
    assertThat(returned.checkpoint().reverseEdgeReturnedThreads).isEmpty();
  }

  @Test
  void guardrailVisitsAreCountedPerRunAndTheOneAtTheLimitEscalates() {
    String graph = """
        {"workflow_config": {"name": "Guardrails",
           "llms_config": {"type": "offline_llm", "offline": {"default_reply": "How can I help?"}},
           "guardrail_strikes_config": {"max_guardrail_nodes_before_escalation": 2,
             "escalation_node_logical_id": "node_human", "escalation_message": "Connecting you to a person."}},
         "node_configs": [
           {"logical_id": "node_chat", "type": "say_llm", "is_start": true, "wait_for_user_message": true,
            "self_loop": true},
           {"logical_id": "node_guard", "type": "say_static", "is_guardrail_node": true,
            "static_messages_config": {"static_messages": ["Please keep it civil."]},
            "global_node_config": {"is_global": true, "condition": {"condition_expression": "[[rude]] == true"}}},
           {"logical_id": "node_human", "type": "say_static",
            "static_messages_config": {"static_messages": ["A person will call you."]}}
         ]}
        """;
    TurnDriver run = ENGINE.driver(graph, RUN_ID);
    run.start();
    TurnOutcome strike = run.turn(message("You fool", new JsonObject().put("rude", true)));
    assertThat(said(strike)).containsExactly("Please keep it civil.", "How can I help?");
    assertThat(strike.checkpoint().guardrailStrikes).isEqualTo(1);

    assertThat(said(run.turn(message("Fine", new JsonObject().put("rude", false))))).containsExactly("How can I help?");

    TurnOutcome escalated = run.turn(message("You fool again", new JsonObject().put("rude", true)));
    assertThat(said(escalated)).containsExactly("Connecting you to a person.", "A person will call you.");
    JsonObject edge = escalated.events().stream().filter(e -> "guardrail_escalation_edge".equals(e.getString("type")))
        .findFirst().orElseThrow();
    assertThat(edge.getString("guardrail_node_logical_id")).isEqualTo("node_guard");
    assertThat(edge.getString("destination_node_logical_id")).isEqualTo("node_human");
    assertThat(escalated.checkpoint().guardrailStrikes).isEqualTo(2);
    assertThat(escalated.checkpoint().mainThread().nodeHistory).endsWith("node_chat", "node_human");
    assertThat(escalated.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void oneGuardrailNodeDoesNotHopIntoAnother() {
    String graph = """
        {"workflow_config": {"name": "No hopping"},
         "node_configs": [
           {"logical_id": "node_start", "type": "no_op", "is_start": true},
           {"logical_id": "node_g1", "type": "say_static", "is_guardrail_node": true,
            "static_messages_config": {"static_messages": ["G1"]},
            "global_node_config": {"is_global": true, "condition": {"condition_expression": "true"}}},
           {"logical_id": "node_g2", "type": "say_static", "is_guardrail_node": true,
            "static_messages_config": {"static_messages": ["G2"]},
            "global_node_config": {"is_global": true, "condition": {"condition_expression": "true"}}}
         ]}
        """;
    TurnOutcome outcome = ENGINE.driver(graph, RUN_ID).start();
    assertThat(said(outcome)).containsExactly("G1", "G2");
    List<String> path = outcome.checkpoint().mainThread().nodeHistory;
    assertThat(path).containsExactly("node_start", "node_g1", "node_start", "node_g2", "node_start");
    assertThat(outcome.checkpoint().guardrailStrikes).isEqualTo(2);
  }
}
