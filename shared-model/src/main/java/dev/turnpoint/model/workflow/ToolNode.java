package dev.turnpoint.model.workflow;

import io.vertx.core.json.JsonObject;

/** Runs one tool with arguments that may hold placeholders. */
public class ToolNode extends NodeConfig {
  public ToolConfig toolConfig;
  public JsonObject toolArguments = new JsonObject();
  public String resultRuntimeVariableName = "tool_result";
  public boolean preserveArgumentTypes = false;

  public ToolNode() {
    super(NodeTypes.TOOL_NODE);
  }
}
