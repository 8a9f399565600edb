package dev.turnpoint.console.workflows;

import java.util.List;

/**
 * A node as the graph view lists it: what it is, how it is marked, its main settings and the edges leaving it.
 *
 * @param globalCondition when a global node applies, or null
 */
public record NodeRow(String logicalId, String name, String type, boolean start, boolean global,
                      String globalCondition, boolean disabled, boolean guardrail, List<Detail> details,
                      List<EdgeRow> outgoing) {
}
