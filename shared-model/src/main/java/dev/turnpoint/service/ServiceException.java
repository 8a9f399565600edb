package dev.turnpoint.service;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/** The failure of a Turnpoint service call, local or over the event bus. */
public class ServiceException extends ReplyException {

  private final FailureCode failureCode;

  public ServiceException(FailureCode failureCode, String message) {
    super(ReplyFailure.RECIPIENT_FAILURE, failureCode.code(), message);
    this.failureCode = failureCode;
  }

  public FailureCode code() {
    return failureCode;
  }

  public static ServiceException notFound(String message) {
    return new ServiceException(FailureCode.NOT_FOUND, message);
  }

  public static ServiceException conflict(String message) {
    return new ServiceException(FailureCode.CONFLICT, message);
  }

  public static ServiceException invalid(String message) {
    return new ServiceException(FailureCode.INVALID, message);
  }

  public static ServiceException outOfRange(String message) {
    return new ServiceException(FailureCode.OUT_OF_RANGE, message);
  }

  public static ServiceException unavailable(String message) {
    return new ServiceException(FailureCode.UNAVAILABLE, message);
  }

  /** The failure as a ServiceException: itself, a reply failure from the event bus, or anything else as INTERNAL. */
  public static ServiceException from(Throwable failure) {
    if (failure instanceof ServiceException service) {
      return service;
    }
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case RECIPIENT_FAILURE -> new ServiceException(FailureCode.fromCode(reply.failureCode()), reply.getMessage());
        case TIMEOUT -> unavailable("the service did not answer in time");
        case NO_HANDLERS -> unavailable("the service is not running");
        default -> new ServiceException(FailureCode.INTERNAL, String.valueOf(reply.getMessage()));
      };
    }
    return new ServiceException(FailureCode.INTERNAL, String.valueOf(failure.getMessage()));
  }
}
