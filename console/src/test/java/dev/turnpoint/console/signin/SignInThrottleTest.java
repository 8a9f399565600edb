package dev.turnpoint.console.signin;

import dev.turnpoint.testing.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTest {

  @Test
  void remembersAtMostTheConfiguredNumberOfAddressesForgettingTheLeastRecentlyFailing() {
    MovableClock clock = MovableClock.startingNow();
    SignInThrottle throttle = new SignInThrottle(clock, 2, Duration.ofMinutes(1), 2);

    throttle.failed("10.0.0.1");
    throttle.failed("10.0.0.1");
    throttle.failed("10.0.0.2");
    throttle.failed("10.0.0.2");
    assertThat(throttle.refusal("10.0.0.1")).contains(Duration.ofMinutes(1));
    throttle.failed("10.0.0.3");

    assertThat(throttle.trackedAddresses()).isEqualTo(2);
    assertThat(throttle.refusal("10.0.0.2")).as("the least recently failing").isEmpty();
    assertThat(throttle.refusal("10.0.0.1")).isPresent();
    for (int i = 0; i < 1_000; i++) {
      throttle.failed("10.1.0." + i);
    }
    assertThat(throttle.trackedAddresses()).isEqualTo(2);
  }

  @Test
  void forgetsAnAddressWhoseFailuresHaveAllLeftTheWindow() {
    MovableClock clock = MovableClock.startingNow();
    SignInThrottle throttle = new SignInThrottle(clock, 2, Duration.ofMinutes(1), 10);
    throttle.failed("10.0.0.1");
    throttle.failed("10.0.0.1");
    throttle.failed("10.0.0.1");

    clock.advance(Duration.ofSeconds(59));
    assertThat(throttle.refusal("10.0.0.1")).contains(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(throttle.refusal("10.0.0.1")).isEmpty();
    assertThat(throttle.trackedAddresses()).isZero();
  }
}
