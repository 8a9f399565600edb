package dev.turnpoint.console;

import dev.turnpoint.service.ApiKeyRole;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A session that sees no request for longer than the timeout is gone: the viewer signs in again. */
class SessionExpiryIT {

  /** 0.6 seconds. */
  private static final double TIMEOUT_MINUTES = 0.01;
  /** Longer than the timeout plus the session store's one-second sweep. */
  private static final long IDLE_MILLIS = 2_200;

  private static ConsoleFixture fixture;

  @BeforeAll
  static void start() {
    fixture = ConsoleFixture.start(new JsonObject().put("session_timeout_minutes", TIMEOUT_MINUTES));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void anExpiredSessionSendsPagesAndHtmxRequestsToSignIn() {
    WebClientSession browser = fixture.browser();
    fixture.signIn(browser, fixture.createKey(ConsoleFixture.TEAM, ApiKeyRole.MEMBER));
    assertThat(browser.get("/runs").send().await().statusCode()).isEqualTo(200);

    fixture.vertx.timer(IDLE_MILLIS).await();

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
