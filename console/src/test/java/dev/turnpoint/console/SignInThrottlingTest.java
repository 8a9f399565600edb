package dev.turnpoint.console;

import dev.turnpoint.testing.MovableClock;
import dev.turnpoint.service.ApiKeyRole;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed sign-ins from one client address are limited: beyond the limit the address is refused with 429, a page that
 * says how long to wait, and {@code Retry-After}, until its failures leave the window (moved on the console's clock).
 */
class SignInThrottlingTest {

  private static final JsonObject THREE_PER_MINUTE = new JsonObject()
      .put("sign_in_max_failures", 3).put("sign_in_failure_window_seconds", 60);

  @Test
  void anAddressWithTooManyFailuresWaitsUntilTheyLeaveTheWindow() {
    MovableClock clock = MovableClock.startingNow();
    try (ConsoleFixture fixture = ConsoleFixture.start(THREE_PER_MINUTE, clock)) {
      String key = fixture.createKey(ConsoleFixture.TEAM, ApiKeyRole.MEMBER);
      WebClientSession browser = fixture.browser();
      String token = ConsoleFixture.csrfToken(browser.get("/sign-in").send().await());

      for (int i = 0; i < 3; i++) {
        assertThat(signIn(browser, token, "tp_guess-" + i, null).statusCode()).isEqualTo(401);
        clock.advance(Duration.ofSeconds(10));
      }
      HttpResponse<Buffer> refused = signIn(browser, token, key, null);

      assertThat(refused.statusCode()).as("even the right key").isEqualTo(429);
      assertThat(refused.getHeader("Retry-After")).isEqualTo("30");
      assertThat(refused.getHeader("Content-Security-Policy")).contains("frame-ancestors 'none'");
      assertThat(refused.bodyAsString()).contains("Too many failed sign-ins from your address")
          .contains("Wait 30 seconds");

      clock.advance(Duration.ofSeconds(30));
      assertThat(signIn(browser, token, "tp_guess-3", null).statusCode()).as("the oldest failure left")
          .isEqualTo(401);
      assertThat(signIn(browser, token, key, null).statusCode()).isEqualTo(429);
      clock.advance(Duration.ofSeconds(10));
      assertThat(signIn(browser, token, key, null).statusCode()).isEqualTo(303);
    }
  }

  @Test
  void forwardedAddressesCountOnlyWhenTheConsoleTrustsThem() {
    try (ConsoleFixture trusting = ConsoleFixture.start(THREE_PER_MINUTE.copy().put("trust_forwarded_headers", true));
         ConsoleFixture direct = ConsoleFixture.start(THREE_PER_MINUTE)) {
      for (int i = 0; i < 3; i++) {
        assertThat(failedSignIn(trusting, "203.0.113.7")).isEqualTo(401);
        assertThat(failedSignIn(direct, "203.0.113." + i)).isEqualTo(401);
      }

      assertThat(failedSignIn(trusting, "203.0.113.7")).isEqualTo(429);
      assertThat(failedSignIn(trusting, "198.51.100.9")).as("another client behind the proxy").isEqualTo(401);
      assertThat(failedSignIn(direct, "198.51.100.9")).as("a claimed address is no way around the limit")
          .isEqualTo(429);
    }
  }

  private static int failedSignIn(ConsoleFixture fixture, String forwardedFor) {
    WebClientSession browser = fixture.browser();
    String token = ConsoleFixture.csrfToken(browser.get("/sign-in").send().await());
    return signIn(browser, token, "tp_wrong", forwardedFor).statusCode();
  }

  private static HttpResponse<Buffer> signIn(WebClientSession browser, String token, String key, String forwardedFor) {
    var request = browser.post("/sign-in");
    if (forwardedFor != null) {
      request.putHeader("X-Forwarded-For", forwardedFor);
    }
    return request.sendForm(MultiMap.caseInsensitiveMultiMap().add("csrf_token", token).add("api_key", key))
        .await();
  }
}
