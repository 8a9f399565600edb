package dev.turnpoint.console;

import dev.turnpoint.testing.MovableClock;
import dev.turnpoint.service.ApiKeyRole;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session that sees no request for longer than the timeout is gone, and the console keeps a bounded number of them:
 * the viewer signs in again. Time is moved on the console's clock, never waited for.
 */
class SessionExpiryTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  @Test
  void anExpiredSessionSendsPagesAndHtmxRequestsToSignIn() {
    MovableClock clock = MovableClock.startingNow();
    try (ConsoleFixture fixture = ConsoleFixture.start(
        new JsonObject().put("session_timeout_minutes", TIMEOUT.toMinutes()), clock)) {
      WebClientSession browser = fixture.browser();
      fixture.signIn(browser, fixture.createKey(ConsoleFixture.TEAM, ApiKeyRole.MEMBER));
      assertThat(browser.get("/runs").send().await().statusCode()).isEqualTo(200);

      clock.advance(TIMEOUT.minusSeconds(1));
      assertThat(browser.get("/runs").send().await().statusCode()).as("a request keeps the session").isEqualTo(200);
      clock.advance(TIMEOUT.minusSeconds(1));
      assertThat(browser.get("/runs").send().await().statusCode()).isEqualTo(200);

      clock.advance(TIMEOUT.plusMillis(1));

      HttpResponse<Buffer> htmx = browser.get("/workflows").putHeader("HX-Request", "true").send().await();
      assertThat(htmx.statusCode()).isEqualTo(401);
      assertThat(htmx.getHeader("HX-Redirect")).isEqualTo("/sign-in?expired=1");

      HttpResponse<Buffer> page = browser.get("/runs?status=completed").send().await();
      assertThat(page.statusCode()).isEqualTo(303);
      assertThat(page.getHeader("Location")).startsWith("/sign-in?");

      HttpResponse<Buffer> signIn = browser.get("/sign-in?expired=1&return_to=%2Fruns").send().await();
      assertThat(signIn.bodyAsString()).contains("Your session has expired")
          .contains("name=\"return_to\" value=\"/runs\"");
    }
  }

  @Test
  void beyondTheLimitTheLeastRecentlyUsedSessionOfItsKindGoes() {
    // Room for one anonymous session and three signed-in ones.
    try (ConsoleFixture fixture = ConsoleFixture.start(new JsonObject().put("max_sessions", 4))) {
      String key = fixture.createKey(ConsoleFixture.TEAM, ApiKeyRole.MEMBER);
      WebClientSession first = signedIn(fixture, key);
      WebClientSession second = signedIn(fixture, key);

      for (int i = 0; i < 10; i++) {
        assertThat(fixture.browser().get("/sign-in").send().await().statusCode()).isEqualTo(200);
      }
      assertThat(first.get("/runs").send().await().statusCode()).as("visitors only evict visitors").isEqualTo(200);
      assertThat(second.get("/runs").send().await().statusCode()).isEqualTo(200);

      WebClientSession third = signedIn(fixture, key);
      WebClientSession fourth = signedIn(fixture, key);

      HttpResponse<Buffer> evicted = first.get("/runs").send().await();
      assertThat(evicted.statusCode()).as("the least recently used").isEqualTo(303);
      assertThat(evicted.getHeader("Location")).startsWith("/sign-in?expired=1");
      for (WebClientSession kept : List.of(second, third, fourth)) {
        assertThat(kept.get("/runs").send().await().statusCode()).isEqualTo(200);
      }
      fixture.signIn(first, key);
      assertThat(first.get("/runs").send().await().statusCode()).as("signed in again").isEqualTo(200);
    }
  }

  private static WebClientSession signedIn(ConsoleFixture fixture, String key) {
    WebClientSession browser = fixture.browser();
    fixture.signIn(browser, key);
    return browser;
  }
}
