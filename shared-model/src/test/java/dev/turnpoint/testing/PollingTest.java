package dev.turnpoint.testing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one way tests wait: it returns as soon as it may, fails when it must, and says what it was waiting for. */
class PollingTest {

  @Test
  void returnsOnceTheConditionHoldsWithoutAskingAgain() {
    AtomicInteger asked = new AtomicInteger();

    Polling.upTo(Duration.ofSeconds(5)).every(Duration.ofMillis(1))
        .until("the third probe", () -> asked.incrementAndGet() == 3);

    assertThat(asked).hasValue(3);
  }

  @Test
  void answersTheFirstAcceptedAnswer() {
    AtomicInteger asked = new AtomicInteger();

    int answer = Polling.upTo(Duration.ofSeconds(5)).every(Duration.ZERO)
        .until("an answer above ten", asked::incrementAndGet, value -> value > 10);

    assertThat(answer).isEqualTo(11);
    assertThat(asked).hasValue(11);
  }

  @Test
  void aConditionThatAlreadyHoldsIsAskedOnceEvenWithNoTimeLeft() {
    AtomicInteger asked = new AtomicInteger();

    Polling.upTo(Duration.ZERO).until("already true", () -> asked.incrementAndGet() > 0);

    assertThat(asked).hasValue(1);
  }

  @Test
  void failsAfterTheTimeoutNamingWhatItAwaitedAndTheLastAnswer() {
    AtomicInteger asked = new AtomicInteger();
    long started = System.nanoTime();

    assertThatThrownBy(() -> Polling.upTo(Duration.ofMillis(200)).every(Duration.ofMillis(20))
        .until("the counter reaches a million", asked::incrementAndGet, value -> value >= 1_000_000))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("the counter reaches a million: not within 200 ms; last answer: ")
        .hasMessageEndingWith("last answer: " + asked.get());

    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(200);
    assertThat(asked.get()).as("probes, about one every 20 ms").isBetween(2, 12);
  }

  @Test
  void waitsTheIntervalBetweenProbes() {
    List<Long> probedAt = new ArrayList<>();

    Polling.upTo(Duration.ofSeconds(5)).every(Duration.ofMillis(30))
        .until("three probes", () -> probedAt.add(System.nanoTime()) && probedAt.size() == 3);

    assertThat((probedAt.get(2) - probedAt.get(0)) / 1_000_000).isGreaterThanOrEqualTo(60);
  }

  @Test
  void aProbeThatThrowsFailsTheWaitAtOnce() {
    AtomicInteger asked = new AtomicInteger();
    IllegalStateException broken = new IllegalStateException("store unavailable");

    assertThatThrownBy(() -> Polling.upTo(Duration.ofSeconds(5)).until("a stored run", () -> {
      asked.incrementAndGet();
      throw broken;
    })).isSameAs(broken);
    assertThat(asked).hasValue(1);
  }

  @Test
  void anInterruptedWaitFailsAndKeepsTheInterrupt() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Polling.upTo(Duration.ofSeconds(5)).until("never", () -> false))
          .isInstanceOf(AssertionError.class)
          .hasMessage("never: interrupted while waiting")
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void refusesNegativeDurations() {
    assertThatThrownBy(() -> Polling.upTo(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    assertThatThrownBy(() -> Polling.upTo(Duration.ofSeconds(1)).every(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
  }
}
