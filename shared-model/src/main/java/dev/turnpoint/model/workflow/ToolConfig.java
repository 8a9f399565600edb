package dev.turnpoint.model.workflow;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/** A tool (spec §4.4). One class carries the fields of every tool type; {@link #type} says which apply. */
public class ToolConfig {
  public ToolType type;
  public String logicalId;
  public String toolId;
  public String name;
  public String description;
  public String category;
  public String signature;
  public JsonObject argsSchema;
  public StaticMessagesConfig staticMessagesConfig;
  public String resultRuntimeVariableName = "tool_result";
  public Integer timeoutSeconds;
  public List<JsonObject> variableArguments;
  public List<JsonObject> resultVariableMappings;
  public Boolean expandResultIntoRuntimeVariables;
  public Boolean sideEffect;

  public String configurableKey;
  public JsonObject extraConfig;

  public String code;
  public Boolean allowCodeVariableSubstitution;

  public String apiEndpoint;
  public String apiMethod;
  public Map<String, String> apiHeaders;
  public JsonObject apiBody;
  public JsonObject integrationAuth;

  public List<String> targetKnowledgeBaseIds;
}
