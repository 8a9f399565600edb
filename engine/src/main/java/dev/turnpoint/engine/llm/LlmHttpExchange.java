package dev.turnpoint.engine.llm;

import dev.turnpoint.engine.http.OutboundClient;
import dev.turnpoint.engine.http.OutboundRefusedException;
import dev.turnpoint.model.workflow.LlmConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The HTTP exchange every remote LLM provider shares: one JSON {@code POST} through the {@link OutboundClient}, a
 * per-attempt timeout ({@code request_timeout_ms}, else the engine's default), and retries of HTTP 429, 5xx and
 * connection failures {@code max_retries} times with exponential back-off (honouring a numeric {@code Retry-After}).
 * Other 4xx answers and timeouts are not retried.
 *
 * <p>Only a {@link Target#trusted() trusted} target, a URL the server's own configuration names, skips the outbound
 * check. A target the policy refuses, or a URL that is not an absolute http(s) one, fails with a configuration error,
 * which no retry can fix. Everything runs on the Vert.x client, so no call blocks an event loop.
 */
public final class LlmHttpExchange {

  private static final int ERROR_EXCERPT = 300;

  private final Vertx vertx;
  private final OutboundClient outbound;
  private final long defaultTimeoutMs;
  private final long retryBaseDelayMs;
  private final long retryMaxDelayMs;

  public LlmHttpExchange(Vertx vertx, OutboundClient outbound, long defaultTimeoutMs, long retryBaseDelayMs,
                         long retryMaxDelayMs) {
    this.vertx = vertx;
    this.outbound = outbound;
    this.defaultTimeoutMs = defaultTimeoutMs;
    this.retryBaseDelayMs = retryBaseDelayMs;
    this.retryMaxDelayMs = retryMaxDelayMs;
  }

  /**
   * Where a call goes.
   *
   * @param url     the absolute URL, query included
   * @param trusted whether the server's own configuration named it (then it is not checked against the policy)
   */
  public record Target(String url, boolean trusted) {
  }

  /**
   * Posts {@code body} to {@code target} with {@code config}'s timeout and retries; {@code headers} sets the
   * request's headers and runs again for every attempt (a signature can carry the attempt's time). Content-Type is
   * {@code application/json}.
   */
  public Future<JsonObject> post(Target target, LlmConfig config, Buffer body, Consumer<HttpRequest<Buffer>> headers) {
    long timeout = config.requestTimeoutMs != null && config.requestTimeoutMs > 0
        ? config.requestTimeoutMs : defaultTimeoutMs;
    return attempt(target, body, headers, timeout, Math.max(0, config.maxRetries), 0);
  }

  private Future<JsonObject> attempt(Target target, Buffer body, Consumer<HttpRequest<Buffer>> headers, long timeout,
                                     int maxRetries, int attempt) {
    String url = target.url();
    Consumer<HttpRequest<Buffer>> prepare = http -> {
      http.timeout(timeout).putHeader("Content-Type", "application/json");
      headers.accept(http);
    };
    Function<HttpRequest<Buffer>, Future<HttpResponse<Buffer>>> send = http -> http.sendBuffer(body);
    Future<HttpResponse<Buffer>> sent = target.trusted()
        ? outbound.sendTrusted(HttpMethod.POST, url, prepare, send)
        : outbound.send(HttpMethod.POST, url, prepare, send);
    return sent.transform(done -> {
      if (done.failed()) {
        Throwable cause = done.cause();
        boolean badTarget = cause instanceof IllegalArgumentException && !target.trusted();
        if (cause instanceof OutboundRefusedException || badTarget) {
          return Future.failedFuture(LlmException.configuration(
              "cannot call the LLM at " + url + ": " + cause.getMessage()));
        }
        if (cause instanceof TimeoutException) {
          return Future.failedFuture(LlmException.unavailable(
              "the LLM at " + url + " did not answer within " + timeout + " ms", cause));
        }
        if (attempt < maxRetries) {
          return retryLater(attempt, null)
              .compose(v -> attempt(target, body, headers, timeout, maxRetries, attempt + 1));
        }
        return Future.failedFuture(LlmException.unavailable(
            "cannot reach the LLM at " + url + ": " + cause.getMessage(), cause));
      }
      HttpResponse<Buffer> response = done.result();
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return parseJson(response, url);
      }
      boolean retryable = status == 429 || status >= 500;
      if (retryable && attempt < maxRetries) {
        return retryLater(attempt, response.getHeader("Retry-After"))
            .compose(v -> attempt(target, body, headers, timeout, maxRetries, attempt + 1));
      }
      return Future.failedFuture(LlmException.unavailable("the LLM at " + url + " answered HTTP " + status
          + " after " + (attempt + 1) + " attempt(s): " + excerpt(response.bodyAsString()), null));
    });
  }

  private Future<Void> retryLater(int attempt, String retryAfter) {
    long delay = Math.min(retryMaxDelayMs, retryBaseDelayMs << Math.min(attempt, 20));
    if (retryAfter != null && !retryAfter.isEmpty() && retryAfter.chars().allMatch(Character::isDigit)) {
      delay = Math.min(retryMaxDelayMs, Long.parseLong(retryAfter) * 1000);
    }
    return delay <= 0 ? Future.succeededFuture() : vertx.timer(delay).mapEmpty();
  }

  private static Future<JsonObject> parseJson(HttpResponse<Buffer> response, String url) {
    try {
      JsonObject json = response.bodyAsJsonObject();
      if (json == null) {
        return Future.failedFuture(LlmException.unavailable("the LLM at " + url + " answered an empty body", null));
      }
      return Future.succeededFuture(json);
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(LlmException.unavailable(
          "the LLM at " + url + " answered something other than JSON: " + excerpt(response.bodyAsString()), e));
    }
  }

  /** At most the first few hundred characters of a provider's answer, for error messages. */
  static String excerpt(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= ERROR_EXCERPT ? text : text.substring(0, ERROR_EXCERPT) + "…";
  }
}
