package dev.turnpoint.engine.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * The {@code inbuilt_function} tools Turnpoint offers, named by the tool's {@code configurable_key} (else its
 * {@code name}):
 * <ul>
 *   <li>{@code current_datetime}: {@code {iso_datetime, date, time, day_of_week, timestamp}} now, in the
 *       {@code timezone} argument (an IANA zone id; default UTC)</li>
 *   <li>{@code add}: the sum of the {@code numbers} array argument, or of arguments {@code a} and {@code b}</li>
 *   <li>{@code echo}: the arguments, unchanged</li>
 *   <li>{@code lookup}: {@code table[key]}, with {@code table} from the arguments or the tool's
 *       {@code extra_config.table}; null when the key is absent</li>
 * </ul>
 * Bad arguments fail the call with {@link IllegalArgumentException}; an unknown name is reported by
 * {@link #isKnown}.
 */
public final class InbuiltTools {

  public static final List<String> NAMES = List.of("current_datetime", "add", "echo", "lookup");

  private InbuiltTools() {
  }

  public static boolean isKnown(String name) {
    return NAMES.contains(name);
  }

  public static Object call(String name, JsonObject arguments, JsonObject extraConfig) {
    JsonObject args = arguments == null ? new JsonObject() : arguments;
    return switch (name) {
      case "current_datetime" -> currentDatetime(args.getString("timezone"));
      case "add" -> add(args);
      case "echo" -> args.copy();
      case "lookup" -> lookup(args, extraConfig == null ? new JsonObject() : extraConfig);
      default -> throw new IllegalArgumentException("no inbuilt function '" + name + "'");
    };
  }

  private static JsonObject currentDatetime(String timezone) {
    ZoneId zone;
    try {
      zone = timezone == null || timezone.isBlank() ? ZoneOffset.UTC : ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("unknown timezone '" + timezone + "'");
    }
    ZonedDateTime now = ZonedDateTime.now(zone);
    return new JsonObject()
        .put("iso_datetime", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .put("date", now.format(DateTimeFormatter.ISO_LOCAL_DATE))
        .put("time", now.format(DateTimeFormatter.ofPattern("HH:mm:ss")))
        .put("day_of_week", now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH))
        .put("timestamp", now.toEpochSecond());
  }

  private static Number add(JsonObject args) {
    JsonArray numbers = args.getValue("numbers") instanceof JsonArray array ? array
        : new JsonArray().add(args.getValue("a")).add(args.getValue("b"));
    BigDecimal sum = BigDecimal.ZERO;
    for (Object number : numbers) {
      sum = sum.add(decimal(number));
    }
    return sum.stripTrailingZeros().scale() <= 0 ? (Number) sum.longValueExact() : (Number) sum.doubleValue();
  }

  private static BigDecimal decimal(Object value) {
    if (value instanceof Number number) {
      return new BigDecimal(number.toString());
    }
    if (value instanceof String text) {
      try {
        return new BigDecimal(text.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("add: '" + text + "' is not a number");
      }
    }
    throw new IllegalArgumentException("add: expects numbers (the 'numbers' array, or 'a' and 'b'), got " + value);
  }

  private static Object lookup(JsonObject args, JsonObject extraConfig) {
    Object table = args.containsKey("table") ? args.getValue("table") : extraConfig.getValue("table");
    if (!(table instanceof JsonObject entries)) {
      throw new IllegalArgumentException("lookup: needs a 'table' object (argument or extra_config.table)");
    }
    Object key = args.getValue("key");
    if (key == null) {
      throw new IllegalArgumentException("lookup: needs a 'key' argument");
    }
    return entries.getValue(String.valueOf(key));
  }
}
