package dev.turnpoint.console.web;

import dev.turnpoint.model.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How the console writes times, numbers and JSON values for people. Output is plain text; templates escape it. */
public final class Format {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private Format() {
  }

  /** A stored ISO-8601 timestamp as {@code 2025-05-01 12:03:04 UTC}; unparseable values are shown as they are. */
  public static String timestamp(String iso) {
    if (iso == null || iso.isBlank()) {
      return "";
    }
    try {
      return TIMESTAMP.format(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  public static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  public static String millis(double millis) {
    if (millis < 1_000) {
      return String.format(Locale.ROOT, "%.0f ms", millis);
    }
    return String.format(Locale.ROOT, "%.2f s", millis / 1_000);
  }

  /** A JSON value on one line, strings without quotes; null as an empty string. */
  public static String value(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof String text) {
      return text;
    }
    if (value instanceof JsonObject || value instanceof JsonArray) {
      return value.toString();
    }
    return Json.encode(value);
  }

  /** A JSON value indented for reading. */
  public static String prettyJson(Object value) {
    if (value instanceof JsonObject object) {
      return object.encodePrettily();
    }
    if (value instanceof JsonArray array) {
      return array.encodePrettily();
    }
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  /** The last eight digits of a run id, which tell the runs of one lineage apart at a glance. */
  public static String shortId(String id) {
    return id == null || id.length() <= 10 ? id : "…" + id.substring(id.length() - 8);
  }

  /** At most {@code max} characters, marked with an ellipsis when cut. */
  public static String excerpt(String text, int max) {
    if (text == null) {
      return "";
    }
    String single = text.strip().replaceAll("\\s+", " ");
    return single.length() <= max ? single : single.substring(0, max - 1) + "…";
  }
}
