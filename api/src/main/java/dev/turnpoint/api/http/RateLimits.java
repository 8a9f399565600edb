package dev.turnpoint.api.http;

import dev.turnpoint.api.limits.ClientBuckets;
import dev.turnpoint.api.limits.RateLimitConfig;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.function.LongSupplier;

/**
 * The api's request rate limits: one token bucket per API key for requests with a valid key, and one per client
 * address for everything else (public pages and requests whose key is missing or wrong), so guessing keys and
 * flooding the docs are slow while a team's own traffic is limited only by its key. A request over its limit is
 * answered 429 with {@code Retry-After}. IPv6 clients are counted by their /64 network, which one host usually owns
 * whole. Behind a proxy every client shares the proxy's address: raise or turn off the address limit there.
 */
public final class RateLimits {

  private static final String ADDRESS_OVER = "Too many requests without a valid API key from this address";

  private final ClientBuckets keys;
  private final ClientBuckets addresses;

  public RateLimits(RateLimitConfig config, LongSupplier clock) {
    this.keys = new ClientBuckets(config.perKey(), config.perKeyBurst(), config.trackedClients(), clock);
    this.addresses = new ClientBuckets(config.perAddress(), config.perAddressBurst(), config.trackedClients(),
        clock);
  }

  /** Counts a request made with a valid key; null when it may go on, else the 429 to answer. */
  public ApiProblem takeForKey(String keyId) {
    return refusal(keys.take(keyId), "Too many requests for this API key");
  }

  /** Counts a request made without a valid key; null when it may go on, else the 429 to answer. */
  public ApiProblem takeForAddress(HttpServerRequest request) {
    return refusal(addresses.take(client(request)), ADDRESS_OVER);
  }

  /** Whether the request's address has used up its allowance, so that a key it sends is not even looked up. */
  public ApiProblem exhaustedForAddress(HttpServerRequest request) {
    return refusal(addresses.timeToToken(client(request)), ADDRESS_OVER);
  }

  /** For routes served without a key: each request counts against its address. */
  public Handler<RoutingContext> publicAccess() {
    return ctx -> {
      ApiProblem refused = takeForAddress(ctx.request());
      if (refused == null) {
        ctx.next();
      } else {
        ctx.fail(refused);
      }
    };
  }

  private static ApiProblem refusal(long waitNanos, String detail) {
    if (waitNanos == 0) {
      return null;
    }
    long seconds = Math.max(1, (waitNanos + 999_999_999) / 1_000_000_000);
    return ApiProblem.retryLater(429, detail + "; retry after " + seconds + " s", seconds);
  }

  /** The address a client is counted by: an IPv4 address, or an IPv6 address's /64 network. */
  private static String client(HttpServerRequest request) {
    SocketAddress remote = request.remoteAddress();
    String host = remote == null ? null : remote.hostAddress();
    if (host == null) {
      return "unknown";
    }
    if (!host.contains(":")) {
      return host;
    }
    try {
      byte[] address = InetAddress.getByName(host).getAddress();
      return address.length == 16 ? HexFormat.of().formatHex(address, 0, 8) + "::/64" : host;
    } catch (UnknownHostException notALiteral) {
      return host;
    }
  }
}
