package dev.turnpoint.engine.turn;

import dev.turnpoint.model.expression.JsonVariables;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.DeduplicateNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

import java.util.HashSet;
import java.util.Set;

/**
 * {@code deduplicate}: the list in {@code [[input_runtime_variable_name]]} without the items that repeat an earlier
 * item's key goes, in order, into {@code output_runtime_variable_name}. The key is the path {@code dedup_key}
 * (rendered; dotted for nested fields), else the path in {@code [[dedup_key_runtime_variable_name]]}; without one,
 * whole items are compared. Items that lack the key are all kept. An input that is not a list leaves the output
 * variable unchanged, with a {@code workflow_warning}, and the run goes on.
 */
final class DeduplicateRunner implements NodeRunner {

  @Override
  public Future<NodeResult> run(NodeRun run) {
    DeduplicateNode node = (DeduplicateNode) run.node;
    Object input = RuntimeValues.read(run, node.inputRuntimeVariableName);
    if (!(input instanceof JsonArray items)) {
      String problem = "deduplicate node " + GraphIndex.describe(node) + ": [[" + node.inputRuntimeVariableName
          + "]] is " + (input == null ? "not set" : "not a list");
      run.emit(run.event(TurnEventType.WORKFLOW_WARNING).put("message", problem));
      run.output.put("success", false).put("error_message", problem);
      return Future.succeededFuture(NodeResult.CONTINUE);
    }
    String key = key(run, node);
    Set<Object> seen = new HashSet<>();
    JsonArray unique = new JsonArray();
    for (Object item : items.copy()) {
      Object identity = key == null ? item : RuntimeValues.json(JsonVariables.resolve(item, key));
      if (key != null && identity == null || seen.add(identity)) {
        unique.add(item);
      }
    }
    RuntimeValues.write(run, node.outputRuntimeVariableName, "deduplicate_result", unique);
    run.output.put("success", true).put("dedup_key", key).put("removed_count", items.size() - unique.size())
        .put("result", unique);
    return Future.succeededFuture(NodeResult.CONTINUE);
  }

  private static String key(NodeRun run, DeduplicateNode node) {
    String literal = TurnRun.blankToNull(run.render(node.dedupKey));
    if (literal != null) {
      return literal.strip();
    }
    Object named = RuntimeValues.read(run, node.dedupKeyRuntimeVariableName);
    return named == null || String.valueOf(named).isBlank() ? null : String.valueOf(named).strip();
  }
}
