package dev.turnpoint.model.turn;

import java.util.List;

/**
 * The {@code type} of every event a turn records (spec §3.8), by its wire name. The engine writes these; whoever reads
 * stored turns (the API, the console, a verticle of your own) compares an event's type with them rather than with
 * a string of its own, so a name exists once.
 */
public final class TurnEventType {
  public static final String START_WORKFLOW = "start_workflow";
  public static final String END_WORKFLOW = "end_workflow";
  public static final String END_WORKFLOW_ITERATION = "end_workflow_iteration";
  public static final String WORKFLOW_READY_FOR_INPUT = "workflow_ready_for_input";
  public static final String WORKFLOW_ERROR = "workflow_error";
  public static final String WORKFLOW_WARNING = "workflow_warning";
  public static final String START_NODE_RUN = "start_node_run";
  public static final String END_NODE_RUN = "end_node_run";
  public static final String USER_MESSAGES = "user_messages";
  public static final String SAY_STATIC = "say_static";
  public static final String ASSISTANT_RESPONSE = "assistant_response";
  public static final String SAY_LLM = "say_llm";
  public static final String WORKER_LLM = "worker_llm";
  public static final String CONDITION_EVALUATOR_LLM = "condition_evaluator_llm";
  public static final String HTTP_REQUEST = "http_request";
  public static final String BUSY_WAIT_FOR_USER_MESSAGE = "busy_wait_for_user_message";
  public static final String PAUSE_EVENT = "pause_event";
  public static final String START_CONVERSATION = "start_conversation";
  public static final String END_CONVERSATION = "end_conversation";
  public static final String FORCE_TRANSFER_TO_NODE = "force_transfer_to_node";
  public static final String DIRECT_EDGE = "direct_edge";
  public static final String CONDITIONAL_EDGE = "conditional_edge";
  public static final String COMPANION_EDGE = "companion_edge";
  public static final String SELF_LOOP_EDGE = "self_loop_edge";
  public static final String SELF_LOOP_EXHAUSTED = "self_loop_exhausted";
  public static final String SEND_SMS = "send_sms";
  public static final String REVERSE_CONDITIONAL_EDGE = "reverse_conditional_edge";
  public static final String GUARDRAIL_ESCALATION_EDGE = "guardrail_escalation_edge";
  /**
   * The variables a thread showed at that point. This engine never records it (its checkpoints hold the variables
   * after every turn), but runs stored by other Interactly-compatible engines carry it.
   */
  public static final String WORKFLOW_SHOW_STATE = "workflow_show_state";

  /** Every type above, in the order they are declared. */
  public static final List<String> ALL = List.of(START_WORKFLOW, END_WORKFLOW, END_WORKFLOW_ITERATION,
      WORKFLOW_READY_FOR_INPUT, WORKFLOW_ERROR, WORKFLOW_WARNING, START_NODE_RUN, END_NODE_RUN, USER_MESSAGES,
      SAY_STATIC, ASSISTANT_RESPONSE, SAY_LLM, WORKER_LLM, CONDITION_EVALUATOR_LLM, HTTP_REQUEST,
      BUSY_WAIT_FOR_USER_MESSAGE, PAUSE_EVENT, START_CONVERSATION, END_CONVERSATION, FORCE_TRANSFER_TO_NODE,
      DIRECT_EDGE, CONDITIONAL_EDGE, COMPANION_EDGE, SELF_LOOP_EDGE, SELF_LOOP_EXHAUSTED, SEND_SMS,
      REVERSE_CONDITIONAL_EDGE, GUARDRAIL_ESCALATION_EDGE, WORKFLOW_SHOW_STATE);

  private TurnEventType() {
  }
}
