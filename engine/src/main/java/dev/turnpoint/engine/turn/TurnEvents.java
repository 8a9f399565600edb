package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.llm.LlmAnswer;
import dev.turnpoint.engine.llm.LlmReply;
import dev.turnpoint.model.Ids;
import dev.turnpoint.model.turn.TurnEventFields;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.EdgeConfig;
import dev.turnpoint.model.workflow.NodeConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Builds the events a turn records (spec §3.8), of the types {@link TurnEventType} names, with the fields
 * {@link TurnEventFields} names. Every event has {@code logical_id} ({@code event_<uuid>}), {@code timestamp} (epoch
 * seconds, fractional), {@code origin_thread_id}, {@code comments: []}, {@code interrupted: false} and {@code type};
 * node events add {@code origin_node_logical_id/name/run_id}; edge events add {@code edge_logical_id},
 * {@code edge_name}, {@code edge_run_id}, {@code source_node_logical_id/name}, {@code destination_node_logical_id/name}
 * and {@code reason}.
 */
public final class TurnEvents {

  private TurnEvents() {
  }

  public static JsonObject workflowEvent(String type, String threadId) {
    return new JsonObject()
        .put(TurnEventFields.LOGICAL_ID, Ids.logicalId("event"))
        .put(TurnEventFields.TIMESTAMP, System.currentTimeMillis() / 1000.0)
        .put(TurnEventFields.ORIGIN_THREAD_ID, threadId)
        .put(TurnEventFields.COMMENTS, new JsonArray())
        .put(TurnEventFields.INTERRUPTED, false)
        .put(TurnEventFields.TYPE, type);
  }

  public static JsonObject nodeEvent(String type, String threadId, NodeConfig node, String nodeRunId) {
    return workflowEvent(type, threadId)
        .put(TurnEventFields.ORIGIN_NODE_LOGICAL_ID, node == null ? null : node.logicalId)
        .put(TurnEventFields.ORIGIN_NODE_NAME, node == null ? null : node.name)
        .put(TurnEventFields.ORIGIN_NODE_RUN_ID, nodeRunId);
  }

  /**
   * An edge event; {@code edge} is null for transitions without an edge (self-loops, global nodes), which then name
   * themselves through {@code edgeName}.
   */
  public static JsonObject edgeEvent(String type, String threadId, EdgeConfig edge, String edgeName, NodeConfig source,
                                     String sourceRunId, NodeConfig destination, String reason) {
    return nodeEvent(type, threadId, source, sourceRunId)
        .put(TurnEventFields.EDGE_LOGICAL_ID, edge == null ? null : edge.logicalId)
        .put(TurnEventFields.EDGE_NAME, edge == null ? edgeName : edge.name)
        .put(TurnEventFields.EDGE_RUN_ID, Ids.logicalId("edge_run"))
        .put(TurnEventFields.SOURCE_NODE_LOGICAL_ID, source == null ? null : source.logicalId)
        .put(TurnEventFields.SOURCE_NODE_NAME, source == null ? null : source.name)
        .put(TurnEventFields.DESTINATION_NODE_LOGICAL_ID, destination == null ? null : destination.logicalId)
        .put(TurnEventFields.DESTINATION_NODE_NAME, destination == null ? null : destination.name)
        .put(TurnEventFields.REASON, reason);
  }

  /**
   * An LLM call's {@code llm_usage_info}: model, provider, tokens, latency and whose key paid, under the SDK's
   * {@code LLMUsageInfo} names ({@code response_model}, {@code prompt_tokens}, {@code completion_tokens},
   * {@code total_tokens}, {@code response_latency_milliseconds}, {@code used_user_api_key}) and, for the runs and
   * readers that have them, Turnpoint's earlier ones ({@code model}, {@code input_tokens}, {@code output_tokens},
   * {@code latency_milliseconds}, {@code user_key}).
   */
  static JsonObject usageInfo(LlmReply reply) {
    return new JsonObject().put("response_model", reply.model()).put("provider", reply.provider())
        .put("prompt_tokens", reply.inputTokens()).put("completion_tokens", reply.outputTokens())
        .put("total_tokens", reply.inputTokens() + reply.outputTokens())
        .put("response_latency_milliseconds", reply.latencyMillis()).put("used_user_api_key", reply.userKey())
        .put("was_estimated", false)
        .put("model", reply.model()).put("input_tokens", reply.inputTokens())
        .put("output_tokens", reply.outputTokens()).put("latency_milliseconds", reply.latencyMillis())
        .put("user_key", reply.userKey());
  }

  /**
   * The {@code llm_usage_info} of a message no LLM wrote (a static message): the SDK's {@code LLMUsageInfo} with
   * nothing set, an object where the SDK's model needs one, never null. It counts as no LLM call.
   */
  static JsonObject noLlmUsage() {
    return new JsonObject();
  }

  /** The reply's usage and, for a group, {@code llm_group}: which member answered (see {@link LlmAnswer#group}). */
  static JsonObject usageInfo(LlmAnswer answer) {
    JsonObject info = usageInfo(answer.reply());
    return answer.group() == null ? info : info.put("llm_group", answer.group());
  }
}
