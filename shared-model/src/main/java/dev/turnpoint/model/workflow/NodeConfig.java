package dev.turnpoint.model.workflow;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.vertx.core.json.JsonObject;

/**
 * A node of a workflow graph (spec §4.2), discriminated by {@code type}. An unknown type is rejected when the JSON is
 * read. Types the spec names but Turnpoint does not execute (EHR and Google integrations) are kept as
 * {@link OtherNode}, stored, and fail at run time with a clear error.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type",
    visible = true)
@JsonSubTypes({
    @JsonSubTypes.Type(value = SayLlmNode.class, name = NodeTypes.SAY_LLM),
    @JsonSubTypes.Type(value = WorkerLlmNode.class, name = NodeTypes.WORKER_LLM),
    @JsonSubTypes.Type(value = WorkflowRunEvaluatorNode.class, name = NodeTypes.WORKFLOW_RUN_EVALUATOR),
    @JsonSubTypes.Type(value = SayStaticNode.class, name = NodeTypes.SAY_STATIC),
    @JsonSubTypes.Type(value = ToolNode.class, name = NodeTypes.TOOL_NODE),
    @JsonSubTypes.Type(value = HttpRequestNode.class, name = NodeTypes.HTTP_REQUEST),
    @JsonSubTypes.Type(value = WorkflowRunFetchNode.class, name = NodeTypes.WORKFLOW_RUN_FETCH),
    @JsonSubTypes.Type(value = NoOpNode.class, name = NodeTypes.NO_OP),
    @JsonSubTypes.Type(value = ConversationBoundaryNode.class,
        names = {NodeTypes.START_CONVERSATION, NodeTypes.END_CONVERSATION}),
    @JsonSubTypes.Type(value = SendSmsNode.class, name = NodeTypes.SEND_SMS),
    @JsonSubTypes.Type(value = FieldExtractorNode.class, name = NodeTypes.FIELD_EXTRACTOR),
    @JsonSubTypes.Type(value = DeduplicateNode.class, name = NodeTypes.DEDUPLICATE),
    @JsonSubTypes.Type(value = SuperNode.class, name = NodeTypes.SUPER_NODE),
    @JsonSubTypes.Type(value = OtherNode.class, names = {
        NodeTypes.GOOGLE_DOCS, NodeTypes.ATHENA_PATIENTS_SEARCH, NodeTypes.ATHENA_PATIENTS_UPDATE,
        NodeTypes.ATHENA_PATIENTS_CREATE, NodeTypes.ATHENA_APPOINTMENTS_CREATE})
})
public abstract class NodeConfig {
  public String type;
  public String logicalId;
  public String name;
  public String description;
  public String primaryCategory;
  public String secondaryCategory;
  public String workflowId;
  public Integer versionNumber = 0;
  public boolean disabled = false;
  public JsonObject miscellaneous = new JsonObject();
  public boolean isStart = false;
  public GlobalNodeConfig globalNodeConfig = new GlobalNodeConfig();
  public boolean isGuardrailNode = false;
  public SelfLoopConfig selfLoopConfig;

  protected NodeConfig(String type) {
    this.type = type;
  }

  public boolean isGlobal() {
    return globalNodeConfig != null && globalNodeConfig.isGlobal;
  }
}
