package dev.turnpoint.console.workflows;

import java.util.List;

/**
 * A readable view of one version's graph: workflow settings, the nodes (start node first) each with the edges that
 * leave it, and edges whose source node is not in the graph.
 */
public record GraphView(List<Detail> settings, List<NodeRow> nodes, List<EdgeRow> danglingEdges, int edgeCount) {
}
