package dev.turnpoint.console;

import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The console's slice of the configuration.
 *
 * @param httpPort       port to listen on; 0 picks a free one (tests)
 * @param host           interface to bind
 * @param sessionTimeout how long a signed-in session lives without a request
 * @param secureCookies  mark cookies {@code Secure}; on whenever the console is reached over HTTPS
 * @param devTemplatesDir directory of the {@code .jte} sources to compile and hot-reload; null serves the templates
 *                       precompiled into the jar
 */
public record ConsoleConfig(int httpPort, String host, Duration sessionTimeout, boolean secureCookies,
                            String devTemplatesDir) {

  public static final int DEFAULT_HTTP_PORT = 8081;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final double DEFAULT_SESSION_TIMEOUT_MINUTES = 60;

  public ConsoleConfig {
    if (httpPort < 0 || httpPort > 65_535) {
      throw new IllegalArgumentException("console http_port must be between 0 and 65535, not " + httpPort);
    }
    if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
      throw new IllegalArgumentException("console session_timeout_minutes must be positive");
    }
  }

  /**
   * Reads the slice: {@code http_port}, {@code host}, {@code session_timeout_minutes} (fractions allowed, so tests can
   * expire sessions within seconds), {@code secure_cookies} and {@code dev_templates_dir}.
   */
  public static ConsoleConfig fromJson(JsonObject json) {
    JsonObject config = json == null ? new JsonObject() : json;
    double minutes = config.getNumber("session_timeout_minutes", DEFAULT_SESSION_TIMEOUT_MINUTES).doubleValue();
    String devTemplatesDir = config.getString("dev_templates_dir");
    return new ConsoleConfig(
        config.getInteger("http_port", DEFAULT_HTTP_PORT),
        config.getString("host", DEFAULT_HOST),
        Duration.ofMillis(Math.round(minutes * 60_000)),
        config.getBoolean("secure_cookies", false),
        devTemplatesDir == null || devTemplatesDir.isBlank() ? null : devTemplatesDir);
  }
}
