package dev.turnpoint.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Stored timestamps are UTC ISO-8601 strings with exactly six fractional digits and a trailing {@code Z}, as
 * pydantic writes them. The fixed width keeps lexical order equal to time order, so range filters and sorts work on
 * the strings directly.
 */
public final class Timestamps {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {
  }

  public static String now() {
    return format(Instant.now());
  }

  public static String format(Instant instant) {
    return FORMAT.format(instant.truncatedTo(ChronoUnit.MICROS));
  }

  public static Instant parse(String value) {
    return Instant.parse(value);
  }
}
