package dev.turnpoint.engine.http;

import io.vertx.core.json.JsonObject;

/**
 * What an HTTP call gave: a response (any status) or, when there was none, an error.
 *
 * @param statusCode   the response status, null when the call failed
 * @param headers      response headers (first value of each)
 * @param body         the response body per the requested format, null when the call failed
 * @param error        why there was no response, else null
 * @param durationMs   wall time of the call
 * @param curlCommand  the request as a curl command line, credentials redacted
 */
public record HttpResult(Integer statusCode, JsonObject headers, Object body, String error, long durationMs,
                         String curlCommand) {

  public boolean success() {
    return statusCode != null && statusCode >= 200 && statusCode < 300;
  }

  /** The value stored in the result runtime variable: {@code {status_code, headers, body}} plus {@code error}. */
  public JsonObject toVariable() {
    JsonObject value = new JsonObject().put("status_code", statusCode).put("headers", headers).put("body", body);
    if (error != null) {
      value.put("error", error);
    }
    return value;
  }
}
