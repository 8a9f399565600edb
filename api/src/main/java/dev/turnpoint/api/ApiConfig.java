package dev.turnpoint.api;

import dev.turnpoint.api.http.JsonBodyParser;
import dev.turnpoint.api.limits.ConnectionLimits;
import dev.turnpoint.api.limits.RateLimitConfig;
import dev.turnpoint.model.validation.WorkflowLimits;
import io.vertx.core.json.JsonObject;

/**
 * The api verticle's slice of the configuration, read once with explicit defaults.
 *
 * @param httpPort          port to listen on; 0 picks a free one (tests)
 * @param host              interface to bind
 * @param bodyLimitBytes    largest accepted request body; bigger ones answer 413
 * @param maxJsonDepth      how deep a request body may nest objects and arrays; deeper ones answer 422
 * @param publicUrl         the URL clients reach this service at (behind a gateway, say), without a trailing slash;
 *                          null derives it from host and port
 * @param apiKeyCacheMillis how long a checked key is trusted before it is checked again, so a revoked key stops
 *                          working within this time everywhere
 * @param turnTimeoutMillis how long a request waits for the engine to finish a turn (LLM calls included) before it
 *                          answers 503
 * @param rateLimits        how fast keys and addresses may send requests
 * @param connections       how much of the server clients may hold with their connections
 * @param workflowLimits    how large a workflow graph may be; larger ones answer 422
 */
public record ApiConfig(int httpPort, String host, long bodyLimitBytes, int maxJsonDepth, String publicUrl,
                        long apiKeyCacheMillis, long turnTimeoutMillis, RateLimitConfig rateLimits,
                        ConnectionLimits connections, WorkflowLimits workflowLimits) {

  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final long DEFAULT_BODY_LIMIT_BYTES = 5L * 1024 * 1024;
  public static final long DEFAULT_API_KEY_CACHE_MILLIS = 5_000;
  public static final long DEFAULT_TURN_TIMEOUT_MILLIS = 120_000;

  public ApiConfig {
    if (httpPort < 0 || httpPort > 65_535) {
      throw new IllegalArgumentException("http_port must be between 0 and 65535, not " + httpPort);
    }
    if (bodyLimitBytes < 1) {
      throw new IllegalArgumentException("body_limit_bytes must be positive, not " + bodyLimitBytes);
    }
    if (maxJsonDepth < 1 || maxJsonDepth > JsonBodyParser.MAX_CONFIGURABLE_DEPTH) {
      throw new IllegalArgumentException("max_json_depth must be between 1 and "
          + JsonBodyParser.MAX_CONFIGURABLE_DEPTH + ", not " + maxJsonDepth);
    }
    if (apiKeyCacheMillis < 0) {
      throw new IllegalArgumentException("api_key_cache_millis must not be negative");
    }
    if (turnTimeoutMillis < 1) {
      throw new IllegalArgumentException("turn_timeout_millis must be positive");
    }
    if (publicUrl != null) {
      publicUrl = publicUrl.replaceAll("/+$", "");
    }
  }

  public static ApiConfig from(JsonObject config) {
    JsonObject slice = config == null ? new JsonObject() : config;
    return new ApiConfig(
        slice.getInteger("http_port", DEFAULT_HTTP_PORT),
        slice.getString("host", DEFAULT_HOST),
        slice.getLong("body_limit_bytes", DEFAULT_BODY_LIMIT_BYTES),
        slice.getInteger("max_json_depth", JsonBodyParser.DEFAULT_MAX_DEPTH),
        blankToNull(slice.getString("public_url")),
        slice.getLong("api_key_cache_millis", DEFAULT_API_KEY_CACHE_MILLIS),
        slice.getLong("turn_timeout_millis", DEFAULT_TURN_TIMEOUT_MILLIS),
        RateLimitConfig.from(slice),
        ConnectionLimits.from(slice),
        WorkflowLimits.from(slice));
  }

  /** The configured public URL, or one built from the bound host and port (a wildcard host means this machine). */
  public String publicBaseUrl(int boundPort) {
    if (publicUrl != null) {
      return publicUrl;
    }
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    String reachableHost = wildcard ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
    return "http://" + reachableHost + ":" + boundPort;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
