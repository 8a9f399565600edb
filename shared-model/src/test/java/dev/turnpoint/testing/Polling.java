package dev.turnpoint.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How tests wait for something that happens asynchronously (an event published, a turn stored, text streamed): ask
 * a probe again every interval until its answer is accepted, and fail with an {@link AssertionError} that names what
 * was awaited, and the last answer, once the timeout has passed. One way to wait, so that no test carries a loop of
 * its own with its own deadline arithmetic.
 *
 * <p>It blocks the calling thread, so call it from the test's thread, never on an event loop. A probe that throws
 * fails the wait at once: an error is not a "not yet".
 *
 * <pre>{@code
 * Polling.upTo(Duration.ofSeconds(5)).until("the fork is announced", () -> !events.isEmpty());
 * RunRecord run = Polling.upTo(Duration.ofSeconds(10)).every(Duration.ofMillis(25))
 *     .until("the run has two turns", () -> runs.getRun(team, id).await(), stored -> stored.turnCount() == 2);
 * }</pre>
 */
public final class Polling {

  /** How long to wait between two probes unless {@link #every} says otherwise. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(10);

  private final Duration timeout;
  private final Duration interval;

  private Polling(Duration timeout, Duration interval) {
    this.timeout = requireNotNegative(timeout, "timeout");
    this.interval = requireNotNegative(interval, "interval");
  }

  /** Waits at most {@code timeout}, probing every {@link #DEFAULT_INTERVAL}. */
  public static Polling upTo(Duration timeout) {
    return new Polling(timeout, DEFAULT_INTERVAL);
  }

  /** The same wait, probing every {@code interval} instead; {@link Duration#ZERO} probes again at once. */
  public Polling every(Duration interval) {
    return new Polling(timeout, interval);
  }

  /** Returns as soon as {@code condition} holds; fails once the timeout has passed without it holding. */
  public void until(String what, BooleanSupplier condition) {
    Objects.requireNonNull(condition, "condition");
    until(what, condition::getAsBoolean, Boolean::booleanValue);
  }

  /**
   * Answers the first answer of {@code probe} that {@code accepted} takes; fails, showing the last answer, once the
   * timeout has passed without one. The probe is asked at least once, however short the timeout.
   */
  public <T> T until(String what, Supplier<T> probe, Predicate<? super T> accepted) {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(accepted, "accepted");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T answer = probe.get();
      if (accepted.test(answer)) {
        return answer;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(what + ": not within " + timeout.toMillis() + " ms; last answer: " + answer);
      }
      pause(what, Math.min(left, interval.toNanos()));
    }
  }

  /** Sleeps {@code nanos}, but no further than the deadline, so that the last probe comes right at it. */
  private static void pause(String what, long nanos) {
    if (nanos == 0) {
      return;
    }
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(what + ": interrupted while waiting", e);
    }
  }

  private static Duration requireNotNegative(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + duration);
    }
    return duration;
  }
}
