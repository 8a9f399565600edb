package dev.turnpoint.engine.turn;

import dev.turnpoint.model.workflow.SuperNode;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code super_node}: enters the sub-workflow {@link SuperNodeExpansion} copied into the graph. It first sets the
 * sub-workflow's inputs: the sub-workflow's own {@code dynamic_variables}/{@code runtime_variables} where the run has
 * no value yet, then every input field of {@code super_node_interface} from {@code field_values} (else its
 * {@code default_value}; a required field with neither fails the run), strings rendered, into the
 * {@code dynamic_variable}/{@code runtime_variable} its mappings name (a field without mappings: the dynamic variable
 * of its name), and every other {@code field_values} entry into the dynamic variable of its name. Then
 * {@link Transitions} takes the thread to the sub-workflow's start node. When a node of the sub-workflow has nowhere
 * to go, the thread leaves through the super node's own edges.
 */
final class SuperNodeRunner implements NodeRunner {

  @Override
  public Future<NodeResult> run(NodeRun run) {
    SuperNode node = (SuperNode) run.node;
    GraphIndex graph = run.turn.index();
    String entry = graph.superNodeEntry(node).orElseThrow(() -> new WorkflowExecutionException("super_node node "
        + GraphIndex.describe(node) + " cannot run: " + graph.superNodeProblem(node)));
    WorkflowConfigFullyHydrated sub = graph.superNodeGraph(node).orElseThrow();
    if (sub.dynamicVariables != null) {
      sub.dynamicVariables.forEach(entryValue -> run.turn.defaultDynamic(entryValue.getKey(), entryValue.getValue()));
    }
    if (sub.runtimeVariables != null) {
      sub.runtimeVariables.forEach(entryValue -> {
        if (run.variables().runtime(entryValue.getKey()) == null) {
          run.setRuntime(entryValue.getKey(), entryValue.getValue());
        }
      });
    }
    JsonObject applied = applyInputs(run, node);
    run.output.put("super_workflow_id", node.superWorkflowId)
        .put("super_workflow_version_number", node.superWorkflowVersionNumber)
        .put("entry_node_logical_id", entry).put("field_values", applied);
    return Future.succeededFuture(NodeResult.CONTINUE);
  }

  private static JsonObject applyInputs(NodeRun run, SuperNode node) {
    JsonObject applied = new JsonObject();
    Set<String> declared = new HashSet<>();
    if (node.superNodeInterface != null && node.superNodeInterface.inputFields != null) {
      for (SuperNode.InputField field : node.superNodeInterface.inputFields) {
        declared.add(field.name);
        Object value = rendered(run, value(node, field));
        if (value == null) {
          if (field.required) {
            throw new WorkflowExecutionException("super_node node " + GraphIndex.describe(node)
                + " has no value for its required input field '" + field.name + "' (field_values." + field.name + ")");
          }
          continue;
        }
        applied.put(field.name, value);
        List<SuperNode.FieldMapping> mappings = field.mappings == null ? List.of() : field.mappings;
        if (mappings.isEmpty()) {
          run.turn.setDynamic(field.name, value);
        }
        for (SuperNode.FieldMapping mapping : mappings) {
          String name = TurnRun.blankToNull(mapping.targetVariableName) == null ? field.name
              : mapping.targetVariableName.strip();
          if ("dynamic_variable".equals(mapping.targetType)) {
            run.turn.setDynamic(name, value);
          } else if ("runtime_variable".equals(mapping.targetType)) {
            run.setRuntime(name, value);
          }
        }
      }
    }
    if (node.fieldValues != null) {
      node.fieldValues.forEach(entry -> {
        if (!declared.contains(entry.getKey())) {
          Object value = rendered(run, entry.getValue());
          applied.put(entry.getKey(), value);
          run.turn.setDynamic(entry.getKey(), value);
        }
      });
    }
    return applied;
  }

  /** The field's value as the caller gave it in {@code field_values}, else its default; null when neither. */
  static Object value(SuperNode node, SuperNode.InputField field) {
    Object given = node.fieldValues == null || field.name == null ? null : node.fieldValues.getValue(field.name);
    return given != null ? given : field.defaultValue;
  }

  private static Object rendered(NodeRun run, Object value) {
    return value instanceof String text ? run.render(text) : value;
  }
}
