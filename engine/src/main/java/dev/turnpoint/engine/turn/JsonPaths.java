package dev.turnpoint.engine.turn;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/** Reads dotted and indexed paths ({@code assessment.urgency_level}, {@code items.0}, {@code items[0].name}). */
final class JsonPaths {

  private JsonPaths() {
  }

  static Object resolve(Object root, String path) {
    if (path == null || path.isBlank()) {
      return null;
    }
    Object current = root;
    for (String segment : path.replace("[", ".").replace("]", "").split("\\.")) {
      String key = segment.strip();
      if (key.isEmpty()) {
        continue;
      }
      current = child(current, key);
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  private static Object child(Object parent, String key) {
    if (parent instanceof JsonObject object) {
      return object.getValue(key);
    }
    if (parent instanceof Map<?, ?> map) {
      return map.get(key);
    }
    Integer index = index(key);
    if (index == null) {
      return null;
    }
    if (parent instanceof JsonArray array) {
      return index < array.size() ? array.getValue(index) : null;
    }
    if (parent instanceof List<?> list) {
      return index < list.size() ? list.get(index) : null;
    }
    return null;
  }

  private static Integer index(String key) {
    if (!key.chars().allMatch(Character::isDigit)) {
      return null;
    }
    try {
      return Integer.parseInt(key);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
