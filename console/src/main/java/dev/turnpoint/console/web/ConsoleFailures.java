package dev.turnpoint.console.web;

import dev.turnpoint.service.ServiceException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become pages, and the one place they are logged. Service failures keep their meaning
 * ({@link FailureStatus}): NOT_FOUND (also another team's entity) is 404, CONFLICT 409, INVALID 422; only unexpected
 * failures are logged, and their details never reach the page.
 */
public final class ConsoleFailures implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleFailures.class);

  private final PageResponder pages;

  public ConsoleFailures(PageResponder pages) {
    this.pages = pages;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ErrorPage page = describe(ctx);
    if (page.status() >= 500) {
      String runId = ctx.pathParam("runId");
      LOG.error("{} {} failed{}", ctx.request().method(), ctx.request().path(),
          runId == null ? "" : " (run " + runId + ")", ctx.failure());
    }
    pages.page(ctx, page.status(), page.heading(), Section.NONE, "layout/error.jte", page);
  }

  private static ErrorPage describe(RoutingContext ctx) {
    boolean signedIn = ctx.session() != null && ConsoleSession.viewer(ctx).isPresent();
    Throwable failure = ctx.failure();
    if (failure instanceof ConsoleException console) {
      return new ErrorPage(console.status(), heading(console.status()), console.getMessage(), signedIn);
    }
    if (failure instanceof ServiceException service) {
      return serviceFailure(service, signedIn);
    }
    if (failure != null && failure.getCause() instanceof ServiceException service) {
      return serviceFailure(service, signedIn);
    }
    int status = failure == null && ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
    return new ErrorPage(status, heading(status), defaultMessage(status), signedIn);
  }

  private static ErrorPage serviceFailure(ServiceException failure, boolean signedIn) {
    int status = FailureStatus.of(failure.code());
    String message = status >= 500 ? defaultMessage(status) : failure.getMessage();
    return new ErrorPage(status, heading(status), message, signedIn);
  }

  private static String heading(int status) {
    return switch (status) {
      case 400, 422 -> "That did not work";
      case 401 -> "Please sign in";
      case 403 -> "Not allowed";
      case 404 -> "Not found";
      case 405 -> "Not allowed";
      case 409 -> "Not possible right now";
      case 413 -> "Too large";
      case 503 -> "Temporarily unavailable";
      default -> status >= 500 ? "Something went wrong" : "That did not work";
    };
  }

  private static String defaultMessage(int status) {
    return switch (status) {
      case 404 -> "There is no such page, or it belongs to another team.";
      case 405 -> "This page cannot be used that way.";
      case 413 -> "What you sent is larger than the console accepts.";
      case 503 -> "A Turnpoint service is not answering right now. Try again in a moment.";
      default -> status >= 500 ? "The console could not complete this request. It has been logged."
          : "The request could not be understood.";
    };
  }
}
