package dev.turnpoint.api.limits;

/**
 * One client's allowance: up to {@code burst} requests at once, refilled at {@code perSecond}. Time is passed in
 * (nanoseconds from one clock), so a bucket needs no timer and costs nothing while its client is quiet.
 */
final class TokenBucket {

  private final double perNano;
  private final double burst;
  private double tokens;
  private long refilledAt;

  TokenBucket(double perSecond, int burst, long now) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
    this.refilledAt = now;
  }

  /** Takes one request's token: 0 when there was one, else the nanoseconds until there is (nothing is taken). */
  long take(long now) {
    refill(now);
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return waitNanos();
  }

  /** The nanoseconds until a token is there, 0 when one is; takes nothing. */
  long timeToToken(long now) {
    refill(now);
    return tokens >= 1 ? 0 : waitNanos();
  }

  private long waitNanos() {
    return (long) Math.ceil((1 - tokens) / perNano);
  }

  private void refill(long now) {
    if (now > refilledAt) {
      tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
      refilledAt = now;
    }
  }
}
