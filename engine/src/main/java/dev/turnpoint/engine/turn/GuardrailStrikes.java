package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.llm.LlmMessages;
import dev.turnpoint.engine.turn.Transition.Move;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.NodeConfig;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * {@code workflow_config.guardrail_strikes_config}: every move into a guardrail node ({@code is_guardrail_node})
 * counts one strike of the run (kept in the checkpoint as {@code guardrail_strikes}). The move that brings the count to
 * {@code max_guardrail_nodes_before_escalation} goes instead to {@code escalation_node_logical_id}, recorded as a
 * {@code guardrail_escalation_edge}, and says {@code escalation_message} (placeholders substituted) on the way. Without
 * a limit (null, or not a positive number) strikes are counted but nothing escalates.
 */
final class GuardrailStrikes {

  private final TurnRun turn;
  private final GraphIndex graph;
  private final RunCheckpoint state;

  GuardrailStrikes(TurnRun turn, GraphIndex graph, RunCheckpoint state) {
    this.turn = turn;
    this.graph = graph;
    this.state = state;
  }

  /** Counts a strike for moving into {@code guardrail}; the escalation node when this strike reaches the limit. */
  Optional<NodeConfig> strike(NodeConfig guardrail) {
    state.guardrailStrikes++;
    JsonObject config = config();
    Object limit = config == null ? null : config.getValue("max_guardrail_nodes_before_escalation");
    if (!(limit instanceof Number max) || max.intValue() < 1 || state.guardrailStrikes < max.intValue()) {
      return Optional.empty();
    }
    String escalation = TurnRun.blankToNull(config.getString("escalation_node_logical_id"));
    if (escalation == null) {
      throw new WorkflowExecutionException("guardrail node " + GraphIndex.describe(guardrail) + " used the run's "
          + max.intValue() + " guardrail strikes, but guardrail_strikes_config has no escalation_node_logical_id");
    }
    return Optional.of(graph.requireNode(escalation));
  }

  /** Records the escalation instead of the move into {@code guardrail}, and says the escalation message. */
  Transition escalate(ThreadState thread, NodeConfig source, String sourceRunId, NodeConfig guardrail,
                      NodeConfig escalation) {
    String reason = "guardrail strikes limit reached (" + state.guardrailStrikes + ") on the way to "
        + GraphIndex.describe(guardrail);
    turn.journal().record(TurnEvents.edgeEvent(TurnEventType.GUARDRAIL_ESCALATION_EDGE, thread.threadId, null,
        "guardrail escalation", source, sourceRunId, escalation, reason)
        .put("guardrail_node_logical_id", guardrail.logicalId).put("guardrail_strikes", state.guardrailStrikes));
    String message = config().getString("escalation_message");
    if (message != null && !message.isBlank()) {
      String content = turn.render(message);
      turn.journal().record(TurnEvents.nodeEvent(TurnEventType.ASSISTANT_RESPONSE, thread.threadId, source,
              sourceRunId).put("content", content)
          .put("response_metadata", new JsonObject().put("source", "guardrail_escalation_message"))
          .put("llm_usage_info", TurnEvents.noLlmUsage()));
      thread.messages.add(LlmMessages.ai(content));
    }
    return new Transition(Move.GUARDRAIL_ESCALATION, null, escalation, reason);
  }

  private JsonObject config() {
    return turn.graph().workflowConfig == null ? null : turn.graph().workflowConfig.guardrailStrikesConfig;
  }
}
