package dev.turnpoint.model.workflow;

import java.util.List;

/** The node {@code type} values of the Interactly model (spec §4.2). */
public final class NodeTypes {
  public static final String SAY_LLM = "say_llm";
  public static final String WORKER_LLM = "worker_llm";
  public static final String SUPER_NODE = "super_node";
  public static final String SAY_STATIC = "say_static";
  public static final String TOOL_NODE = "tool_node";
  public static final String WORKFLOW_RUN_FETCH = "workflow_run_fetch";
  public static final String WORKFLOW_RUN_EVALUATOR = "workflow_run_evaluator";
  public static final String START_CONVERSATION = "start_conversation";
  public static final String END_CONVERSATION = "end_conversation";
  public static final String SEND_SMS = "send_sms";
  public static final String GOOGLE_DOCS = "google_docs";
  public static final String HTTP_REQUEST = "http_request";
  public static final String ATHENA_PATIENTS_SEARCH = "athena_patients_search";
  public static final String ATHENA_PATIENTS_UPDATE = "athena_patients_update";
  public static final String ATHENA_PATIENTS_CREATE = "athena_patients_create";
  public static final String ATHENA_APPOINTMENTS_CREATE = "athena_appointments_create";
  public static final String DEDUPLICATE = "deduplicate";
  public static final String FIELD_EXTRACTOR = "field_extractor";
  public static final String NO_OP = "no_op";

  public static final List<String> ALL = List.of(SAY_LLM, WORKER_LLM, SUPER_NODE, SAY_STATIC, TOOL_NODE,
      WORKFLOW_RUN_FETCH, WORKFLOW_RUN_EVALUATOR, START_CONVERSATION, END_CONVERSATION, SEND_SMS, GOOGLE_DOCS,
      HTTP_REQUEST, ATHENA_PATIENTS_SEARCH, ATHENA_PATIENTS_UPDATE, ATHENA_PATIENTS_CREATE, ATHENA_APPOINTMENTS_CREATE,
      DEDUPLICATE, FIELD_EXTRACTOR, NO_OP);

  /** The run-input tag the two LLM node types share in the SDK's {@code NodeRunInput} union. */
  public static final String LLM_RUN_INPUT = "llm";
  /** The union's tag for a node type it does not know. */
  public static final String BASE_RUN_INPUT = "base_node";

  private NodeTypes() {
  }

  /**
   * The {@code type} of a node's run input, the tag the SDK's {@code NodeRunInput} union is discriminated by: the
   * LLM nodes share {@value #LLM_RUN_INPUT}, every other node type is its own tag.
   */
  public static String runInputType(String nodeType) {
    if (SAY_LLM.equals(nodeType) || WORKER_LLM.equals(nodeType)) {
      return LLM_RUN_INPUT;
    }
    return nodeType != null && ALL.contains(nodeType) ? nodeType : BASE_RUN_INPUT;
  }
}
