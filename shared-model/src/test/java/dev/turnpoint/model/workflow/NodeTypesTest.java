package dev.turnpoint.model.workflow;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Run inputs are tagged as the SDK's {@code NodeRunInput} union tags them. */
class NodeTypesTest {

  @Test
  void theLlmNodesShareTheLlmTagAndEveryOtherTypeIsItsOwn() {
    assertThat(NodeTypes.runInputType(NodeTypes.SAY_LLM)).isEqualTo("llm");
    assertThat(NodeTypes.runInputType(NodeTypes.WORKER_LLM)).isEqualTo("llm");
    NodeTypes.ALL.stream()
        .filter(type -> !type.equals(NodeTypes.SAY_LLM) && !type.equals(NodeTypes.WORKER_LLM))
        .forEach(type -> assertThat(NodeTypes.runInputType(type)).as(type).isEqualTo(type));
    assertThat(NodeTypes.runInputType("a_future_node")).isEqualTo("base_node");
    assertThat(NodeTypes.runInputType(null)).isEqualTo("base_node");
  }
}
