package dev.turnpoint.model.validation;

import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;

import java.util.List;

/**
 * The rules a workflow graph must follow before it is saved: unique logical ids, edges between existing nodes, valid
 * condition expressions (naming the edge and the position of the error), and so on.
 */
public final class WorkflowGraphValidator {

  private WorkflowGraphValidator() {
  }

  /** Every rule the graph breaks, as messages for a 400 answer; empty when the graph is valid. */
  public static List<String> validate(WorkflowConfigFullyHydrated graph) {
    return List.of();
  }
}
