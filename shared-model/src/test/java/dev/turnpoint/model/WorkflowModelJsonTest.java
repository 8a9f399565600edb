package dev.turnpoint.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpoint.model.workflow.CompanionEdge;
import dev.turnpoint.model.workflow.ConditionalEdge;
import dev.turnpoint.model.workflow.DirectEdge;
import dev.turnpoint.model.workflow.LlmType;
import dev.turnpoint.model.workflow.SayLlmNode;
import dev.turnpoint.model.workflow.SayStaticNode;
import dev.turnpoint.model.workflow.StaticMessagesConfig;
import dev.turnpoint.model.workflow.WorkerLlmNode;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

class WorkflowModelJsonTest {

  private static JsonNode resource(String name) throws IOException {
    try (InputStream in = WorkflowModelJsonTest.class.getResourceAsStream(name)) {
      return Json.MAPPER.readTree(in);
    }
  }

  @Test
  void theSpecsHydratedExampleReadsIntoTypedNodesAndEdges() throws IOException {
    WorkflowConfigFullyHydrated graph = Json.MAPPER.treeToValue(resource("/spec/clinic-intake-hydrated.json"),
        WorkflowConfigFullyHydrated.class);

    assertThat(graph.workflowConfig.name).isEqualTo("Clinic intake");
    assertThat(graph.workflowConfig.llmsConfig.type).isEqualTo(LlmType.OPENAI_LLM);
    assertThat(graph.workflowConfig.defaultDynamicVariables().getString("clinic_name")).isEqualTo("Riverside Clinic");
    assertThat(graph.nodeConfigs).extracting(n -> (Object) n.getClass())
        .containsExactly(SayStaticNode.class, SayLlmNode.class, WorkerLlmNode.class, SayStaticNode.class);
    SayStaticNode greet = (SayStaticNode) graph.nodeConfigs.get(0);
    assertThat(greet.isStart).isTrue();
    assertThat(greet.staticMessagesConfig.staticMessagesSelectionMode)
        .isEqualTo(StaticMessagesConfig.SelectionMode.SEQUENCE);
    WorkerLlmNode extractor = (WorkerLlmNode) graph.nodeConfigs.get(2);
    assertThat(extractor.structuredOutputSchema.inputSchema.getJsonObject("properties").fieldNames())
        .containsExactlyInAnyOrder("full_name", "visit_reason");
    assertThat(graph.edgeConfigs).extracting(e -> (Object) e.getClass())
        .containsExactly(DirectEdge.class, CompanionEdge.class, ConditionalEdge.class);
    assertThat(((ConditionalEdge) graph.edgeConfigs.get(2)).condition.conditionExpression)
        .isEqualTo("isNonEmpty([[full_name]]) AND isNonEmpty([[visit_reason]])");
    assertThat(graph.startNode()).get().extracting(n -> n.logicalId).isEqualTo("node_greet");
  }

  @Test
  void writingBackKeepsEveryGivenValueUnderItsWireName() throws IOException {
    JsonNode original = resource("/spec/clinic-intake-hydrated.json");
    JsonNode written = Json.MAPPER.valueToTree(Json.MAPPER.treeToValue(original, WorkflowConfigFullyHydrated.class));
    assertContains(written, original, "$");
    assertThat(written.at("/node_configs/1/type").asText()).isEqualTo("say_llm");
    assertThat(written.at("/node_configs/1/self_loop").asBoolean()).isTrue();
    assertThat(written.at("/node_configs/2/self_loop").asBoolean()).isFalse();
  }

  /** Every field of {@code expected} is present in {@code actual} with the same value (defaults may add more). */
  static void assertContains(JsonNode actual, JsonNode expected, String path) {
    if (expected.isObject()) {
      expected.fields().forEachRemaining(field -> {
        assertThat(actual.has(field.getKey())).as(path + "." + field.getKey()).isTrue();
        assertContains(actual.get(field.getKey()), field.getValue(), path + "." + field.getKey());
      });
    } else if (expected.isArray()) {
      assertThat(actual.size()).as(path).isEqualTo(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertContains(actual.get(i), expected.get(i), path + "[" + i + "]");
      }
    } else if (expected.isNumber()) {
      assertThat(actual.decimalValue().compareTo(expected.decimalValue())).as(path).isZero();
    } else {
      assertThat(actual).as(path).isEqualTo(expected);
    }
  }
}
