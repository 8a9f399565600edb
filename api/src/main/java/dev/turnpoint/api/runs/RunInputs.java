package dev.turnpoint.api.runs;

import dev.turnpoint.api.http.Caller;
import dev.turnpoint.api.http.JsonFields;
import dev.turnpoint.model.Ids;
import dev.turnpoint.model.run.NodeRunInput;
import dev.turnpoint.model.run.NodesRunInputs;
import dev.turnpoint.model.run.WorkflowRunInput;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a {@code WorkflowRunInput} from a request and holds it to what clients may send. */
final class RunInputs {

  private RunInputs() {
  }

  /**
   * The run input in {@code fields}, with absent collections made empty; null when it does not read. Problems are
   * recorded at their location: ids that are not ObjectIds, a negative version, a client-supplied
   * {@code initial_state} (the state a run resumes from is the server's own), a missing command or empty entries.
   */
  static WorkflowRunInput read(JsonFields fields) {
    WorkflowRunInput input = fields.as(WorkflowRunInput.class);
    if (input == null) {
      return null;
    }
    requireObjectId(fields, "workflow_id", input.workflowId);
    requireObjectId(fields, "workflow_run_id", input.workflowRunId);
    if (input.versionNumber != null && input.versionNumber < 0) {
      fields.reject("Input should be greater than or equal to 0", "greater_than_equal", "version_number");
    }
    if (input.initialState != null) {
      fields.reject("Value error, clients may not supply initial_state", "value_error", "initial_state");
    }
    if (input.command == null) {
      fields.reject("Input should be 'start', 'data', 'resume', 'pause' or 'stop'", "enum", "command");
    }
    input.dynamicVariables = input.dynamicVariables == null ? new JsonObject() : input.dynamicVariables;
    input.runtimeVariables = input.runtimeVariables == null ? new JsonObject() : input.runtimeVariables;
    input.miscellaneous = input.miscellaneous == null ? new JsonObject() : input.miscellaneous;
    input.threadToNodeInputs = threads(fields, input.threadToNodeInputs);
    return input;
  }

  /** Fills in what the caller's key decides: the team, and who runs it when the input does not say. */
  static WorkflowRunInput forCaller(WorkflowRunInput input, Caller caller) {
    input.teamId = caller.teamId();
    if (input.runBy == null) {
      input.runBy = caller.userId();
    }
    return input;
  }

  private static Map<String, NodesRunInputs> threads(JsonFields fields, Map<String, NodesRunInputs> threads) {
    Map<String, NodesRunInputs> checked = new LinkedHashMap<>();
    if (threads == null) {
      return checked;
    }
    threads.forEach((threadId, inputs) -> {
      if (inputs == null) {
        fields.reject("Input should be a valid dictionary or object to extract fields from", "model_attributes_type",
            "thread_to_node_inputs", threadId);
        return;
      }
      List<NodeRunInput> nodeInputs = inputs.nodeRunInputs == null ? new ArrayList<>() : inputs.nodeRunInputs;
      for (int i = 0; i < nodeInputs.size(); i++) {
        NodeRunInput nodeInput = nodeInputs.get(i);
        if (nodeInput == null) {
          fields.reject("Input should be a valid dictionary or object to extract fields from",
              "model_attributes_type", "thread_to_node_inputs", threadId, "node_run_inputs", i);
        } else if (nodeInput.messages == null) {
          nodeInput.messages = new ArrayList<>();
        }
      }
      inputs.nodeRunInputs = nodeInputs;
      checked.put(threadId, inputs);
    });
    return checked;
  }

  private static void requireObjectId(JsonFields fields, String field, String value) {
    if (value != null && !Ids.isObjectId(value)) {
      fields.reject("String should match pattern '" + Ids.OBJECT_ID.pattern() + "'", "string_pattern_mismatch",
          field);
    }
  }
}
