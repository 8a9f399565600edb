package dev.turnpoint.model.expression;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Variables held in two JSON objects, runtime and dynamic, read live (later changes to the objects are seen). Paths
 * walk nested objects, arrays, maps and lists: {@code assessment.urgency_level}, {@code items.0.name}, and
 * {@code items.-1} for the last element. A key that itself contains dots, such as a flat {@code "thread_0.var"}, is
 * found too when no nested key matches.
 */
public final class JsonVariables implements VariableLookup {

  private static final Pattern INDEX = Pattern.compile("-?\\d{1,9}");

  private final JsonObject runtime;
  private final JsonObject dynamic;

  public JsonVariables(JsonObject runtime, JsonObject dynamic) {
    this.runtime = runtime == null ? new JsonObject() : runtime;
    this.dynamic = dynamic == null ? new JsonObject() : dynamic;
  }

  public static JsonVariables empty() {
    return new JsonVariables(new JsonObject(), new JsonObject());
  }

  @Override
  public Object runtime(String path) {
    return resolve(runtime, path);
  }

  @Override
  public Object dynamic(String path) {
    return resolve(dynamic, path);
  }

  /** The value at a dotted path below {@code root}; null when any step is missing or of the wrong kind. */
  public static Object resolve(Object root, String path) {
    if (root == null || path == null || path.isEmpty()) {
      return null;
    }
    String[] segments = path.split("\\.", -1);
    Object current = root;
    int next = 0;
    while (current != null && next < segments.length) {
      Map<?, ?> map = Values.asMap(current);
      List<?> list = Values.asList(current);
      if (map != null) {
        int used = longestKey(map, segments, next);
        current = used == 0 ? null : map.get(String.join(".", List.of(segments).subList(next, next + used)));
        next += Math.max(used, 1);
      } else if (list != null) {
        current = element(list, segments[next++]);
      } else {
        return null;
      }
    }
    return current;
  }

  /** How many segments from {@code from} form the key to follow: the single segment if present, else the longest. */
  private static int longestKey(Map<?, ?> map, String[] segments, int from) {
    if (map.containsKey(segments[from])) {
      return 1;
    }
    for (int end = segments.length; end > from + 1; end--) {
      if (map.containsKey(String.join(".", List.of(segments).subList(from, end)))) {
        return end - from;
      }
    }
    return 0;
  }

  private static Object element(List<?> list, String segment) {
    if (!INDEX.matcher(segment).matches()) {
      return null;
    }
    int index = Integer.parseInt(segment);
    int at = index < 0 ? list.size() + index : index;
    return at >= 0 && at < list.size() ? list.get(at) : null;
  }
}
