package dev.turnpoint.model.validation;

import dev.turnpoint.model.workflow.ConditionalEdge;
import dev.turnpoint.model.workflow.DirectEdge;
import dev.turnpoint.model.workflow.EdgeConfig;
import dev.turnpoint.model.workflow.LlmNode;
import dev.turnpoint.model.workflow.NodeConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules for a conditional edge evaluated while its source node waits for user input
 * ({@code evaluate_while_waiting_config} with {@code enabled}), each of which, broken, leaves a conversation that
 * never moves: the source node may have no direct edge out (the thread would follow it instead of waiting); with
 * {@code on_node_completion} (the default) the edge names trigger nodes, which exist and do not wait for user input
 * themselves (such a node completes when it is answered, not while the source waits); with
 * {@code on_every_background_tick} it has a debounce, {@code min_seconds_between_evaluations} above 0; and
 * {@code max_transitions_per_wait} is at least 1.
 */
final class WaitingEdgeRules {

  static final String ON_NODE_COMPLETION = "on_node_completion";
  static final String ON_EVERY_BACKGROUND_TICK = "on_every_background_tick";

  private WaitingEdgeRules() {
  }

  /** Adds a message to {@code problems} for every rule a waiting edge of {@code edges} breaks. */
  static void check(List<EdgeConfig> edges, Map<String, NodeConfig> nodesById, LabelFor label,
                    List<String> problems) {
    for (int index = 0; index < edges.size(); index++) {
      if (edges.get(index) instanceof ConditionalEdge edge && enabled(edge.evaluateWhileWaitingConfig)) {
        check(edge, edge.evaluateWhileWaitingConfig, edges, nodesById, label.of(edge, index), problems);
      }
    }
  }

  /** How the validator names an edge in its messages. */
  interface LabelFor {
    String of(EdgeConfig edge, int index);
  }

  private static void check(ConditionalEdge edge, JsonObject config, List<EdgeConfig> edges,
                            Map<String, NodeConfig> nodesById, String label, List<String> problems) {
    String prefix = label + ": evaluate while waiting (evaluate_while_waiting_config)";
    List<String> directEdges = new ArrayList<>();
    for (int index = 0; index < edges.size(); index++) {
      EdgeConfig other = edges.get(index);
      if (other instanceof DirectEdge && Objects.equals(other.sourceNodeLogicalId, edge.sourceNodeLogicalId)) {
        directEdges.add(other.logicalId == null ? "at index " + index : "'" + other.logicalId + "'");
      }
    }
    if (!directEdges.isEmpty()) {
      problems.add(prefix + " needs a source node without outgoing direct edges, but node '"
          + edge.sourceNodeLogicalId + "' has direct edge " + String.join(", ", directEdges)
          + "; fork a companion thread upstream of the node that waits");
    }
    String mode = config.getValue("trigger_mode") instanceof String given ? given : ON_NODE_COMPLETION;
    List<String> triggers = triggerIds(config.getValue("trigger_node_logical_ids"));
    Object debounce = config.getValue("min_seconds_between_evaluations");
    if (ON_NODE_COMPLETION.equals(mode)) {
      checkTriggers(triggers, nodesById, prefix, problems);
    } else if (ON_EVERY_BACKGROUND_TICK.equals(mode)) {
      if (!(debounce instanceof Number seconds) || seconds.doubleValue() <= 0) {
        problems.add(prefix + " with trigger_mode on_every_background_tick needs min_seconds_between_evaluations"
            + " above 0, or it evaluates on every background pass");
      }
    } else {
      problems.add(prefix + ": trigger_mode must be on_node_completion or on_every_background_tick, not '"
          + mode + "'");
    }
    if (debounce != null && !(debounce instanceof Number seconds && seconds.doubleValue() >= 0)) {
      problems.add(prefix + ": min_seconds_between_evaluations must be a number of seconds, at least 0");
    }
    Object maxTransitions = config.getValue("max_transitions_per_wait");
    if (maxTransitions != null && !(maxTransitions instanceof Number count && count.doubleValue() >= 1
        && count.doubleValue() == Math.rint(count.doubleValue()))) {
      problems.add(prefix + ": max_transitions_per_wait must be a whole number, at least 1");
    }
  }

  private static void checkTriggers(List<String> triggers, Map<String, NodeConfig> nodesById, String prefix,
                                    List<String> problems) {
    if (triggers.isEmpty()) {
      problems.add(prefix + " with trigger_mode on_node_completion needs trigger_node_logical_ids");
      return;
    }
    List<String> missing = triggers.stream().filter(id -> !nodesById.containsKey(id)).toList();
    if (!missing.isEmpty()) {
      problems.add(prefix + ": trigger nodes " + missing + " do not exist");
    }
    List<String> waiting = triggers.stream()
        .filter(id -> nodesById.get(id) instanceof LlmNode llm && llm.waitForUserMessage).toList();
    if (!waiting.isEmpty()) {
      problems.add(prefix + ": trigger nodes " + waiting + " wait for user input themselves, so they complete when"
          + " answered, not while the source waits");
    }
  }

  private static boolean enabled(JsonObject config) {
    return config != null && Boolean.TRUE.equals(config.getValue("enabled"));
  }

  private static List<String> triggerIds(Object value) {
    List<String> ids = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(id -> ids.add(String.valueOf(id)));
    }
    return ids;
  }
}
