package dev.turnpoint.api.limits;

import io.vertx.core.json.JsonObject;

/**
 * How much of the server clients may hold with their connections, read once from the api slice.
 *
 * @param maxConnections           open connections at most; more are closed as soon as they open
 *                                 ({@code max_connections})
 * @param idleTimeoutSeconds       an answer the client takes none of for this long (it stopped reading) closes its
 *                                 connection ({@code idle_timeout_seconds}). Not counted while the server works on
 *                                 a request: a turn may take as long as the engine allows
 * @param requestReadTimeoutMillis how long a client has to send a whole request, headers and body, counted from
 *                                 when its connection opened or its previous answer went out; so also how long a
 *                                 silent or idle keep-alive connection stays open ({@code request_read_timeout_millis})
 * @param maxHeaderBytes           largest request head (all headers together); bigger ones answer 431
 *                                 ({@code max_header_bytes})
 * @param maxInitialLineBytes      longest request line (method, path and query); longer ones answer 414
 *                                 ({@code max_initial_line_bytes})
 * @param maxAnswerBytesInFlight   bytes of large answers (over 64 KB) being sent at once, all connections together;
 *                                 a large answer that would pass it answers 503 with {@code Retry-After}
 *                                 ({@code max_answer_bytes_in_flight})
 */
public record ConnectionLimits(int maxConnections, int idleTimeoutSeconds, long requestReadTimeoutMillis,
                               int maxHeaderBytes, int maxInitialLineBytes, long maxAnswerBytesInFlight) {

  public static final ConnectionLimits DEFAULTS = new ConnectionLimits(1000, 60, 30_000, 8192, 4096,
      64L * 1024 * 1024);

  public ConnectionLimits {
    positive("max_connections", maxConnections);
    positive("idle_timeout_seconds", idleTimeoutSeconds);
    positive("request_read_timeout_millis", requestReadTimeoutMillis);
    positive("max_header_bytes", maxHeaderBytes);
    positive("max_initial_line_bytes", maxInitialLineBytes);
    positive("max_answer_bytes_in_flight", maxAnswerBytesInFlight);
  }

  public static ConnectionLimits from(JsonObject slice) {
    return new ConnectionLimits(
        slice.getInteger("max_connections", DEFAULTS.maxConnections()),
        slice.getInteger("idle_timeout_seconds", DEFAULTS.idleTimeoutSeconds()),
        slice.getLong("request_read_timeout_millis", DEFAULTS.requestReadTimeoutMillis()),
        slice.getInteger("max_header_bytes", DEFAULTS.maxHeaderBytes()),
        slice.getInteger("max_initial_line_bytes", DEFAULTS.maxInitialLineBytes()),
        slice.getLong("max_answer_bytes_in_flight", DEFAULTS.maxAnswerBytesInFlight()));
  }

  private static void positive(String key, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be positive, not " + value);
    }
  }
}
