package dev.turnpoint.model.workflow;

/** Makes a node reachable from anywhere in the graph when its condition holds. */
public class GlobalNodeConfig {
  public boolean isGlobal = false;
  public ConditionConfig condition;
  public String globalConditionEdgeEvaluationMethod = "workflow_default";
  public ConditionConfig reverseConditionalEdge;
}
