package dev.turnpoint.engine.turn;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.workflow.EdgeConfig;
import dev.turnpoint.model.workflow.NodeConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The events a turn records (spec §3.8). Every event has {@code logical_id} ({@code event_<uuid>}),
 * {@code timestamp} (epoch seconds, fractional), {@code origin_thread_id}, {@code comments: []},
 * {@code interrupted: false} and {@code type}; node events add {@code origin_node_logical_id/name/run_id}; edge
 * events add {@code edge_logical_id}, {@code edge_name}, {@code edge_run_id}, {@code source_node_logical_id/name},
 * {@code destination_node_logical_id/name} and {@code reason}.
 */
public final class TurnEvents {
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

  private TurnEvents() {
  }

  public static JsonObject workflowEvent(String type, String threadId) {
    return new JsonObject()
        .put("logical_id", Ids.logicalId("event"))
        .put("timestamp", System.currentTimeMillis() / 1000.0)
        .put("origin_thread_id", threadId)
        .put("comments", new JsonArray())
        .put("interrupted", false)
        .put("type", type);
  }

  public static JsonObject nodeEvent(String type, String threadId, NodeConfig node, String nodeRunId) {
    return workflowEvent(type, threadId)
        .put("origin_node_logical_id", node == null ? null : node.logicalId)
        .put("origin_node_name", node == null ? null : node.name)
        .put("origin_node_run_id", nodeRunId);
  }

  /**
   * An edge event; {@code edge} is null for transitions without an edge (self-loops, global nodes), which then name
   * themselves through {@code edgeName}.
   */
  public static JsonObject edgeEvent(String type, String threadId, EdgeConfig edge, String edgeName, NodeConfig source,
                                     String sourceRunId, NodeConfig destination, String reason) {
    return nodeEvent(type, threadId, source, sourceRunId)
        .put("edge_logical_id", edge == null ? null : edge.logicalId)
        .put("edge_name", edge == null ? edgeName : edge.name)
        .put("edge_run_id", Ids.logicalId("edge_run"))
        .put("source_node_logical_id", source == null ? null : source.logicalId)
        .put("source_node_name", source == null ? null : source.name)
        .put("destination_node_logical_id", destination == null ? null : destination.logicalId)
        .put("destination_node_name", destination == null ? null : destination.name)
        .put("reason", reason);
  }
}
