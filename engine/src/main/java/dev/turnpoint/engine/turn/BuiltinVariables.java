package dev.turnpoint.engine.turn;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The dynamic variables every run has (spec §4.5), computed when read, in UTC: {@code now} ("2025-05-01 14:03:07"),
 * {@code date} ("2025-05-01"), {@code time} ("14:03:07"), {@code year}, {@code month}, {@code day}, {@code hour},
 * {@code minute} (numbers), {@code iso_datetime} ("2025-05-01T14:03:07Z"), {@code day_of_week} ("Thursday"),
 * {@code timestamp} (epoch seconds), {@code timestamp_ms}, {@code rand_int} (0..999999), {@code rand_str} (8
 * lower-case letters and digits), {@code rand_float} ([0, 1)), {@code rand_uuid}, {@code rand_bool} and
 * {@code workflow_run_id}. A dynamic variable of the same name given by the workflow or the input wins.
 */
public final class BuiltinVariables {

  public static final List<String> NAMES = List.of("now", "date", "time", "year", "month", "day", "hour", "minute",
      "iso_datetime", "day_of_week", "timestamp", "timestamp_ms", "rand_int", "rand_str", "rand_float", "rand_uuid",
      "rand_bool", "workflow_run_id");

  private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";

  private BuiltinVariables() {
  }

  /** The built-in's value, or null when {@code name} is not a built-in. */
  public static Object value(String name, String workflowRunId) {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return switch (name) {
      case "now" -> now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
      case "date" -> now.format(DateTimeFormatter.ISO_LOCAL_DATE);
      case "time" -> now.format(DateTimeFormatter.ofPattern("HH:mm:ss"));
      case "year" -> now.getYear();
      case "month" -> now.getMonthValue();
      case "day" -> now.getDayOfMonth();
      case "hour" -> now.getHour();
      case "minute" -> now.getMinute();
      case "iso_datetime" -> now.truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_INSTANT);
      case "day_of_week" -> now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      case "timestamp" -> now.toEpochSecond();
      case "timestamp_ms" -> now.toInstant().toEpochMilli();
      case "rand_int" -> random.nextInt(1_000_000);
      case "rand_str" -> {
        StringBuilder text = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
          text.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        yield text.toString();
      }
      case "rand_float" -> random.nextDouble();
      case "rand_uuid" -> UUID.randomUUID().toString();
      case "rand_bool" -> random.nextBoolean();
      case "workflow_run_id" -> workflowRunId;
      default -> null;
    };
  }
}
