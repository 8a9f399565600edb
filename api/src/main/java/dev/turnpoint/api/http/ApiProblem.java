package dev.turnpoint.api.http;

import io.vertx.core.json.JsonObject;

/**
 * An answer the api itself decides on (not a service failure): a status, the {@code detail} and, when given, more
 * fields for the error body (e.g. the list of graph rules broken).
 */
public class ApiProblem extends RuntimeException {

  private final int status;
  private final JsonObject extra;

  public ApiProblem(int status, String detail) {
    this(status, detail, new JsonObject());
  }

  public ApiProblem(int status, String detail, JsonObject extra) {
    super(detail, null, false, false);
    this.status = status;
    this.extra = extra;
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
}
