package dev.turnpoint.model.run;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The input of one turn (spec §3.3). The main thread id is {@code "0"}. */
public class WorkflowRunInput {
  public static final String MAIN_THREAD = "0";

  public JsonObject dynamicVariables = new JsonObject();
  public JsonObject runtimeVariables = new JsonObject();
  public JsonObject miscellaneous = new JsonObject();
  public RunCommand command = RunCommand.START;
  public String workflowId;
  public Integer versionNumber = 0;
  public String runBy;
  public String workflowRunId;
  public String teamId;
  public String startNodeLogicalId;
  public JsonObject initialState;
  public Map<String, NodesRunInputs> threadToNodeInputs = new LinkedHashMap<>();
  public String welcomeMessage;

  /**
   * An input for {@code command} carrying {@code messages} from the user to the main thread, in the shape clients
   * send them: one node run input with a {@code human} message each (none when there are no messages).
   */
  public static WorkflowRunInput of(RunCommand command, String... messages) {
    WorkflowRunInput input = new WorkflowRunInput();
    input.command = command;
    NodesRunInputs main = new NodesRunInputs();
    if (messages.length > 0) {
      NodeRunInput nodeInput = new NodeRunInput();
      for (String message : messages) {
        nodeInput.messages.add(new JsonObject().put("type", "human").put("content", message));
      }
      main.nodeRunInputs.add(nodeInput);
    }
    input.threadToNodeInputs.put(MAIN_THREAD, main);
    return input;
  }

  /** The text of the user messages sent to the main thread, in order. */
  public List<String> userMessages() {
    NodesRunInputs main = threadToNodeInputs == null ? null : threadToNodeInputs.get(MAIN_THREAD);
    if (main == null || main.nodeRunInputs == null) {
      return List.of();
    }
    return main.nodeRunInputs.stream()
        .filter(input -> input.messages != null)
        .flatMap(input -> input.messages.stream())
        .filter(message -> message != null && message.getValue("content") instanceof String)
        .map(message -> message.getString("content"))
        .toList();
  }
}
