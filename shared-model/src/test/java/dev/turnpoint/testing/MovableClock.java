package dev.turnpoint.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until the test moves it forward. Code that measures ages or expiries on a clock
 * it is given (the stale-run reaper, say) is tested by moving time instead of sleeping through it. Safe to read from
 * an event loop while the test thread moves it; every {@link #withZone} view shares the same time.
 */
public final class MovableClock extends Clock {

  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MovableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock in UTC that reads {@code start} until it is moved. */
  public static MovableClock startingAt(Instant start) {
    return new MovableClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /** A clock in UTC that reads the system time of this call until it is moved. */
  public static MovableClock startingNow() {
    return startingAt(Instant.now());
  }

  /** Moves the time forward by {@code step} (never back) and answers the new time. */
  public Instant advance(Duration step) {
    Objects.requireNonNull(step, "step");
    if (step.isNegative()) {
      throw new IllegalArgumentException("a movable clock only moves forward: " + step);
    }
    return now.updateAndGet(instant -> instant.plus(step));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId other) {
    return new MovableClock(now, Objects.requireNonNull(other, "zone"));
  }
}
