package dev.turnpoint.api.limits;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A {@link TokenBucket} for each client (an API key, or an address) in a map of bounded size. When the map is full,
 * the client idle the longest is forgotten; a forgotten client starts again with a full bucket, so forgetting can
 * only be generous, never refuse anyone wrongly, and memory stays bounded however many clients there are. A rate of
 * 0 lets everything through and tracks nobody.
 *
 * <p>Not thread-safe: each api verticle instance has its own, used on its event loop.
 */
public final class ClientBuckets {

  private final double perSecond;
  private final int burst;
  private final LongSupplier clock;
  private final Map<String, TokenBucket> buckets;

  public ClientBuckets(double perSecond, int burst, int maxClients, LongSupplier clock) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
        return size() > maxClients;
      }
    };
  }

  /** Takes one request's token from the client: 0 when it may go on, else the nanoseconds until it may. */
  public long take(String client) {
    if (perSecond == 0) {
      return 0;
    }
    long now = clock.getAsLong();
    return buckets.computeIfAbsent(client, ignored -> new TokenBucket(perSecond, burst, now)).take(now);
  }

  /** Like {@link #take} but takes nothing: 0 when the client has a token left. */
  public long timeToToken(String client) {
    if (perSecond == 0) {
      return 0;
    }
    TokenBucket bucket = buckets.get(client);
    return bucket == null ? 0 : bucket.timeToToken(clock.getAsLong());
  }

  /** How many clients are tracked now. */
  public int tracked() {
    return buckets.size();
  }
}
