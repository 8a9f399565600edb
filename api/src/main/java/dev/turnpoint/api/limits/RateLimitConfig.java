package dev.turnpoint.api.limits;

import io.vertx.core.json.JsonObject;

/**
 * How fast clients may send requests, read once from the api slice. A rate of 0 turns that limit off.
 *
 * @param perKey          requests per second each API key may send, sustained ({@code rate_limit_per_key})
 * @param perKeyBurst     requests a key may send at once after a quiet spell ({@code rate_limit_per_key_burst})
 * @param perAddress      requests per second each client address may send without a valid key: the docs, the
 *                        OpenAPI document, and requests whose key is missing or wrong ({@code rate_limit_per_address})
 * @param perAddressBurst requests without a valid key an address may send at once
 *                        ({@code rate_limit_per_address_burst})
 * @param trackedClients  how many keys, and separately how many addresses, are remembered at most; the one idle
 *                        the longest is forgotten first ({@code rate_limit_tracked_clients})
 */
public record RateLimitConfig(double perKey, int perKeyBurst, double perAddress, int perAddressBurst,
                              int trackedClients) {

  public static final RateLimitConfig DEFAULTS = new RateLimitConfig(50, 200, 10, 50, 10_000);

  public RateLimitConfig {
    requireRate("rate_limit_per_key", perKey, perKeyBurst);
    requireRate("rate_limit_per_address", perAddress, perAddressBurst);
    if (trackedClients < 1) {
      throw new IllegalArgumentException("rate_limit_tracked_clients must be positive, not " + trackedClients);
    }
  }

  public static RateLimitConfig from(JsonObject slice) {
    return new RateLimitConfig(
        slice.getDouble("rate_limit_per_key", DEFAULTS.perKey()),
        slice.getInteger("rate_limit_per_key_burst", DEFAULTS.perKeyBurst()),
        slice.getDouble("rate_limit_per_address", DEFAULTS.perAddress()),
        slice.getInteger("rate_limit_per_address_burst", DEFAULTS.perAddressBurst()),
        slice.getInteger("rate_limit_tracked_clients", DEFAULTS.trackedClients()));
  }

  private static void requireRate(String key, double perSecond, int burst) {
    if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException(key + " must be 0 (off) or a positive number, not " + perSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException(key + "_burst must be at least 1, not " + burst);
    }
  }
}
