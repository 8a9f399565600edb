package dev.turnpoint.api.http;

import io.vertx.core.json.JsonObject;

/**
 * An answer the api itself decides on (not a service failure): a status, the {@code detail} and, when given, more
 * fields for the error body (e.g. the list of graph rules broken) and how long to wait before retrying.
 */
public class ApiProblem extends RuntimeException {

  private final int status;
  private final JsonObject extra;
  private final long retryAfterSeconds;

  public ApiProblem(int status, String detail) {
    this(status, detail, new JsonObject());
  }

  public ApiProblem(int status, String detail, JsonObject extra) {
    this(status, detail, extra, 0);
  }

  private ApiProblem(int status, String detail, JsonObject extra, long retryAfterSeconds) {
    super(detail, null, false, false);
    this.status = status;
    this.extra = extra;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** A refusal the client may retry after {@code seconds} (answered as {@code Retry-After}). */
  public static ApiProblem retryLater(int status, String detail, long seconds) {
    return new ApiProblem(status, detail, new JsonObject(), seconds);
  }

  public static ApiProblem forbidden(String detail) {
    return new ApiProblem(403, detail);
  }

  public int status() {
    return status;
  }

  public JsonObject extra() {
    return extra;
  }

  /** How long the client should wait before retrying; 0 when retrying does not help. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
