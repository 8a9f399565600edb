package dev.turnpoint.persistence;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.workflow.SayStaticNode;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;

/** Small workflow graphs for store tests. */
final class TestGraphs {

  private TestGraphs() {
  }

  /** A graph named {@code name} with one static node called {@code nodeName}. */
  static WorkflowConfigFullyHydrated graph(String name, String description, String nodeName) {
    WorkflowConfigFullyHydrated graph = new WorkflowConfigFullyHydrated();
    graph.workflowConfig.logicalId = Ids.logicalId("workflow");
    graph.workflowConfig.name = name;
    graph.workflowConfig.description = description;
    SayStaticNode node = new SayStaticNode();
    node.logicalId = Ids.logicalId("node");
    node.name = nodeName;
    node.isStart = true;
    graph.nodeConfigs.add(node);
    graph.workflowConfig.nodes.add(node.logicalId);
    return graph;
  }

  static WorkflowConfigFullyHydrated graph(String name) {
    return graph(name, "about " + name, "greeting");
  }

  static String newTeam() {
    return "team-" + Ids.randomToken(6);
  }
}
