package dev.turnpoint.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import dev.turnpoint.model.run.CommentConfig;
import dev.turnpoint.model.run.InteractiveRunResponse;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.OtherNode;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;

import static dev.turnpoint.model.WorkflowModelJsonTest.assertContains;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunModelJsonTest {

  /** A run document as the spec's Get Workflow Run returns it, with every field of §3.2 set. */
  private static final String RUN_ENVELOPE = """
      {"team_id": "team-1", "created_by": "user-1", "updated_by": "user-1",
       "created_at": "2026-01-02T03:04:05.123456Z", "updated_at": "2026-01-02T03:04:06.000000Z",
       "_id": "5eb7cf5a86d9755df3a6c593",
       "workflow_run": {
         "logical_id": "workflow_run_1", "workflow_id": "5eb7cf5a86d9755df3a6c500",
         "voice_conversation_id": null, "version_number": 2, "status": "waiting_for_user_input",
         "termination_source": null,
         "input_output_pairs": [{
           "run_input": {"dynamic_variables": {"clinic": "Riverside"}, "runtime_variables": {}, "miscellaneous": {},
             "command": "data", "workflow_id": "5eb7cf5a86d9755df3a6c500", "version_number": 2, "run_by": "user-1",
             "workflow_run_id": "5eb7cf5a86d9755df3a6c593", "team_id": "team-1", "start_node_logical_id": null,
             "initial_state": null,
             "thread_to_node_inputs": {"0": {"node_run_inputs": [{"type": "llm", "node_logical_id": null,
               "messages": [{"type": "human", "content": "I'm Ana", "additional_kwargs": {}}]}]}}},
           "run_output": {"events": [{"logical_id": "event_1", "timestamp": 1767322445.5, "origin_thread_id": "0",
               "comments": [], "interrupted": false, "type": "assistant_response", "content": "Hello Ana"}],
             "thread_to_node_outputs": {"0": [{"events": [], "type": "say_llm", "node_logical_id": "node_intake",
               "node_run_id": "r1", "structured_output": null}]}},
           "evaluation": null,
           "iteration_end_state_miscellaneous": {"active_thread_ids": ["0"]},
           "comments": [{"logical_id": "comment_1", "content": "good", "createdBy": "user-2", "updatedBy": "user-2",
             "createdAt": "2026-01-02T03:04:07.000000Z", "updatedAt": "2026-01-02T03:04:07.000000Z"}],
           "ratings": []}],
         "run_by": "user-1", "comments": [],
         "llm_token_usage": {"total_input_tokens": 10, "total_output_tokens": 5, "total_tokens": 15,
           "call_count_with_user_keys": 0, "call_count_with_fallback_keys": 1, "call_count": 1,
           "breakdown_by_models": [{"response_model": "gpt-5.4-mini", "provider": "openai",
             "total_input_tokens": 10, "total_output_tokens": 5, "total_tokens": 15,
             "call_count_with_user_keys": 0, "call_count_with_fallback_keys": 1, "call_count": 1}]},
         "llm_latency_stats": {"call_count": 1, "total_latency_milliseconds": 420,
           "average_latency_milliseconds": 420.0, "breakdown_by_models": [{"response_model": "gpt-5.4-mini",
             "provider": "openai", "call_count": 1, "total_latency_milliseconds": 420,
             "average_latency_milliseconds": 420.0}]},
         "version_name": "Fixed greeting",
         "workflow_config_fully_hydrated": {"workflow_config": {"name": "Clinic intake"},
           "node_configs": [{"type": "say_static", "logical_id": "node_greet", "is_start": true,
             "static_messages_config": {"static_messages": ["Hi"], "static_messages_selection_mode": "random"}}],
           "edge_configs": [], "dynamic_variables": {}, "runtime_variables": {}},
         "workflow_run_id": "5eb7cf5a86d9755df3a6c593", "miscellaneous": {"channel": "web"},
         "source_workflow_run_id": "5eb7cf5a86d9755df3a6c501", "checkpoint_source_turn_index": 0,
         "carried_over_llm_token_usage": {"total_input_tokens": 3, "total_output_tokens": 2, "total_tokens": 5,
           "call_count_with_user_keys": 0, "call_count_with_fallback_keys": 1, "call_count": 1,
           "breakdown_by_models": null},
         "carried_over_llm_latency_stats": {"call_count": 1, "total_latency_milliseconds": 100,
           "average_latency_milliseconds": 100.0, "breakdown_by_models": null},
         "is_evaluation_run": false,
         "evaluation_run_info": {"evaluation_workflow_run_id": null}}}
      """;

  @Test
  void anInputOfUserMessagesHasTheShapeClientsSend() {
    WorkflowRunInput input = WorkflowRunInput.of(RunCommand.DATA, "hello", "again");

    assertThat(input.command).isEqualTo(RunCommand.DATA);
    assertThat(input.userMessages()).containsExactly("hello", "again");
    JsonObject nodeInput = Json.toJson(input).getJsonObject("thread_to_node_inputs").getJsonObject("0")
        .getJsonArray("node_run_inputs").getJsonObject(0);
    assertThat(nodeInput.getJsonArray("messages").getJsonObject(1).encode())
        .isEqualTo("{\"type\":\"human\",\"content\":\"again\"}");
    assertThat(WorkflowRunInput.of(RunCommand.PAUSE).threadToNodeInputs.get(WorkflowRunInput.MAIN_THREAD)
        .nodeRunInputs).isEmpty();
  }

  @Test
  void aRunDocumentRoundTripsWithEveryFieldUnderItsWireName() throws IOException {
    JsonNode original = Json.MAPPER.readTree(RUN_ENVELOPE);
    RunDocument document = Json.MAPPER.treeToValue(original, RunDocument.class);

    WorkflowRun run = document.workflowRun;
    assertThat(document.id).isEqualTo("5eb7cf5a86d9755df3a6c593");
    assertThat(run.status).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(run.inputOutputPairs.get(0).runInput.command).isEqualTo(RunCommand.DATA);
    assertThat(run.inputOutputPairs.get(0).runInput.userMessages()).containsExactly("I'm Ana");
    assertThat(run.inputOutputPairs.get(0).comments.get(0).createdBy).isEqualTo("user-2");
    assertThat(run.llmTokenUsage.breakdownByModels.get(0).provider).isEqualTo("openai");
    assertThat(run.checkpointSourceTurnIndex).isZero();

    assertContains(Json.MAPPER.valueToTree(document), original, "$");
  }

  @Test
  void unknownFieldsAreIgnoredAsPydanticDoes() throws IOException {
    WorkflowRunInput input = Json.MAPPER.readValue("""
        {"command": "start", "surprise": {"deep": [1, 2]}, "dynamic_variables": {"a": 1}}
        """, WorkflowRunInput.class);
    assertThat(input.command).isEqualTo(RunCommand.START);
    assertThat(input.dynamicVariables.getInteger("a")).isEqualTo(1);
  }

  @Test
  void defaultsFollowTheSpec() {
    WorkflowRun run = new WorkflowRun();
    JsonNode json = Json.MAPPER.valueToTree(run);
    assertThat(json.get("status").asText()).isEqualTo("not_started");
    assertThat(json.get("version_number").asInt()).isZero();
    assertThat(json.get("version_name").asText()).isEqualTo("Initial Version");
    assertThat(json.get("is_evaluation_run").asBoolean()).isFalse();
    assertThat(json.get("logical_id").asText()).startsWith("workflow_run_");
    assertThat(Json.MAPPER.valueToTree(new WorkflowRunInput()).get("command").asText()).isEqualTo("start");
  }

  @Test
  void everyStatusHasItsWireNameAndTheTerminalAndActiveSetsMatchTheSpec() {
    assertThat(Arrays.stream(WorkflowStatus.values()).map(WorkflowStatus::wire)).containsExactly(
        "not_started", "started", "running", "failed", "completed", "paused", "waiting_for_user_input",
        "cancelled", "aborted_looping_risk");
    assertThat(WorkflowStatus.TERMINAL).containsExactlyInAnyOrder(WorkflowStatus.COMPLETED, WorkflowStatus.FAILED,
        WorkflowStatus.CANCELLED, WorkflowStatus.ABORTED_LOOPING_RISK);
    assertThat(WorkflowStatus.ACTIVE).containsExactlyInAnyOrder(WorkflowStatus.STARTED, WorkflowStatus.RUNNING,
        WorkflowStatus.WAITING_FOR_USER_INPUT);
  }

  @Test
  void commentsUseCamelCaseAuthorshipFields() {
    JsonNode json = Json.MAPPER.valueToTree(CommentConfig.create("  fine  ", "user-9"));
    assertThat(json.fieldNames()).toIterable().containsExactlyInAnyOrder(
        "logical_id", "content", "createdBy", "updatedBy", "createdAt", "updatedAt");
    assertThat(json.get("logical_id").asText()).startsWith("comment_");
  }

  @Test
  void theInteractiveResponseHasTheSpecsFields() {
    JsonNode json = Json.MAPPER.valueToTree(new InteractiveRunResponse());
    assertThat(json.fieldNames()).toIterable().contains("run_id", "turn_number", "events", "is_waiting_for_input",
        "is_completed", "error", "next_input_hint", "status", "has_active_companions", "has_background_work");
  }

  @Test
  void unknownNodeAndEdgeTypesAreRejectedButSpecTypesAreKept() throws IOException {
    assertThatThrownBy(() -> Json.MAPPER.readValue("""
        {"node_configs": [{"type": "teleport", "logical_id": "n1"}]}
        """, WorkflowConfigFullyHydrated.class)).isInstanceOf(InvalidTypeIdException.class);
    assertThatThrownBy(() -> Json.MAPPER.readValue("""
        {"edge_configs": [{"type": "wormhole", "logical_id": "e1"}]}
        """, WorkflowConfigFullyHydrated.class)).isInstanceOf(InvalidTypeIdException.class);

    WorkflowConfigFullyHydrated graph = Json.MAPPER.readValue("""
        {"node_configs": [{"type": "athena_patients_search", "logical_id": "n1", "practice_id": "195900"}]}
        """, WorkflowConfigFullyHydrated.class);
    assertThat(graph.nodeConfigs.get(0)).isInstanceOf(OtherNode.class);
    JsonNode written = Json.MAPPER.valueToTree(graph);
    assertThat(written.at("/node_configs/0/type").asText()).isEqualTo("athena_patients_search");
    assertThat(written.at("/node_configs/0/practice_id").asText()).isEqualTo("195900");
  }
}
