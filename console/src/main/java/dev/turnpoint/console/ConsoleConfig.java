package dev.turnpoint.console;

import dev.turnpoint.console.web.SiteOrigin;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The console's slice of the configuration, parsed once; {@link ConsoleVerticle} lists the keys and their defaults.
 *
 * @param httpPort              port to listen on; 0 picks a free one (tests)
 * @param host                  interface to bind
 * @param secureCookies         mark cookies {@code Secure}; on whenever the console is reached over HTTPS
 * @param publicOrigin          the origin browsers reach the console at when that is not what its requests say (behind
 *                              a proxy), normalized; null when they agree
 * @param trustForwardedHeaders take the client's address, scheme and host from {@code X-Forwarded-*} headers
 * @param sessions              how many sessions are kept, and for how long
 * @param signIn                how failed sign-ins are throttled
 * @param connections           limits on the HTTP connections
 * @param devTemplatesDir       directory of the {@code .jte} sources to compile and hot-reload; null serves the
 *                              templates precompiled into the jar
 */
public record ConsoleConfig(int httpPort, String host, boolean secureCookies, String publicOrigin,
                            boolean trustForwardedHeaders, Sessions sessions, SignIn signIn, Connections connections,
                            String devTemplatesDir) {

  public static final int DEFAULT_HTTP_PORT = 8081;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final double DEFAULT_SESSION_TIMEOUT_MINUTES = 60;
  public static final int DEFAULT_MAX_SESSIONS = 10_000;
  public static final long DEFAULT_KEY_CHECK_INTERVAL_MS = 1_000;
  public static final int DEFAULT_SIGN_IN_MAX_FAILURES = 5;
  public static final int DEFAULT_SIGN_IN_FAILURE_WINDOW_SECONDS = 60;
  public static final int DEFAULT_SIGN_IN_TRACKED_ADDRESSES = 10_000;
  public static final int DEFAULT_MAX_CONNECTIONS = 1_000;
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
  public static final int DEFAULT_MAX_HEADER_SIZE_BYTES = 8_192;
  public static final int DEFAULT_MAX_INITIAL_LINE_LENGTH = 4_096;

  /**
   * @param idleTimeout      a session that sees no request for this long is gone
   * @param maxSessions      the most sessions kept at once, a tenth of them for anonymous ones; one more evicts the
   *                         least recently used of its kind
   * @param keyCheckInterval how long the answer "this session's API key is not revoked" is trusted before the key
   *                         store is asked again; zero asks on every request
   */
  public record Sessions(Duration idleTimeout, int maxSessions, Duration keyCheckInterval) {
    public Sessions {
      if (idleTimeout.isNegative() || idleTimeout.isZero()) {
        throw new IllegalArgumentException("console session_timeout_minutes must be positive");
      }
      if (maxSessions < 2) {
        throw new IllegalArgumentException("console max_sessions must be at least 2");
      }
      if (keyCheckInterval.isNegative()) {
        throw new IllegalArgumentException("console key_check_interval_ms must not be negative");
      }
    }
  }

  /**
   * @param maxFailures      failed sign-ins one client address may make within {@code failureWindow}; then it must wait
   * @param failureWindow    the window the failures are counted in
   * @param trackedAddresses the most client addresses whose failures are remembered at once
   */
  public record SignIn(int maxFailures, Duration failureWindow, int trackedAddresses) {
    public SignIn {
      if (maxFailures < 1) {
        throw new IllegalArgumentException("console sign_in_max_failures must be at least 1");
      }
      if (failureWindow.isNegative() || failureWindow.isZero()) {
        throw new IllegalArgumentException("console sign_in_failure_window_seconds must be positive");
      }
      if (trackedAddresses < 1) {
        throw new IllegalArgumentException("console sign_in_tracked_addresses must be at least 1");
      }
    }
  }

  /**
   * @param maxConnections       connections open at once; one more is closed as soon as it is accepted
   * @param idleTimeoutSeconds   a connection that sends and receives nothing for this long is closed; 0 never
   * @param maxHeaderSizeBytes   the most bytes of request headers (431 above)
   * @param maxInitialLineLength the longest request line (414 above)
   */
  public record Connections(int maxConnections, int idleTimeoutSeconds, int maxHeaderSizeBytes,
                            int maxInitialLineLength) {
    public Connections {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("console max_connections must be at least 1");
      }
      if (idleTimeoutSeconds < 0) {
        throw new IllegalArgumentException("console idle_timeout_seconds must not be negative");
      }
      if (maxHeaderSizeBytes < 1_024 || maxInitialLineLength < 256) {
        throw new IllegalArgumentException(
            "console max_header_size_bytes must be at least 1024 and max_initial_line_length at least 256");
      }
    }
  }

  public ConsoleConfig {
    if (httpPort < 0 || httpPort > 65_535) {
      throw new IllegalArgumentException("console http_port must be between 0 and 65535, not " + httpPort);
    }
  }

  /** Reads the slice; every key is optional (see {@link ConsoleVerticle} for their meaning and defaults). */
  public static ConsoleConfig fromJson(JsonObject json) {
    JsonObject config = json == null ? new JsonObject() : json;
    double minutes = config.getNumber("session_timeout_minutes", DEFAULT_SESSION_TIMEOUT_MINUTES).doubleValue();
    Sessions sessions = new Sessions(
        Duration.ofMillis(Math.round(minutes * 60_000)),
        config.getInteger("max_sessions", DEFAULT_MAX_SESSIONS),
        Duration.ofMillis(config.getLong("key_check_interval_ms", DEFAULT_KEY_CHECK_INTERVAL_MS)));
    SignIn signIn = new SignIn(
        config.getInteger("sign_in_max_failures", DEFAULT_SIGN_IN_MAX_FAILURES),
        Duration.ofSeconds(config.getInteger("sign_in_failure_window_seconds",
            DEFAULT_SIGN_IN_FAILURE_WINDOW_SECONDS)),
        config.getInteger("sign_in_tracked_addresses", DEFAULT_SIGN_IN_TRACKED_ADDRESSES));
    Connections connections = new Connections(
        config.getInteger("max_connections", DEFAULT_MAX_CONNECTIONS),
        config.getInteger("idle_timeout_seconds", DEFAULT_IDLE_TIMEOUT_SECONDS),
        config.getInteger("max_header_size_bytes", DEFAULT_MAX_HEADER_SIZE_BYTES),
        config.getInteger("max_initial_line_length", DEFAULT_MAX_INITIAL_LINE_LENGTH));
    String publicOrigin = config.getString("public_origin");
    String devTemplatesDir = config.getString("dev_templates_dir");
    return new ConsoleConfig(
        config.getInteger("http_port", DEFAULT_HTTP_PORT),
        config.getString("host", DEFAULT_HOST),
        config.getBoolean("secure_cookies", false),
        publicOrigin == null || publicOrigin.isBlank() ? null : SiteOrigin.parse(publicOrigin),
        config.getBoolean("trust_forwarded_headers", false),
        sessions,
        signIn,
        connections,
        devTemplatesDir == null || devTemplatesDir.isBlank() ? null : devTemplatesDir);
  }
}
