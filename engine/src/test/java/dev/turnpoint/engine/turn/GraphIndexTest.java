package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.GraphResources;
import dev.turnpoint.model.workflow.NodeConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GraphIndexTest {

  private static final String GRAPH = """
      {"workflow_config": {"name": "Index"},
       "node_configs": [
         {"logical_id": "node_off", "name": "Off", "type": "no_op", "is_start": true, "disabled": true},
         {"logical_id": "node_a", "name": "First A", "type": "no_op"},
         {"logical_id": "node_a", "name": "Second A", "type": "no_op"},
         {"logical_id": "node_b", "type": "no_op", "is_start": true},
         {"logical_id": "node_help", "type": "no_op",
          "global_node_config": {"is_global": true, "condition": {"condition_expression": "true"}}},
         {"logical_id": "node_bare", "type": "no_op", "global_node_config": {"is_global": true}},
         {"logical_id": "node_asleep", "type": "no_op", "disabled": true,
          "global_node_config": {"is_global": true, "condition": {"condition_expression": "true"}}},
         {"logical_id": "node_faq", "type": "no_op",
          "global_node_config": {"is_global": true, "condition": {"condition_freeform": "a question"}}}
       ],
       "edge_configs": [
         {"logical_id": "e_second", "type": "conditional", "source_node_logical_id": "node_a",
          "destination_node_logical_id": "node_b", "condition": {"condition_expression": "true"}},
         {"logical_id": "e_off", "type": "direct", "source_node_logical_id": "node_a",
          "destination_node_logical_id": "node_b", "disabled": true},
         {"logical_id": "e_to_disabled", "type": "direct", "source_node_logical_id": "node_a",
          "destination_node_logical_id": "node_off"},
         {"logical_id": "e_to_nowhere", "type": "direct", "source_node_logical_id": "node_a",
          "destination_node_logical_id": "node_missing"},
         {"logical_id": "e_first", "type": "direct", "source_node_logical_id": "node_a",
          "destination_node_logical_id": "node_help"},
         {"logical_id": "e_back", "type": "direct", "source_node_logical_id": "node_b",
          "destination_node_logical_id": "node_a"}
       ]}
      """;

  private final GraphIndex index = new GraphIndex(GraphResources.graph(GRAPH));

  @Test
  void outgoingEdgesAreTheEnabledOnesToEnabledNodesInGraphOrder() {
    NodeConfig a = index.requireNode("node_a");
    assertThat(index.outgoing(a)).extracting(edge -> edge.logicalId).containsExactly("e_second", "e_first");
    assertThat(index.outgoing(index.requireNode("node_b"))).extracting(edge -> edge.logicalId)
        .containsExactly("e_back");
    assertThat(index.outgoing(index.requireNode("node_help"))).isEmpty();
  }

  @Test
  void theFirstNodeWithALogicalIdCountsAndDisabledOrMissingNodesCannotBeRequired() {
    assertThat(index.requireNode("node_a").name).isEqualTo("First A");
    assertThat(index.node("node_off")).get().satisfies(node -> assertThat(node.disabled).isTrue());
    assertThat(index.node("node_missing")).isEmpty();
    assertThat(index.node(null)).isEmpty();
    assertThatThrownBy(() -> index.requireNode("node_off")).isInstanceOf(WorkflowExecutionException.class)
        .hasMessage("node 'Off' (node_off) is disabled");
    assertThatThrownBy(() -> index.requireNode("node_missing")).isInstanceOf(WorkflowExecutionException.class)
        .hasMessage("node node_missing does not exist in the workflow");
  }

  @Test
  void aFirstTurnStartsAtTheFirstEnabledStartNode() {
    assertThat(index.startNodeLogicalId()).contains("node_b");
    String unmarked = """
        {"workflow_config": {"name": "Unmarked"},
         "node_configs": [
           {"logical_id": "node_off", "type": "no_op", "disabled": true},
           {"logical_id": "node_first", "type": "no_op"}
         ],
         "edge_configs": []}
        """;
    assertThat(new GraphIndex(GraphResources.graph(unmarked)).startNodeLogicalId()).contains("node_first");
    String empty = """
        {"workflow_config": {"name": "Empty"}, "node_configs": [], "edge_configs": []}
        """;
    assertThat(new GraphIndex(GraphResources.graph(empty)).startNodeLogicalId()).isEmpty();
  }

  @Test
  void globalNodesAreTheEnabledOnesWithAConditionInGraphOrder() {
    assertThat(index.globalNodes()).extracting(node -> node.logicalId).containsExactly("node_help", "node_faq");
  }

  @Test
  void nodesAndEdgesAreNamedWithTheirLogicalIds() {
    assertThat(GraphIndex.describe(index.requireNode("node_a"))).isEqualTo("'First A' (node_a)");
    assertThat(GraphIndex.describe(index.requireNode("node_b"))).isEqualTo("node_b");
    assertThat(GraphIndex.describe(index.outgoing(index.requireNode("node_b")).get(0))).isEqualTo("e_back");
  }
}
