package dev.turnpoint.console.checkpoints;

import dev.turnpoint.console.web.Format;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/**
 * Variable overrides as people type them: either a JSON object, or one {@code name = value} per line. A value that
 * reads as JSON (a number, {@code true}, {@code null}, a quoted string, an object or array) is that value; anything
 * else is the text as written, so {@code reason = vaccination} needs no quotes. Names may be written bare or as the
 * placeholder ({@code [[reason]]}, {@code {{clinic_name}}}); lines starting with {@code #} are comments.
 */
final class VariableOverrides {

  static final int MAX_LENGTH = 20_000;
  static final int MAX_VARIABLES = 200;

  /** The names placeholders accept (letters, digits, {@code _}, {@code -}, starting with a letter or {@code _}). */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,127}");
  private static final Pattern PLACEHOLDER = Pattern.compile("^(?:\\[\\[\\s*(.*?)\\s*]]|\\{\\{\\s*(.*?)\\s*}})$");
  private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");

  /** What was read: the overrides (null when none were given), or why the text cannot be read. */
  record Parsed(JsonObject values, String error) {

    boolean valid() {
      return error == null;
    }
  }

  private VariableOverrides() {
  }

  static Parsed parse(String text) {
    if (text == null || text.isBlank()) {
      return new Parsed(null, null);
    }
    if (text.length() > MAX_LENGTH) {
      return failed("Overrides can have at most " + Format.count(MAX_LENGTH) + " characters.");
    }
    String trimmed = text.strip();
    return trimmed.startsWith("{") ? parseObject(trimmed) : parseLines(trimmed);
  }

  private static Parsed parseObject(String text) {
    JsonObject values;
    try {
      values = new JsonObject(text);
    } catch (DecodeException e) {
      return failed("This is not a valid JSON object: " + reason(e) + ".");
    }
    for (String name : values.fieldNames()) {
      if (!NAME.matcher(name).matches()) {
        return failed(notAName(name));
      }
    }
    return values.size() > MAX_VARIABLES ? tooMany() : new Parsed(values, null);
  }

  private static Parsed parseLines(String text) {
    JsonObject values = new JsonObject();
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = "Line " + (i + 1) + ": ";
      int equals = line.indexOf('=');
      if (equals < 0) {
        return failed(where + "write name = value.");
      }
      String name = bareName(line.substring(0, equals).strip());
      if (!NAME.matcher(name).matches()) {
        return failed(where + notAName(name));
      }
      if (values.containsKey(name)) {
        return failed(where + name + " is set twice.");
      }
      String raw = line.substring(equals + 1).strip();
      try {
        values.put(name, value(raw));
      } catch (DecodeException e) {
        return failed(where + "the value of " + name + " is not valid JSON: " + reason(e) + ".");
      }
      if (values.size() > MAX_VARIABLES) {
        return tooMany();
      }
    }
    return new Parsed(values.isEmpty() ? null : values, null);
  }

  private static Object value(String raw) {
    if (raw.startsWith("{") || raw.startsWith("[") || raw.startsWith("\"")) {
      return Json.decodeValue(raw);
    }
    if (raw.equals("true") || raw.equals("false") || raw.equals("null") || NUMBER.matcher(raw).matches()) {
      return Json.decodeValue(raw);
    }
    return raw;
  }

  private static String bareName(String written) {
    var placeholder = PLACEHOLDER.matcher(written);
    if (!placeholder.matches()) {
      return written;
    }
    return placeholder.group(1) != null ? placeholder.group(1) : placeholder.group(2);
  }

  private static String notAName(String name) {
    return "'" + Format.excerpt(name, 60) + "' is not a variable name (letters, digits, _ and -, starting with a"
        + " letter or _).";
  }

  private static Parsed tooMany() {
    return failed("At most " + MAX_VARIABLES + " variables can be overridden at once.");
  }

  /** The parser's complaint without the echo of the whole input that Jackson appends. */
  private static String reason(DecodeException e) {
    String message = e.getMessage() == null ? "unexpected input" : e.getMessage();
    message = message.replaceFirst("^Failed to decode:\\s*", "");
    int details = message.indexOf('\n');
    if (details > 0) {
      message = message.substring(0, details);
    }
    int source = message.indexOf(" at [Source");
    if (source > 0) {
      message = message.substring(0, source);
    }
    return Format.excerpt(message, 160);
  }

  private static Parsed failed(String message) {
    return new Parsed(null, message);
  }
}
