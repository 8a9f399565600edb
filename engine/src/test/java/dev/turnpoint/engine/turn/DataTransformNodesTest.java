package dev.turnpoint.engine.turn;

import dev.turnpoint.model.run.WorkflowStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.turnpoint.engine.turn.TurnDriver.said;
import static dev.turnpoint.engine.turn.TurnDriver.types;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code field_extractor} and {@code deduplicate} as the SDK models them, the Athena and Google Docs nodes that end the
 * turn with an error, and {@code {{global.*}}} variables.
 */
class DataTransformNodesTest {

  private static final String RUN_ID = "66f000000000000000000071";

  @RegisterExtension
  static final OfflineEngine ENGINE = new OfflineEngine();

  private static TurnOutcome start(String graph) {
    return ENGINE.driver(graph, RUN_ID).start();
  }

  @Test
  void aFieldExtractorKeepsTheListedKeysOfAnObjectAndOfEveryItemOfAList() {
    String graph = """
        {"workflow_config": {"name": "Extract"},
         "runtime_variables": {"patient": {"name": "Ada", "ssn": "123", "age": 36},
                               "visits": [{"id": 1, "note": "x", "when": "mon"}, {"id": 2, "when": "tue"}],
                               "wanted": "id, when"},
         "node_configs": [
           {"logical_id": "node_one", "type": "field_extractor", "is_start": true,
            "input_runtime_variable_name": "patient", "keys_to_retain": ["name", "age", "missing"],
            "output_runtime_variable_name": "public_patient"},
           {"logical_id": "node_list", "type": "field_extractor", "input_runtime_variable_name": "visits",
            "keys_to_retain_runtime_variable_name": "wanted"},
           {"logical_id": "node_say", "type": "say_static",
            "static_messages_config": {"static_messages": ["[[public_patient]] [[field_extractor_result]]"]}}
         ],
         "edge_configs": [
           {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_one",
            "destination_node_logical_id": "node_list"},
           {"logical_id": "e2", "type": "direct", "source_node_logical_id": "node_list",
            "destination_node_logical_id": "node_say"}
         ]}
        """;
    TurnOutcome outcome = start(graph);
    JsonObject variables = outcome.checkpoint().runtimeVariables;
    assertThat(variables.getJsonObject("public_patient")).isEqualTo(new JsonObject().put("name", "Ada").put("age", 36));
    assertThat(variables.getJsonArray("field_extractor_result")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("id", 1).put("when", "mon")).add(new JsonObject().put("id", 2).put("when", "tue")));
    assertThat(said(outcome)).containsExactly(
        "{\"name\":\"Ada\",\"age\":36} [{\"id\":1,\"when\":\"mon\"},{\"id\":2,\"when\":\"tue\"}]");
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void aFieldExtractorWithoutAnObjectWarnsAndTheRunGoesOn() {
    String graph = """
        {"workflow_config": {"name": "Extract nothing"},
         "node_configs": [
           {"logical_id": "node_one", "type": "field_extractor", "is_start": true,
            "input_runtime_variable_name": "absent", "keys_to_retain": ["a"]},
           {"logical_id": "node_say", "type": "say_static", "static_messages_config": {"static_messages": ["on"]}}
         ],
         "edge_configs": [{"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_one",
                           "destination_node_logical_id": "node_say"}]}
        """;
    TurnOutcome outcome = start(graph);
    assertThat(types(outcome)).contains("workflow_warning").doesNotContain("workflow_error");
    assertThat(said(outcome)).containsExactly("on");
    assertThat(outcome.checkpoint().runtimeVariables.containsKey("field_extractor_result")).isFalse();
  }

  @Test
  void deduplicateDropsItemsThatRepeatAKeyOrAWholeItem() {
    String graph = """
        {"workflow_config": {"name": "Dedup"},
         "runtime_variables": {"slots": [{"doc": {"id": "a"}, "t": 1}, {"doc": {"id": "b"}, "t": 2},
                                         {"doc": {"id": "a"}, "t": 3}, {"t": 4}, {"t": 5}],
                               "tags": ["x", "y", "x", 1, 1], "key_name": "doc.id"},
         "node_configs": [
           {"logical_id": "node_by_key", "type": "deduplicate", "is_start": true,
            "input_runtime_variable_name": "slots", "dedup_key_runtime_variable_name": "key_name",
            "output_runtime_variable_name": "unique_slots"},
           {"logical_id": "node_whole", "type": "deduplicate", "input_runtime_variable_name": "tags"}
         ],
         "edge_configs": [{"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_by_key",
                           "destination_node_logical_id": "node_whole"}]}
        """;
    TurnOutcome outcome = start(graph);
    JsonObject variables = outcome.checkpoint().runtimeVariables;
    assertThat(variables.getJsonArray("unique_slots").stream().map(item -> ((JsonObject) item).getInteger("t")))
        .containsExactly(1, 2, 4, 5);
    assertThat(variables.getJsonArray("deduplicate_result")).isEqualTo(new JsonArray().add("x").add("y").add(1));
    JsonObject output = outcome.pair().runOutput.threadToNodeOutputs.get("0").get(0);
    assertThat(output.getInteger("removed_count")).isEqualTo(1);
    assertThat(output.getString("dedup_key")).isEqualTo("doc.id");
  }

  @Test
  void anAthenaOrGoogleDocsNodeEndsTheTurnWithAnErrorNamingItsType() {
    for (String type : new String[] {"athena_patients_search", "google_docs"}) {
      String graph = """
          {"workflow_config": {"name": "Integration"},
           "node_configs": [{"logical_id": "node_ehr", "name": "EHR", "type": "%s", "is_start": true,
                             "practice_id": "195900"}]}
          """.formatted(type);
      TurnOutcome outcome = start(graph);
      assertThat(outcome.status()).isEqualTo(WorkflowStatus.FAILED);
      JsonObject error = outcome.events().stream().filter(e -> "workflow_error".equals(e.getString("type")))
          .findFirst().orElseThrow();
      assertThat(error.getString("error_message")).contains("'" + type + "'", "'EHR' (node_ehr)");
    }
  }

  @Test
  void globalVariablesAreEmptyEvenWhenTheInputPosesAsThem() {
    String graph = """
        {"workflow_config": {"name": "Globals"},
         "dynamic_variables": {"global": {"api_token": "spoofed"}, "name": "Ada"},
         "node_configs": [
           {"logical_id": "node_say", "type": "say_static", "is_start": true,
            "static_messages_config": {"static_messages": ["[{{global.api_token}}] {{name}}"]}},
           {"logical_id": "node_empty", "type": "say_static",
            "static_messages_config": {"static_messages": ["empty"]}}
         ],
         "edge_configs": [{"logical_id": "e1", "type": "conditional", "source_node_logical_id": "node_say",
                           "destination_node_logical_id": "node_empty",
                           "condition": {"condition_expression": "NOT isNonEmpty({{global.api_token}})"}}]}
        """;
    TurnOutcome outcome = start(graph);
    assertThat(said(outcome)).containsExactly("[] Ada", "empty");
  }
}
