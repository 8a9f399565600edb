package dev.turnpoint.api.http;

import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.ServiceException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every error body of the API and is the one place errors are logged. Bodies follow FastAPI:
 * {@code {"detail": "..."}}, or for 422 {@code {"detail": [{loc, msg, type}]}}. Internal failures are logged with
 * their stack trace and answered without one.
 */
public final class ApiFailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ApiFailureHandler.class);

  private final long bodyLimitBytes;

  public ApiFailureHandler(long bodyLimitBytes) {
    this.bodyLimitBytes = bodyLimitBytes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    respond(ctx, ctx.statusCode());
  }

  /**
   * For the router's own refusals ({@link io.vertx.ext.web.Router#errorHandler}): the router does not record them
   * on the context, so the status is the one the handler was registered for.
   */
  public Handler<RoutingContext> refusal(int status) {
    return ctx -> respond(ctx, ctx.failure() == null && ctx.statusCode() < 400 ? status : ctx.statusCode());
  }

  private void respond(RoutingContext ctx, int statusCode) {
    Throwable failure = ctx.failure();
    ErrorAnswer answer = answer(statusCode, failure);
    log(ctx, answer, failure);
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Part of a success was already sent: the client can only learn of the failure by the connection closing.
      response.reset();
      return;
    }
    response.setStatusCode(answer.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    // Refusals the router makes before any route (a malformed URI, say) have not passed the header handlers.
    SecurityHeaders.noSniff(response);
    if (answer.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    if (failure instanceof ApiProblem problem && problem.retryAfterSeconds() > 0) {
      response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(problem.retryAfterSeconds()));
    }
    AnswerWriter.endError(ctx, answer.body().toBuffer());
  }

  private ErrorAnswer answer(int statusCode, Throwable failure) {
    if (failure instanceof RequestValidationException invalid) {
      return new ErrorAnswer(422, invalid.toJson());
    }
    if (failure instanceof ApiProblem problem) {
      return new ErrorAnswer(problem.status(), detail(problem.getMessage()).mergeIn(problem.extra()));
    }
    if (failure instanceof ReplyException reply) {
      ServiceException service = ServiceException.from(reply);
      int status = FailureStatus.of(service.code());
      String message = service.code() == FailureCode.INTERNAL ? reason(500) : service.getMessage();
      return new ErrorAnswer(status, detail(message));
    }
    if (failure instanceof HttpException http) {
      return plain(http.getStatusCode());
    }
    if (statusCode >= 400 && statusCode < 500) {
      // Refusals by the router itself: no route (404), wrong method (405), an undecodable query string (400), ...
      return plain(statusCode);
    }
    return plain(500);
  }

  private ErrorAnswer plain(int status) {
    String message = switch (status) {
      case 401 -> "Not authenticated";
      case 413 -> "Request body is larger than " + bodyLimitBytes + " bytes";
      case 415 -> "Content-Type must be application/json";
      default -> reason(status);
    };
    return new ErrorAnswer(status, detail(message));
  }

  private static String reason(int status) {
    return HttpResponseStatus.valueOf(status).reasonPhrase();
  }

  private static JsonObject detail(String message) {
    return new JsonObject().put("detail", message);
  }

  private static void log(RoutingContext ctx, ErrorAnswer answer, Throwable failure) {
    String method = ctx.request().method().name();
    String path = ctx.request().path();
    if (answer.status() >= 500 && failure instanceof ApiProblem) {
      // The api's own decision (busy, say): worth a line, not a stack trace.
      LOG.warn("{} {} answered {}: {}", method, path, answer.status(), failure.getMessage());
    } else if (answer.status() >= 500) {
      LOG.error("{} {} answered {}", method, path, answer.status(), failure);
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("{} {} answered {}: {}", method, path, answer.status(), answer.body().encode());
    }
  }

  private record ErrorAnswer(int status, JsonObject body) {
  }
}
