package dev.turnpoint.model.workflow;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** The workflow-level settings of a graph (spec §4.1). */
public class WorkflowConfig {
  public String logicalId;
  public String name;
  public String description;
  public String category = "User Created";
  public String attachableLlmConfigId;
  public LlmConfig llmsConfig;
  public PromptConfig mainResponseConfig;
  public PromptConfig backchannelResponseConfig;
  public String defaultPromptPrefix;
  public String defaultPromptSuffix;
  public boolean ignoreContentReceivedDuringLlmToolCallSpecification = false;
  public ToolsConfig toolsConfig;
  public List<JsonObject> mcpServers = new ArrayList<>();
  public String globalConditionEvaluationMethod = "tool_call";
  public List<String> nodes = new ArrayList<>();
  public List<String> edges = new ArrayList<>();
  public JsonObject miscellaneous = new JsonObject();
  public JsonObject accessConfig;
  public EvaluationConfig evaluationConfig;
  public JsonObject guardrailStrikesConfig;

  /** {@code miscellaneous.default_dynamic_variables}, or an empty object. */
  public JsonObject defaultDynamicVariables() {
    if (miscellaneous == null) {
      return new JsonObject();
    }
    JsonObject defaults = miscellaneous.getJsonObject("default_dynamic_variables");
    return defaults == null ? new JsonObject() : defaults;
  }

  /** Starts an evaluator workflow's run when a run of this workflow finishes. */
  public static class EvaluationConfig {
    public String evaluatorWorkflowId;
    public Integer evaluatorWorkflowVersionNumber;
    public boolean enableTurnByTurnEvaluation = false;
  }
}
