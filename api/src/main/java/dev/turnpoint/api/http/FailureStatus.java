package dev.turnpoint.api.http;

import dev.turnpoint.service.FailureCode;

/** The one mapping from a service {@link FailureCode} to the HTTP status a client sees. */
public final class FailureStatus {

  private FailureStatus() {
  }

  public static int of(FailureCode code) {
    return switch (code) {
      case INVALID, OUT_OF_RANGE -> 400;
      case UNAUTHENTICATED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case UNAVAILABLE -> 503;
      case INTERNAL -> 500;
    };
  }
}
