package dev.turnpoint.engine.turn;

import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.FieldExtractorNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code field_extractor}: the object in {@code [[input_runtime_variable_name]]}, keeping only the keys of
 * {@code keys_to_retain} and of {@code [[keys_to_retain_runtime_variable_name]]} (a list of keys, or one string of
 * comma-separated keys), goes into {@code output_runtime_variable_name}; a list of objects is filtered item by item.
 * Retained keys missing from the input are left out. An input that is neither an object nor a list of objects leaves
 * the output variable unchanged, with a {@code workflow_warning}, and the run goes on.
 */
final class FieldExtractorRunner implements NodeRunner {

  @Override
  public Future<NodeResult> run(NodeRun run) {
    FieldExtractorNode node = (FieldExtractorNode) run.node;
    Set<String> keys = keys(run, node);
    Object input = RuntimeValues.read(run, node.inputRuntimeVariableName);
    Object extracted = extract(input, keys);
    run.output.put("keys_retained", new JsonArray(keys.stream().map(Object.class::cast).toList()));
    if (extracted == null) {
      String problem = "field_extractor node " + GraphIndex.describe(node) + ": [[" + node.inputRuntimeVariableName
          + "]] is " + (input == null ? "not set" : "not an object or a list of objects");
      run.emit(run.event(TurnEventType.WORKFLOW_WARNING).put("message", problem));
      run.output.put("success", false).put("error_message", problem);
      return Future.succeededFuture(NodeResult.CONTINUE);
    }
    RuntimeValues.write(run, node.outputRuntimeVariableName, "field_extractor_result", extracted);
    run.output.put("success", true).put("result", extracted);
    return Future.succeededFuture(NodeResult.CONTINUE);
  }

  private static Set<String> keys(NodeRun run, FieldExtractorNode node) {
    Set<String> keys = new LinkedHashSet<>();
    if (node.keysToRetain != null) {
      node.keysToRetain.stream().filter(key -> key != null && !key.isBlank()).map(String::strip).forEach(keys::add);
    }
    Object named = RuntimeValues.read(run, node.keysToRetainRuntimeVariableName);
    if (named instanceof JsonArray list) {
      list.stream().filter(key -> key != null).map(key -> String.valueOf(key).strip()).forEach(keys::add);
    } else if (named instanceof String text) {
      for (String key : text.split(",")) {
        if (!key.isBlank()) {
          keys.add(key.strip());
        }
      }
    }
    return keys;
  }

  private static Object extract(Object input, Set<String> keys) {
    if (input instanceof JsonObject object) {
      return retain(object, keys);
    }
    if (input instanceof JsonArray list) {
      JsonArray items = new JsonArray();
      for (Object item : list) {
        if (!(item instanceof JsonObject itemObject)) {
          return null;
        }
        items.add(retain(itemObject, keys));
      }
      return items;
    }
    return null;
  }

  private static JsonObject retain(JsonObject object, Set<String> keys) {
    JsonObject kept = new JsonObject();
    for (String key : keys) {
      if (object.containsKey(key)) {
        kept.put(key, object.copy().getValue(key));
      }
    }
    return kept;
  }
}
