package dev.turnpoint.engine.turn;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/** Reading and writing the runtime variables a data-transform node names, as {@link RunVariables} resolves them. */
final class RuntimeValues {

  private RuntimeValues() {
  }

  /** The value of runtime variable (or path) {@code name}; null when the name is blank or nothing is there. */
  static Object read(NodeRun run, String name) {
    String path = TurnRun.blankToNull(name);
    return path == null ? null : json(run.variables().runtime(path.strip()));
  }

  /** A map as a {@link JsonObject} and a list as a {@link JsonArray} (a checkpoint read back holds plain ones). */
  @SuppressWarnings("unchecked")
  static Object json(Object value) {
    if (value instanceof Map<?, ?> map) {
      return new JsonObject((Map<String, Object>) map);
    }
    if (value instanceof List<?> list) {
      return new JsonArray((List<Object>) list);
    }
    return value;
  }

  /** Writes {@code value} to runtime variable {@code name}, or to {@code fallback} when the node names none. */
  static void write(NodeRun run, String name, String fallback, Object value) {
    String target = TurnRun.blankToNull(name);
    run.setRuntime(target == null ? fallback : target.strip(), value);
  }
}
