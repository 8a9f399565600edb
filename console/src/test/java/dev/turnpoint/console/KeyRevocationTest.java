package dev.turnpoint.console;

import dev.turnpoint.testing.MovableClock;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.service.CreatedApiKey;
import dev.turnpoint.service.RunRecord;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revoking an API key ends the console sessions signed in with it at once: through the key store's revocation event,
 * and when that was missed, through the check of the key on the next request once the check interval has passed.
 * The console's clock stands still unless a test moves it, so a team's keys once read stay trusted: only the event
 * or a moved clock can end a session.
 */
class KeyRevocationTest {

  private final MovableClock clock = MovableClock.startingNow();
  private ConsoleFixture fixture;
  private CreatedApiKey revoked;
  private String kept;

  @BeforeEach
  void start() {
    fixture = ConsoleFixture.start(new JsonObject(), clock);
    revoked = fixture.services.apiKeys().createKey(ConsoleFixture.TEAM, ApiKeyRole.MEMBER, "laptop", "test").await();
    kept = fixture.createKey(ConsoleFixture.TEAM, ApiKeyRole.MEMBER);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void revokingAKeyThroughTheStoreSendsEverySessionOfItToSignInAtOnce() {
    WebClientSession page = signedIn(revoked.key());
    WebClientSession htmx = signedIn(revoked.key());
    WebClientSession other = signedIn(kept);

    fixture.services.apiKeys().revokeKey(ConsoleFixture.TEAM, revoked.info().id()).await();

    HttpResponse<Buffer> redirected = page.get("/runs").send().await();
    assertThat(redirected.statusCode()).isEqualTo(303);
    assertThat(redirected.getHeader("Location")).isEqualTo("/sign-in?revoked=1&return_to=%2Fruns");
    HttpResponse<Buffer> fragment = htmx.get("/workflows").putHeader("HX-Request", "true").send().await();
    assertThat(fragment.statusCode()).isEqualTo(401);
    assertThat(fragment.getHeader("HX-Redirect")).isEqualTo("/sign-in?revoked=1");
    assertThat(other.get("/runs").send().await().statusCode()).as("another key's session").isEqualTo(200);

    HttpResponse<Buffer> signInPage = page.get("/sign-in?revoked=1&return_to=%2Fruns").send().await();
    assertThat(signInPage.bodyAsString()).contains("The API key you signed in with has been revoked");
    HttpResponse<Buffer> again = page.post("/sign-in").sendForm(MultiMap.caseInsensitiveMultiMap()
        .add("csrf_token", ConsoleFixture.csrfToken(signInPage)).add("api_key", revoked.key())).await();
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(page.get("/runs").send().await().statusCode()).isEqualTo(303);
  }

  @Test
  void aRevocationTheConsoleDidNotHearOfEndsTheSessionOnceTheCheckIntervalHasPassed() {
    WebClientSession browser = signedIn(revoked.key());
    fixture.vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (!Addresses.EVENT_API_KEY_REVOKED.equals(delivery.message().address())) {
        delivery.next();
      }
    });

    fixture.services.apiKeys().revokeKey(ConsoleFixture.TEAM, revoked.info().id()).await();

    assertThat(browser.get("/runs").send().await().statusCode()).as("the team's keys were read just now")
        .isEqualTo(200);
    clock.advance(Duration.ofMillis(ConsoleConfig.DEFAULT_KEY_CHECK_INTERVAL_MS));
    HttpResponse<Buffer> redirected = browser.get("/runs").send().await();
    assertThat(redirected.statusCode()).isEqualTo(303);
    assertThat(redirected.getHeader("Location")).isEqualTo("/sign-in?revoked=1&return_to=%2Fruns");
  }

  @Test
  void revokingAKeyCutsTheLiveStreamsOfItsSessions() throws Exception {
    WorkflowDocument workflow = fixture.createWorkflow(ConsoleFixture.TEAM, "Live");
    RunRecord run = fixture.seedRun(ConsoleFixture.TEAM, workflow.id, WorkflowStatus.WAITING_FOR_USER_INPUT, "hi");
    WebClientSession browser = signedIn(revoked.key());
    Promise<Void> cut = Promise.promise();
    HttpClientResponse stream = fixture.vertx.createHttpClient()
        .request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(fixture.port)
            .setURI("/runs/" + run.runId() + "/live?revision=" + run.revision())
            .putHeader("Cookie", cookies(browser)).putHeader("Accept", "text/event-stream"))
        .compose(request -> request.send())
        .onSuccess(opened -> {
          opened.exceptionHandler(closed -> cut.tryComplete());
          opened.request().connection().closeHandler(closed -> cut.tryComplete());
        })
        .await();
    assertThat(stream.statusCode()).isEqualTo(200);

    fixture.services.apiKeys().revokeKey(ConsoleFixture.TEAM, revoked.info().id()).await();

    cut.future().await(10, TimeUnit.SECONDS);
    assertThat(cut.future().succeeded()).isTrue();
  }

  private WebClientSession signedIn(String key) {
    WebClientSession browser = fixture.browser();
    fixture.signIn(browser, key);
    return browser;
  }

  private static String cookies(WebClientSession browser) {
    return StreamSupport.stream(browser.cookieStore().get(false, "127.0.0.1", "/").spliterator(), false)
        .map(cookie -> cookie.name() + "=" + cookie.value())
        .collect(Collectors.joining("; "));
  }
}
