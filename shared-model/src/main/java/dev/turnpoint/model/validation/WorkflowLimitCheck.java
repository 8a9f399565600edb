package dev.turnpoint.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpoint.model.expression.ConditionExpression;
import dev.turnpoint.model.expression.ExpressionSyntaxException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a graph, as the JSON it arrived in, against {@link WorkflowLimits}. It runs before the graph is read into
 * objects, so a graph far beyond a limit costs one pass over its JSON and nothing more: the counts come first, and a
 * graph with too many nodes or edges is not walked at all.
 */
final class WorkflowLimitCheck {

  /** A graph breaking limits in many places is answered with the first few. */
  private static final int MAX_REPORTED = 20;
  private static final String EXPRESSION_FIELD = "condition_expression";

  private final WorkflowLimits limits;
  private final List<LimitBreach> breaches = new ArrayList<>();

  private WorkflowLimitCheck(WorkflowLimits limits) {
    this.limits = limits;
  }

  static List<LimitBreach> check(JsonNode graph, WorkflowLimits limits) {
    WorkflowLimitCheck check = new WorkflowLimitCheck(limits);
    if (graph != null && graph.isObject()) {
      check.graph(graph);
    }
    return List.copyOf(check.breaches);
  }

  private void graph(JsonNode graph) {
    JsonNode nodes = graph.path("node_configs");
    JsonNode edges = graph.path("edge_configs");
    count(nodes, "node_configs", limits.maxNodes(), "nodes", "max_workflow_nodes");
    count(edges, "edge_configs", limits.maxEdges(), "edges", "max_workflow_edges");
    if (!breaches.isEmpty()) {
      return;
    }
    globalNodes(nodes);
    walk(graph, new ArrayList<>());
  }

  private void count(JsonNode items, String field, int max, String what, String key) {
    if (items.isArray() && items.size() > max) {
      breaches.add(new LimitBreach(List.of(field), "A workflow may have at most " + max + " " + what + " (" + key
          + " = " + max + "), not " + items.size(), "too_long"));
    }
  }

  private void globalNodes(JsonNode nodes) {
    int globals = 0;
    for (int index = 0; index < nodes.size(); index++) {
      if (nodes.get(index).path("global_node_config").path("is_global").asBoolean(false)
          && ++globals > limits.maxGlobalNodes()) {
        breaches.add(new LimitBreach(List.of("node_configs", index, "global_node_config", "is_global"),
            "A workflow may have at most " + limits.maxGlobalNodes() + " global nodes (max_global_nodes = "
                + limits.maxGlobalNodes() + ")", "too_long"));
        return;
      }
    }
  }

  /** Depth is bounded by the body parser's nesting limit, so this recursion is too. */
  private void walk(JsonNode node, List<Object> path) {
    if (breaches.size() >= MAX_REPORTED) {
      return;
    }
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        path.add(field.getKey());
        if (EXPRESSION_FIELD.equals(field.getKey()) && field.getValue().isTextual()) {
          expression(field.getValue().textValue(), path);
        } else {
          walk(field.getValue(), path);
        }
        path.remove(path.size() - 1);
      }
    } else if (node.isArray()) {
      for (int index = 0; index < node.size(); index++) {
        path.add(index);
        walk(node.get(index), path);
        path.remove(path.size() - 1);
      }
    } else if (node.isTextual() && node.textValue().length() > limits.maxTextChars()) {
      breaches.add(new LimitBreach(path, "Text may have at most " + limits.maxTextChars()
          + " characters (max_workflow_text_chars = " + limits.maxTextChars() + "), not "
          + node.textValue().length(), "string_too_long"));
    }
  }

  /** A broken expression is left to the graph's rules, which say where it breaks. */
  private void expression(String source, List<Object> path) {
    int max = limits.maxExpressionChars();
    if (source.length() > max) {
      breaches.add(new LimitBreach(path, "A condition_expression may have at most " + max
          + " characters (max_condition_expression_chars = " + max + "), not " + source.length(), "string_too_long"));
      return;
    }
    if (source.isBlank()) {
      return;
    }
    int depth;
    try {
      depth = ConditionExpression.parse(source).depth();
    } catch (ExpressionSyntaxException broken) {
      return;
    }
    if (depth > limits.maxExpressionDepth()) {
      breaches.add(new LimitBreach(path, "A condition_expression may nest at most " + limits.maxExpressionDepth()
          + " levels deep (max_condition_expression_depth = " + limits.maxExpressionDepth() + "), not " + depth,
          "value_error"));
    }
  }
}
