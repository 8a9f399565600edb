package dev.turnpoint.testing;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Time in tests moves only when the test says so, and only forward. */
class MovableClockTest {

  private static final Instant START = Instant.parse("2025-03-01T09:00:00Z");

  @Test
  void standsStillUntilMoved() throws InterruptedException {
    MovableClock clock = MovableClock.startingAt(START);
    Thread.sleep(5);

    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void movesForwardByEachStep() {
    MovableClock clock = MovableClock.startingAt(START);

    assertThat(clock.advance(Duration.ofMinutes(30))).isEqualTo(START.plusSeconds(1800));
    clock.advance(Duration.ofMillis(1));

    assertThat(clock.instant()).isEqualTo(START.plusSeconds(1800).plusMillis(1));
  }

  @Test
  void startingNowReadsTheSystemTimeOfTheCall() {
    Instant before = Instant.now();
    MovableClock clock = MovableClock.startingNow();
    Instant after = Instant.now();

    assertThat(clock.instant()).isBetween(before, after);
  }

  @Test
  void aViewInAnotherZoneSharesTheTime() {
    MovableClock clock = MovableClock.startingAt(START);
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofHours(2));

    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris.instant()).isEqualTo(START.plusSeconds(7200));
  }

  @Test
  void neverMovesBack() {
    MovableClock clock = MovableClock.startingAt(START);

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThat(clock.instant()).isEqualTo(START);
  }
}
