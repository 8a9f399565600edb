package dev.turnpoint.engine.turn;

import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowStatus;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.turnpoint.engine.turn.TurnDriver.said;
import static dev.turnpoint.engine.turn.TurnDriver.types;
import static org.assertj.core.api.Assertions.assertThat;

/** The order in which a thread's ways on are considered, and what taking each one records. */
class TransitionsTest {

  private static final String RUN_ID = "66f000000000000000000003";

  @RegisterExtension
  static final OfflineEngine ENGINE = new OfflineEngine();

  private static TurnDriver driver(String graph) {
    return ENGINE.driver(graph, RUN_ID);
  }

  private static List<String> moves(TurnOutcome outcome) {
    return outcome.events().stream().filter(e -> e.getString("destination_node_logical_id") != null
            || e.getString("type").startsWith("self_loop"))
        .map(e -> e.getString("type") + ":" + e.getString("destination_node_logical_id")).toList();
  }

  @Test
  void aGlobalNodeComesBeforeConditionalEdgesAndIsEnteredOnlyOncePerTurn() {
    String graph = """
        {"workflow_config": {"name": "Global first"},
         "node_configs": [
           {"logical_id": "node_a", "type": "no_op", "is_start": true},
           {"logical_id": "node_b", "type": "say_static", "static_messages_config": {"static_messages": ["B"]}},
           {"logical_id": "node_g", "type": "say_static", "static_messages_config": {"static_messages": ["G"]},
            "global_node_config": {"is_global": true, "condition": {"condition_expression": "true"}}}
         ],
         "edge_configs": [
           {"logical_id": "edge_b", "type": "conditional", "source_node_logical_id": "node_a",
            "destination_node_logical_id": "node_b", "condition": {"condition_expression": "true"}}
         ]}
        """;
    TurnOutcome outcome = driver(graph).start();
    assertThat(said(outcome)).containsExactly("G", "B");
    assertThat(moves(outcome)).containsExactly("force_transfer_to_node:node_g", "force_transfer_to_node:node_a",
        "conditional_edge:node_b");
    assertThat(outcome.checkpoint().mainThread().nodeHistory).containsExactly("node_a", "node_g", "node_a", "node_b");
    assertThat(outcome.checkpoint().globalNodeReturnTo).isEmpty();
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void companionThreadsNeitherEnterGlobalNodesNorLoopOnThemselves() {
    String graph = """
        {"workflow_config": {"name": "Companion moves"},
         "node_configs": [
           {"logical_id": "node_a", "type": "no_op", "is_start": true},
           {"logical_id": "node_side", "type": "no_op", "self_loop_config": {"enabled": true}},
           {"logical_id": "node_g", "type": "say_static", "static_messages_config": {"static_messages": ["G"]},
            "global_node_config": {"is_global": true, "condition": {"condition_expression": "true"}}},
           {"logical_id": "node_end", "type": "end_conversation"}
         ],
         "edge_configs": [
           {"logical_id": "edge_side", "type": "companion", "source_node_logical_id": "node_a",
            "destination_node_logical_id": "node_side"},
           {"logical_id": "edge_end", "type": "direct", "source_node_logical_id": "node_a",
            "destination_node_logical_id": "node_end"}
         ]}
        """;
    TurnOutcome outcome = driver(graph).start();
    String side = "0_companion_edge_side";
    assertThat(outcome.events()).filteredOn(e -> side.equals(e.getString("origin_thread_id")))
        .extracting(e -> e.getString("type")).doesNotContain("force_transfer_to_node", "self_loop_edge");
    assertThat(outcome.pair().runOutput.threadToNodeOutputs.get(side)).extracting(o -> o.getString("node_logical_id"))
        .containsExactly("node_side", "node_side");
    assertThat(outcome.checkpoint().threads.get(side).runCount).isEqualTo(2);
    assertThat(outcome.checkpoint().mainThread().nodeHistory)
        .containsExactly("node_a", "node_g", "node_a", "node_end");
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void aConditionalEdgeWithStaticMessagesSaysOneAsItIsTaken() {
    String graph = """
        {"workflow_config": {"name": "Edge message"},
         "node_configs": [
           {"logical_id": "node_a", "type": "no_op", "is_start": true},
           {"logical_id": "node_b", "type": "say_static", "static_messages_config": {"static_messages": ["B"]}}
         ],
         "edge_configs": [
           {"logical_id": "edge_b", "type": "conditional", "source_node_logical_id": "node_a",
            "destination_node_logical_id": "node_b", "condition": {"condition_expression": "true",
              "static_messages_config": {"static_messages": ["Moving on.", "Again."],
                                         "static_messages_selection_mode": "sequence"}}}
         ]}
        """;
    TurnOutcome outcome = driver(graph).start();
    assertThat(said(outcome)).containsExactly("Moving on.", "B");
    List<String> types = types(outcome);
    assertThat(types.indexOf("conditional_edge")).isLessThan(types.indexOf("say_static"));
    JsonObject say = outcome.events().stream().filter(e -> "say_static".equals(e.getString("type"))).findFirst()
        .orElseThrow();
    assertThat(say.getString("edge_logical_id")).isEqualTo("edge_b");
    assertThat(say.getString("origin_node_logical_id")).isEqualTo("node_a");
    assertThat(say.getInteger("message_index")).isZero();
    JsonObject response = outcome.events().stream().filter(e -> "assistant_response".equals(e.getString("type")))
        .findFirst().orElseThrow();
    assertThat(response.getJsonObject("response_metadata").getString("source")).isEqualTo("edge_static_message");
    assertThat(outcome.checkpoint().staticMessageCounters).containsEntry("edge_b", 1);
    assertThat(outcome.checkpoint().mainThread().messages).extracting(m -> m.getString("content"))
        .containsExactly("Moving on.", "B");
  }

  @Test
  void withoutAMessageAWaitingNodeIgnoresItsDirectEdges() {
    String graph = """
        {"workflow_config": {"name": "Waiting", "llms_config": {"type": "offline_llm", "offline": {
            "default_reply": "Yes?"}}},
         "node_configs": [
           {"logical_id": "node_ask", "type": "say_llm", "is_start": true},
           {"logical_id": "node_b", "type": "say_static", "static_messages_config": {"static_messages": ["B"]}}
         ],
         "edge_configs": [
           {"logical_id": "edge_b", "type": "direct", "source_node_logical_id": "node_ask",
            "destination_node_logical_id": "node_b"}
         ]}
        """;
    TurnDriver run = driver(graph);
    run.start();
    TurnOutcome idle = run.turn(TurnDriver.input(RunCommand.DATA));
    assertThat(idle.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(types(idle)).doesNotContain("direct_edge", "start_node_run");
    TurnOutcome answered = run.say("hello");
    assertThat(moves(answered)).containsExactly("direct_edge:node_b");
    assertThat(said(answered)).containsExactly("B");
  }
}
