package dev.turnpoint.console.web;

import dev.turnpoint.model.Ids;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads and checks what a request carries. Malformed input fails with a {@link ConsoleException} that becomes a 4xx
 * page; an id that cannot exist is simply not found.
 */
public final class RequestInput {

  private RequestInput() {
  }

  /** A path parameter naming a workflow or run: 24 hex digits, else 404. */
  public static String objectId(RoutingContext ctx, String name, String what) {
    String value = ctx.pathParam(name);
    if (!Ids.isObjectId(value)) {
      throw ConsoleException.notFound("There is no such " + what + ".");
    }
    return value;
  }

  /** A non-negative integer path parameter, else 404. */
  public static int index(RoutingContext ctx, String name, String what) {
    Integer index = parseInt(ctx.pathParam(name));
    if (index == null || index < 0) {
      throw ConsoleException.notFound("There is no such " + what + ".");
    }
    return index;
  }

  /** An optional query parameter, blank as absent; longer than {@code maxLength} is a bad request. */
  public static String query(RoutingContext ctx, String name, int maxLength) {
    String value = ctx.queryParams().get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.strip();
    if (trimmed.length() > maxLength) {
      throw ConsoleException.badRequest("The " + name + " filter is longer than " + maxLength + " characters.");
    }
    return trimmed;
  }

  /** An optional query parameter that must be an ObjectId when given. */
  public static String queryObjectId(RoutingContext ctx, String name) {
    String value = query(ctx, name, 64);
    if (value != null && !Ids.isObjectId(value)) {
      throw ConsoleException.badRequest("The " + name + " filter must be an id of 24 hexadecimal digits.");
    }
    return value;
  }

  /** An optional integer query parameter within bounds, else {@code fallback}. */
  public static int queryInt(RoutingContext ctx, String name, int fallback, int min, int max) {
    String value = query(ctx, name, 12);
    if (value == null) {
      return fallback;
    }
    Integer number = parseInt(value);
    if (number != null && number >= min && number <= max) {
      return number;
    }
    throw ConsoleException.badRequest("The " + name + " parameter must be a whole number from " + min + " to "
        + max + ".");
  }

  /** A form field as sent, or null. */
  public static String form(RoutingContext ctx, String name) {
    return ctx.request().getFormAttribute(name);
  }

  private static Integer parseInt(String value) {
    if (value == null || value.isEmpty() || value.length() > 10) {
      return null;
    }
    try {
      return Integer.valueOf(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
