package dev.turnpoint.console.signin;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down guessing of API keys: after {@code maxFailures} failed sign-ins from one client address within
 * {@code window}, that address may not try again until the oldest of those failures is older than the window.
 *
 * <p>Only addresses are counted. Counting per key prefix would not slow a guesser down (every guess is a new random
 * key with its own prefix) but would let anyone who saw a key's prefix lock its owner out. Successful sign-ins do not
 * reset the count, or a guesser holding a key of their own could reset it between guesses.
 *
 * <p>Memory is bounded: at most {@code maxAddresses} addresses are remembered, each with at most {@code maxFailures}
 * times; when one more fails, the address that failed least recently is forgotten. Shared by every console instance
 * in one Vert.x, so its methods are synchronized.
 */
public final class SignInThrottle {

  private final Clock clock;
  private final int maxFailures;
  private final long windowMillis;
  private final Map<String, ArrayDeque<Long>> failures;

  public SignInThrottle(Clock clock, int maxFailures, Duration window, int maxAddresses) {
    if (maxFailures < 1 || window.isNegative() || window.isZero() || maxAddresses < 1) {
      throw new IllegalArgumentException("a sign-in throttle needs at least one failure, a window and an address");
    }
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.windowMillis = window.toMillis();
    this.failures = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Long>> eldest) {
        return size() > maxAddresses;
      }
    };
  }

  /** How long {@code address} must wait before it may try again; empty when it may try now. */
  public synchronized Optional<Duration> refusal(String address) {
    ArrayDeque<Long> times = failures.get(address);
    if (times == null) {
      return Optional.empty();
    }
    long now = clock.millis();
    while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
      times.pollFirst();
    }
    if (times.isEmpty()) {
      failures.remove(address);
      return Optional.empty();
    }
    if (times.size() < maxFailures) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(times.peekFirst() + windowMillis - now));
  }

  /** Notes a failed sign-in from {@code address}. */
  public synchronized void failed(String address) {
    ArrayDeque<Long> times = failures.computeIfAbsent(address, ignored -> new ArrayDeque<>(maxFailures));
    times.addLast(clock.millis());
    while (times.size() > maxFailures) {
      times.pollFirst();
    }
  }

  /** How many addresses are remembered now. */
  synchronized int trackedAddresses() {
    return failures.size();
  }
}
