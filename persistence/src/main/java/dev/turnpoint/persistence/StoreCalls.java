package dev.turnpoint.persistence;

import dev.turnpoint.model.Timestamps;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** What every store method does around its work: check its arguments, then translate driver failures. */
public final class StoreCalls {

  private static final Pattern REGEX_SPECIALS = Pattern.compile("[\\\\^$.|?*+()\\[\\]{}]");

  private StoreCalls() {
  }

  /**
   * Runs a store call: an argument check that throws becomes a failed future instead of escaping to the caller, and
   * driver failures are translated by {@link MongoFailures}.
   */
  public static <T> Future<T> call(Supplier<Future<T>> body) {
    try {
      return body.get().recover(MongoFailures::translate);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  public static String requireTeam(String teamId) {
    return requireText(teamId, "team id");
  }

  public static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw ServiceException.invalid(what + " is required");
    }
    return value;
  }

  public static <T> T require(T value, String what) {
    if (value == null) {
      throw ServiceException.invalid(what + " is required");
    }
    return value;
  }

  public static void requirePaging(int page, int size) {
    if (page < 1) {
      throw ServiceException.invalid("page must be at least 1");
    }
    if (size < 1) {
      throw ServiceException.invalid("size must be at least 1");
    }
  }

  /**
   * An ISO-8601 instant (with {@code Z} or an offset) in the stored timestamp format, whose lexical order is time
   * order, so it can bound stored timestamps in a query.
   */
  public static String timestamp(String value, String what) {
    requireText(value, what);
    try {
      return Timestamps.format(OffsetDateTime.parse(value.strip()).toInstant());
    } catch (DateTimeParseException e) {
      throw ServiceException.invalid(what + " must be an ISO-8601 date-time with a zone, not '" + value + "'");
    }
  }

  /** A {@code $regex} condition matching values that contain {@code text}, ignoring case; {@code text} is literal. */
  public static JsonObject containsIgnoringCase(String text) {
    String literal = REGEX_SPECIALS.matcher(text).replaceAll("\\\\$0");
    return new JsonObject().put("$regex", literal).put("$options", "i");
  }
}
