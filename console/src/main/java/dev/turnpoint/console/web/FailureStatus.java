package dev.turnpoint.console.web;

import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.ServiceException;

/**
 * The one map from a service's {@link FailureCode} to the HTTP status the console answers with, for error pages and
 * for pages that show a refused action in place alike. The switch names every code, so a new one cannot slip
 * through as a 500.
 */
public final class FailureStatus {

  private FailureStatus() {
  }

  public static int of(FailureCode code) {
    return switch (code) {
      case INVALID -> 422;
      case NOT_FOUND, OUT_OF_RANGE -> 404;
      case CONFLICT -> 409;
      case UNAVAILABLE -> 503;
      case UNAUTHENTICATED -> 401;
      case FORBIDDEN -> 403;
      case INTERNAL -> 500;
    };
  }

  /** The status of a failed service call; anything that is not a {@link ServiceException} is INTERNAL. */
  public static int of(Throwable failure) {
    return of(ServiceException.from(failure).code());
  }
}
