package dev.turnpoint.engine.turn;

import dev.turnpoint.model.workflow.EdgeConfig;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.SuperNode;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lookups a turn makes in its pinned graph, indexed once per turn: nodes by logical id, the start node, each
 * node's outgoing edges and the global nodes, with super nodes' sub-workflows expanded in
 * ({@link SuperNodeExpansion}). A turn asks for a node's edges after every node it runs, so they are
 * grouped up front instead of scanning every edge each time.
 *
 * <p>Where logical ids repeat, the first node with the id counts, as in
 * {@link WorkflowConfigFullyHydrated#node(String)}. An edge counts as outgoing only when it is enabled and leads to an
 * enabled node that exists.
 */
final class GraphIndex {

  private final WorkflowConfigFullyHydrated graph;
  private final Map<String, NodeConfig> nodes = new HashMap<>();
  private final Map<String, List<EdgeConfig>> outgoing = new HashMap<>();
  private final List<NodeConfig> globalNodes;
  private final SuperNodeExpansion expansion;

  GraphIndex(WorkflowConfigFullyHydrated graph) {
    this(graph, SubWorkflows.NONE);
  }

  /** The graph with its super nodes expanded, those that embed stored workflows from {@code stored}. */
  GraphIndex(WorkflowConfigFullyHydrated graph, SubWorkflows stored) {
    this.graph = graph;
    this.expansion = SuperNodeExpansion.of(graph, stored);
    List<NodeConfig> global = new ArrayList<>();
    for (NodeConfig node : expansion.nodes) {
      if (node.logicalId != null) {
        nodes.putIfAbsent(node.logicalId, node);
      }
      if (node.isGlobal() && !node.disabled && node.globalNodeConfig.condition != null) {
        global.add(node);
      }
    }
    for (EdgeConfig edge : expansion.edges) {
      NodeConfig destination = nodes.get(edge.destinationNodeLogicalId);
      if (!edge.disabled && destination != null && !destination.disabled) {
        outgoing.computeIfAbsent(edge.sourceNodeLogicalId, id -> new ArrayList<>()).add(edge);
      }
    }
    outgoing.replaceAll((source, edges) -> List.copyOf(edges));
    globalNodes = List.copyOf(global);
  }

  /** The node with this logical id, disabled or not. */
  Optional<NodeConfig> node(String logicalId) {
    return Optional.ofNullable(nodes.get(logicalId));
  }

  /** The node with this logical id; fails the turn when there is none or it is disabled. */
  NodeConfig requireNode(String logicalId) {
    NodeConfig node = node(logicalId).orElseThrow(() ->
        new WorkflowExecutionException("node " + logicalId + " does not exist in the workflow"));
    if (node.disabled) {
      throw new WorkflowExecutionException("node " + describe(node) + " is disabled");
    }
    return node;
  }

  /**
   * Where a first turn starts when its input names no node: the enabled {@code is_start} node, else the first
   * enabled node.
   */
  Optional<String> startNodeLogicalId() {
    return graph.startNode().map(node -> node.logicalId);
  }

  /** The node's enabled edges to enabled nodes, in graph order; companion edges included. */
  List<EdgeConfig> outgoing(NodeConfig node) {
    return outgoing.getOrDefault(node.logicalId, List.of());
  }

  /** The enabled global nodes that have a condition to enter them by, in graph order. */
  List<NodeConfig> globalNodes() {
    return globalNodes;
  }

  /** The super node whose sub-workflow holds this node (the innermost one), if any. */
  Optional<SuperNode> enclosingSuperNode(NodeConfig node) {
    return expansion.enclosing(node.logicalId);
  }

  /**
   * Whether a global node may be entered from {@code node}: a global node of the top graph from anywhere, one inside
   * a super node's sub-workflow only from within that sub-workflow.
   */
  boolean globalApplies(NodeConfig global, NodeConfig node) {
    Optional<SuperNode> scope = enclosingSuperNode(global);
    if (scope.isEmpty()) {
      return true;
    }
    for (Optional<SuperNode> at = enclosingSuperNode(node); at.isPresent(); at = enclosingSuperNode(at.get())) {
      if (at.get() == scope.get()) {
        return true;
      }
    }
    return false;
  }

  /** Where the super node's sub-workflow starts, when it could be expanded. */
  Optional<String> superNodeEntry(SuperNode node) {
    return expansion.entry(node);
  }

  /** The super node's sub-workflow, as copied into this graph. */
  Optional<WorkflowConfigFullyHydrated> superNodeGraph(SuperNode node) {
    return expansion.subGraph(node);
  }

  /** Why the super node could not be expanded. */
  String superNodeProblem(SuperNode node) {
    return expansion.problem(node);
  }

  /** A node as error messages name it: {@code 'Name' (logical_id)}, or the logical id when it has no name. */
  static String describe(NodeConfig node) {
    return node.name == null || node.name.isBlank() ? node.logicalId : "'" + node.name + "' (" + node.logicalId + ")";
  }

  /** An edge as error messages name it, like {@link #describe(NodeConfig)}. */
  static String describe(EdgeConfig edge) {
    return edge.name == null || edge.name.isBlank() ? edge.logicalId : "'" + edge.name + "' (" + edge.logicalId + ")";
  }
}
