package dev.turnpoint.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.turnpoint.model.expression.ConditionExpression;
import dev.turnpoint.model.expression.ExpressionSyntaxException;
import dev.turnpoint.model.workflow.ConditionConfig;
import dev.turnpoint.model.workflow.ConditionalEdge;
import dev.turnpoint.model.workflow.DirectEdge;
import dev.turnpoint.model.workflow.EdgeConfig;
import dev.turnpoint.model.workflow.GlobalNodeConfig;
import dev.turnpoint.model.workflow.HttpRequestNode;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.SayStaticNode;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules a workflow graph must follow before it is saved: unique logical ids, edges between existing nodes, valid
 * condition expressions (naming the edge and the position of the error), and so on.
 *
 * <p>Only what would make the graph meaningless is rejected. A node type Turnpoint cannot execute is accepted (its
 * run fails with a clear error instead), an edge without a logical id is accepted (the API assigns one), and an empty
 * graph is accepted (workflows are created empty and filled in later).
 *
 * <p>How large a graph may be is checked apart, on its JSON before it is read ({@link #exceededLimits}): a graph
 * beyond its {@link WorkflowLimits} is refused before reading or checking it could cost more than a moment.
 */
public final class WorkflowGraphValidator {

  /** The main thread's id; companion threads need their own. */
  private static final String MAIN_THREAD_ID = "0";
  private static final Pattern THREAD_ID = Pattern.compile("[A-Za-z0-9_-]+");

  private WorkflowGraphValidator() {
  }

  /**
   * Every part of the graph, as the JSON it arrived in, that is beyond {@code limits}; empty when it is within all of
   * them. Broken JSON shapes (a list where an object belongs) are left to reading the graph.
   */
  public static List<LimitBreach> exceededLimits(JsonNode graph, WorkflowLimits limits) {
    return WorkflowLimitCheck.check(graph, limits);
  }

  /** Every rule the graph breaks, as messages for a 400 answer; empty when the graph is valid. */
  public static List<String> validate(WorkflowConfigFullyHydrated graph) {
    if (graph == null) {
      return List.of("the workflow graph is missing");
    }
    List<String> problems = new ArrayList<>();
    List<NodeConfig> nodes = graph.nodeConfigs == null ? List.of() : graph.nodeConfigs;
    List<EdgeConfig> edges = graph.edgeConfigs == null ? List.of() : graph.edgeConfigs;
    Map<String, String> nodesById = checkNodes(nodes, problems);
    checkEdges(edges, nodesById, problems);
    Map<String, NodeConfig> nodeConfigs = new HashMap<>();
    nodes.stream().filter(node -> node != null && node.logicalId != null)
        .forEach(node -> nodeConfigs.putIfAbsent(node.logicalId, node));
    WaitingEdgeRules.check(edges, nodeConfigs, (edge, index) -> label("edge", edge.logicalId, edge.name, index),
        problems);
    return List.copyOf(problems);
  }

  /** Checks the nodes and answers the label of each node by logical id, for the edges to refer to. */
  private static Map<String, String> checkNodes(List<NodeConfig> nodes, List<String> problems) {
    Map<String, String> labelsById = new HashMap<>();
    List<String> startNodes = new ArrayList<>();
    for (int index = 0; index < nodes.size(); index++) {
      NodeConfig node = nodes.get(index);
      if (node == null) {
        problems.add("node at index " + index + " is empty");
        continue;
      }
      String label = label("node", node.logicalId, node.name, index);
      if (isBlank(node.logicalId)) {
        problems.add(label + ": logical_id is missing");
      } else if (labelsById.putIfAbsent(node.logicalId, label) != null) {
        problems.add(label + ": logical_id is also used by " + labelsById.get(node.logicalId));
      }
      if (node.isStart) {
        startNodes.add(label);
      }
      checkNodeContent(node, label, problems);
      checkGlobalConditions(node.globalNodeConfig, label, problems);
    }
    if (startNodes.size() > 1) {
      problems.add("only one node may be the start node, but " + String.join(", ", startNodes) + " are marked "
          + "is_start");
    }
    return labelsById;
  }

  private static void checkNodeContent(NodeConfig node, String label, List<String> problems) {
    if (node instanceof HttpRequestNode http && isBlank(http.url)) {
      problems.add(label + ": http_request node needs a url");
    }
    if (node instanceof SayStaticNode say && !hasMessage(say)) {
      problems.add(label + ": say_static node needs at least one static message");
    }
  }

  private static boolean hasMessage(SayStaticNode node) {
    return node.staticMessagesConfig != null && node.staticMessagesConfig.staticMessages != null
        && node.staticMessagesConfig.staticMessages.stream().anyMatch(message -> !isBlank(message));
  }

  private static void checkGlobalConditions(GlobalNodeConfig global, String label, List<String> problems) {
    if (global == null) {
      return;
    }
    checkExpression(global.condition, label, "invalid global_node_config condition_expression", problems);
    checkExpression(global.reverseConditionalEdge, label,
        "invalid global_node_config reverse_conditional_edge condition_expression", problems);
  }

  private static void checkEdges(List<EdgeConfig> edges, Map<String, String> nodesById, List<String> problems) {
    Map<String, String> labelsById = new HashMap<>();
    Map<String, String> edgesByThreadId = new HashMap<>();
    for (int index = 0; index < edges.size(); index++) {
      EdgeConfig edge = edges.get(index);
      if (edge == null) {
        problems.add("edge at index " + index + " is empty");
        continue;
      }
      String label = label("edge", edge.logicalId, edge.name, index);
      if (!isBlank(edge.logicalId) && labelsById.putIfAbsent(edge.logicalId, label) != null) {
        problems.add(label + ": logical_id is also used by " + labelsById.get(edge.logicalId));
      }
      checkEndpoint(edge.sourceNodeLogicalId, "source", nodesById, label, problems);
      checkEndpoint(edge.destinationNodeLogicalId, "destination", nodesById, label, problems);
      if (edge instanceof ConditionalEdge conditional) {
        checkCondition(conditional, label, problems);
      }
      if (edge instanceof DirectEdge direct && direct.startsCompanionThread()) {
        checkCompanionThread(direct.companionThreadConfig.threadId, label, edgesByThreadId, problems);
      }
    }
  }

  private static void checkEndpoint(String nodeId, String end, Map<String, String> nodesById, String label,
      List<String> problems) {
    if (isBlank(nodeId)) {
      problems.add(label + ": " + end + "_node_logical_id is missing");
    } else if (!nodesById.containsKey(nodeId)) {
      problems.add(label + ": " + end + " node '" + nodeId + "' does not exist");
    }
  }

  private static void checkCondition(ConditionalEdge edge, String label, List<String> problems) {
    ConditionConfig condition = edge.condition;
    boolean hasExpression = condition != null && !isBlank(condition.conditionExpression);
    boolean hasFreeform = condition != null && !isBlank(condition.conditionFreeform);
    if (!hasExpression && !hasFreeform) {
      problems.add(label + ": conditional edge needs a condition with condition_expression or condition_freeform");
    }
    checkExpression(condition, label, "invalid condition_expression", problems);
    if (!hasExpression && edge.evaluateWhileWaitingConfig != null
        && Boolean.TRUE.equals(edge.evaluateWhileWaitingConfig.getValue("enabled"))) {
      problems.add(label + ": evaluate_while_waiting_config needs a condition_expression");
    }
  }

  private static void checkExpression(ConditionConfig condition, String label, String prefix,
      List<String> problems) {
    if (condition == null || isBlank(condition.conditionExpression)) {
      return;
    }
    try {
      ConditionExpression.parse(condition.conditionExpression);
    } catch (ExpressionSyntaxException e) {
      problems.add(label + ": " + prefix + ": " + e.getMessage());
    }
  }

  private static void checkCompanionThread(String threadId, String label, Map<String, String> edgesByThreadId,
      List<String> problems) {
    if (isBlank(threadId)) {
      return;
    }
    if (MAIN_THREAD_ID.equals(threadId)) {
      problems.add(label + ": companion thread_id '0' is reserved for the main thread");
    } else if (!THREAD_ID.matcher(threadId).matches()) {
      problems.add(label + ": companion thread_id '" + threadId + "' may only hold letters, digits, '_' and '-'");
    } else if (edgesByThreadId.putIfAbsent(threadId, label) != null) {
      problems.add(label + ": companion thread_id '" + threadId + "' is also used by " + edgesByThreadId.get(threadId));
    }
  }

  /** How a message names a node or edge: {@code edge 'edge_3' ("Have what we need")}, or by index without an id. */
  private static String label(String kind, String logicalId, String name, int index) {
    String id = isBlank(logicalId) ? kind + " at index " + index : kind + " '" + logicalId + "'";
    return isBlank(name) ? id : id + " (\"" + name + "\")";
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
