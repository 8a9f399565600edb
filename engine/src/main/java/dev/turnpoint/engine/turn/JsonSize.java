package dev.turnpoint.engine.turn;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * The size of a value as UTF-8 JSON, counted by walking it instead of encoding it, so measuring never allocates the
 * text it measures. Escapes are not counted, so it may be a little short for text full of quotes and control
 * characters. The walk stops once the count passes {@code stopAbove}: a value far too large costs no more than one
 * just too large.
 */
final class JsonSize {

  private long counted;
  private final long stopAbove;

  private JsonSize(long stopAbove) {
    this.stopAbove = stopAbove;
  }

  /** The value's size in bytes, or some number above {@code stopAbove} when it is larger than that. */
  static long of(Object value, long stopAbove) {
    JsonSize size = new JsonSize(stopAbove);
    size.add(value);
    return size.counted;
  }

  private void add(Object value) {
    if (counted > stopAbove) {
      return;
    }
    if (value instanceof JsonObject object) {
      value = object.getMap();
    } else if (value instanceof JsonArray array) {
      value = array.getList();
    }
    if (value instanceof Map<?, ?> map) {
      counted += 2 + Math.max(0, map.size() - 1);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        counted += text(String.valueOf(entry.getKey())) + 1;
        add(entry.getValue());
        if (counted > stopAbove) {
          return;
        }
      }
    } else if (value instanceof List<?> list) {
      counted += 2 + Math.max(0, list.size() - 1);
      for (Object item : list) {
        add(item);
        if (counted > stopAbove) {
          return;
        }
      }
    } else if (value instanceof CharSequence text) {
      counted += text(text);
    } else {
      counted += value == null ? 4 : String.valueOf(value).length();
    }
  }

  /** A string's UTF-8 bytes and its two quotes. */
  private static long text(CharSequence text) {
    long bytes = 2;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }
}
