package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.GraphResources;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static dev.turnpoint.engine.turn.TurnDriver.said;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code super_node}: a sub-workflow run in place on the same thread, across turns, inline or stored. */
class SuperNodeTest {

  private static final String RUN_ID = "66f000000000000000000072";

  /** The intake sub-workflow of the SDK's example 17, with offline LLMs. */
  private static final String INTAKE = """
      {"workflow_config": {"name": "Intake", "llms_config": {"type": "no_llm"}},
       "dynamic_variables": {"clinic_name": "a default clinic", "desk": "front desk"},
       "node_configs": [
         {"logical_id": "node_hello", "type": "say_static", "is_start": true,
          "static_messages_config": {"static_messages": ["Intake for {{clinic_name}} at {{desk}}."]}},
         {"logical_id": "node_ask_id", "type": "say_llm", "wait_for_user_message": true, "self_loop": false,
          "llms_config": {"type": "offline_llm", "offline": {"default_reply": "Your member ID?"}}},
         {"logical_id": "node_ask_reason", "type": "say_llm", "wait_for_user_message": true, "self_loop": false,
          "llms_config": {"type": "global_default_llm"}}
       ],
       "edge_configs": [
         {"logical_id": "e_in1", "type": "direct", "source_node_logical_id": "node_hello",
          "destination_node_logical_id": "node_ask_id"},
         {"logical_id": "e_in2", "type": "direct", "source_node_logical_id": "node_ask_id",
          "destination_node_logical_id": "node_ask_reason"}
       ]}
      """;

  @RegisterExtension
  static final OfflineEngine ENGINE = new OfflineEngine();

  private static String parent(String superNodeFields) {
    return """
        {"workflow_config": {"name": "Parent", "llms_config": {"type": "offline_llm",
            "offline": {"default_reply": "Why are you calling?"}}},
         "dynamic_variables": {"name": "Harbour Clinic"},
         "node_configs": [
           {"logical_id": "node_welcome", "type": "say_static", "is_start": true,
            "static_messages_config": {"static_messages": ["Welcome."]}},
           {"logical_id": "node_intake", "name": "Intake", "type": "super_node", %s},
           {"logical_id": "node_main", "type": "say_static",
            "static_messages_config": {"static_messages": ["Thanks, {{clinic_name}}."]}}
         ],
         "edge_configs": [
           {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_welcome",
            "destination_node_logical_id": "node_intake"},
           {"logical_id": "e2", "type": "direct", "source_node_logical_id": "node_intake",
            "destination_node_logical_id": "node_main"}
         ]}
        """.formatted(superNodeFields);
  }

  private static final String INTERFACE = """
      "field_values": {"clinic": "{{name}}", "extra": 7},
      "super_node_interface": {"input_fields": [
        {"name": "clinic", "mappings": [{"target_type": "dynamic_variable", "target_variable_name": "clinic_name"}]},
        {"name": "seat", "required": false, "default_value": "blue",
         "mappings": [{"target_type": "runtime_variable"}]}]}
      """;

  @Test
  void anEncapsulatedSubWorkflowRunsOnTheSameThreadAcrossTurnsThenTheParentGoesOn() {
    TurnDriver run = ENGINE.driver(parent(INTERFACE + ", \"encapsulated_workflow_config\": " + INTAKE), RUN_ID);

    TurnOutcome first = run.start();
    assertThat(said(first)).containsExactly("Welcome.", "Intake for Harbour Clinic at front desk.", "Your member ID?");
    assertThat(first.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(first.checkpoint().mainThread().currentNodeLogicalId).isEqualTo("node_intake/node_ask_id");
    assertThat(first.checkpoint().dynamicVariables.getValue("extra")).isEqualTo(7);
    assertThat(first.checkpoint().runtimeVariables.getString("seat")).isEqualTo("blue");
    assertThat(first.events()).filteredOn(e -> "node_intake/node_hello".equals(e.getString("origin_node_logical_id"))
            && !e.getString("type").endsWith("_edge")).hasSize(4)
        .allSatisfy(e -> assertThat(e.getString("super_node_logical_id")).isEqualTo("node_intake"));
    assertThat(first.events()).filteredOn(e -> "force_transfer_to_node".equals(e.getString("type")))
        .extracting(e -> e.getString("destination_node_logical_id")).containsExactly("node_intake/node_hello");
    JsonObject superOutput = first.pair().runOutput.threadToNodeOutputs.get("0").get(1);
    assertThat(superOutput.getString("entry_node_logical_id")).isEqualTo("node_intake/node_hello");
    assertThat(superOutput.getJsonObject("field_values").getString("clinic")).isEqualTo("Harbour Clinic");

    TurnOutcome second = run.say("ID 42");
    assertThat(said(second)).containsExactly("Why are you calling?");
    assertThat(second.checkpoint().mainThread().currentNodeLogicalId).isEqualTo("node_intake/node_ask_reason");

    TurnOutcome third = run.say("A refill");
    assertThat(said(third)).containsExactly("Thanks, Harbour Clinic.");
    assertThat(third.events()).filteredOn(e -> "direct_edge".equals(e.getString("type")))
        .extracting(e -> e.getString("edge_logical_id") + ":" + e.getString("source_node_logical_id"))
        .containsExactly("e2:node_intake");
    assertThat(third.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(third.checkpoint().llmTokenUsage.callCount).isEqualTo(2);
    assertThat(third.checkpoint().mainThread().nodeHistory).containsExactly("node_welcome", "node_intake",
        "node_intake/node_hello", "node_intake/node_ask_id", "node_intake/node_ask_reason", "node_main");
  }

  @Test
  void theLlmOverrideReplacesTheInnerNodesLlms() {
    String override = """
        "override_llm_config": true, "override_only_workflow_default_nodes": true,
        "llms_config": {"type": "offline_llm", "offline": {"default_reply": "Overridden."}},
        "encapsulated_workflow_config": %s""".formatted(INTAKE);
    TurnDriver run = ENGINE.driver(parent(override), RUN_ID);
    assertThat(said(run.start())).endsWith("Your member ID?");
    assertThat(said(run.say("ID 42"))).containsExactly("Overridden.");
  }

  @Test
  void aStoredWorkflowIsReadThroughTheRunReaderAtItsActiveVersionUnlessOneIsNamed() {
    List<String> reads = new ArrayList<>();
    RunReader reader = new RunReader() {
      @Override
      public Future<JsonObject> fetchRun(String teamId, String runId) {
        return Future.failedFuture("no runs");
      }

      @Override
      public Future<WorkflowConfigFullyHydrated> fetchWorkflowVersion(String teamId, String workflowId,
                                                                      Integer versionNumber) {
        reads.add(teamId + "/" + workflowId + "/" + versionNumber);
        return "wf_intake".equals(workflowId) ? Future.succeededFuture(GraphResources.graph(INTAKE))
            : Future.failedFuture("workflow " + workflowId + " not found");
      }
    };
    TurnExecutor executor = TestExecutors.executor(ENGINE.vertx(), TurnLimits.DEFAULT, reader, "http://127.0.0.1:9/v1");

    TurnDriver stored = new TurnDriver(executor, GraphResources.graph(parent(INTERFACE
        + ", \"super_workflow_id\": \"wf_intake\"")), RUN_ID);
    assertThat(said(stored.start())).containsExactly("Welcome.", "Intake for Harbour Clinic at front desk.",
        "Your member ID?");
    assertThat(said(stored.say("ID 42"))).containsExactly("Why are you calling?");
    assertThat(reads).containsExactly("team-a/wf_intake/null", "team-a/wf_intake/null");

    TurnDriver missing = new TurnDriver(executor, GraphResources.graph(parent(
        "\"super_workflow_id\": \"wf_gone\", \"super_workflow_version_number\": 3")), RUN_ID);
    TurnOutcome failed = missing.start();
    assertThat(said(failed)).containsExactly("Welcome.");
    assertThat(failed.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(failed.events()).filteredOn(e -> "workflow_error".equals(e.getString("type")))
        .extracting(e -> e.getString("error_message")).singleElement().asString()
        .contains("'Intake' (node_intake)", "version 3 of workflow wf_gone", "not found");
  }

  @Test
  void aRequiredInputWithoutAValueFailsTheRunWhenTheSuperNodeIsReached() {
    String fields = """
        "super_node_interface": {"input_fields": [{"name": "member_id"}]},
        "encapsulated_workflow_config": %s""".formatted(INTAKE);
    TurnOutcome outcome = ENGINE.driver(parent(fields), RUN_ID).start();
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(outcome.events()).filteredOn(e -> "workflow_error".equals(e.getString("type")))
        .extracting(e -> e.getString("error_message")).singleElement().asString()
        .contains("required input field 'member_id'");
  }
}
