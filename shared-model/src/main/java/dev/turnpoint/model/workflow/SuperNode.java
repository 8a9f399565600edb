package dev.turnpoint.model.workflow;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Embeds another workflow as a sub-graph: the graph in {@link #encapsulatedWorkflowConfig}, or else the stored
 * version {@link #superWorkflowVersionNumber} (the active one when null) of workflow {@link #superWorkflowId} of the
 * same team. {@link #fieldValues} feed the inputs its {@link #superNodeInterface} declares; with
 * {@link #overrideLlmConfig} the inner LLM nodes use {@link #llmsConfig} (only those on the workflow default when
 * {@link #overrideOnlyWorkflowDefaultNodes}). Reusing a sub-workflow this way keeps one copy of a common dialogue.
 */
public class SuperNode extends NodeConfig {
  public String superWorkflowId;
  public Integer superWorkflowVersionNumber;
  public JsonObject fieldValues = new JsonObject();
  public boolean overrideLlmConfig = false;
  public boolean overrideOnlyWorkflowDefaultNodes = false;
  public String attachableLlmConfigId;
  public LlmConfig llmsConfig;
  /** {@code all_interior_llm_nodes} (null means that) or {@code terminal_nodes}. */
  public String reverseEdgeScope;
  public Interface superNodeInterface;
  public WorkflowConfigFullyHydrated encapsulatedWorkflowConfig;

  public SuperNode() {
    super(NodeTypes.SUPER_NODE);
  }

  /** The inputs the sub-workflow declares, each filled from {@code field_values} or its default. */
  public static class Interface {
    public List<InputField> inputFields = new ArrayList<>();
  }

  /** One declared input; {@link #mappings} say where its value goes (by default the dynamic variable of its name). */
  public static class InputField {
    public String name;
    public String description;
    public boolean required = true;
    public Object defaultValue;
    public JsonObject jsonSchema;
    public List<FieldMapping> mappings = new ArrayList<>();
    public String valueType = "any";
    public List<Object> enumValues;
    public Double minValue;
    public Double maxValue;
    public Integer minLength;
    public Integer maxLength;
  }

  /**
   * Where an input's value goes: {@code target_type} {@code dynamic_variable} or {@code runtime_variable} (by
   * {@link #targetVariableName}), or {@code node_config_field}, {@code edge_config_field} or
   * {@code workflow_config_field} (by {@link #targetNodeOrEdgeLogicalId} and the dotted {@link #targetFieldPath}).
   */
  public static class FieldMapping {
    public String targetType;
    public String targetNodeOrEdgeLogicalId;
    public String targetFieldPath;
    public String targetVariableName;
  }
}
