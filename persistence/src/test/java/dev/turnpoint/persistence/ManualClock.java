package dev.turnpoint.persistence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, for the run store's leases: a test of lease expiry moves it past
 * the expiry instead of sleeping, so it neither waits nor depends on how busy the machine is. The store reads it on
 * its event loop while the test moves it, so it is safe to share between threads. It runs in UTC.
 */
public final class ManualClock extends Clock {

  private final AtomicReference<Instant> now;

  /** A clock standing at the current time. */
  public ManualClock() {
    this.now = new AtomicReference<>(Instant.now());
  }

  /** Moves the clock forward by {@code amount}. */
  public void advance(Duration amount) {
    now.updateAndGet(instant -> instant.plus(amount));
  }

  /** Moves the clock forward by {@code millis} milliseconds. */
  public void advanceMillis(long millis) {
    advance(Duration.ofMillis(millis));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (!ZoneOffset.UTC.equals(zone)) {
      throw new UnsupportedOperationException("a manual clock runs in UTC");
    }
    return this;
  }
}
