package dev.turnpoint.console;

import dev.turnpoint.service.ApiKeyRole;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A state-changing request must come from the console's own origin (its {@code Origin}, or without one its
 * {@code Referer}): from anywhere else it is refused with 403, even carrying the right token.
 */
class CsrfOriginTest {

  private static final String PUBLIC_ORIGIN = "https://console.example.com";

  private static ConsoleFixture fixture;
  private static String key;

  @BeforeAll
  static void start() {
    fixture = ConsoleFixture.start(new JsonObject().put("public_origin", "HTTPS://Console.Example.com:443"));
    key = fixture.createKey(ConsoleFixture.TEAM, ApiKeyRole.MEMBER);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void aSignOutFromAnotherOriginIsRefusedEvenWithTheToken() {
    for (String origin : List.of("http://evil.example", "null", "https://127.0.0.1:" + fixture.port,
        "http://127.0.0.1:" + (fixture.port + 1), "https://console.example.com:8443", "not a url")) {
      WebClientSession browser = fixture.browser();
      String token = fixture.signIn(browser, key);

      HttpResponse<Buffer> refused = signOut(browser, token, "Origin", origin);

      assertThat(refused.statusCode()).as(origin).isEqualTo(403);
      assertThat(refused.bodyAsString()).as(origin).contains("This request came from another site");
      assertThat(browser.get("/runs").send().await().statusCode()).as("still signed in").isEqualTo(200);
    }
  }

  @Test
  void withoutOriginTheRefererDecides() {
    WebClientSession browser = fixture.browser();
    String token = fixture.signIn(browser, key);

    assertThat(signOut(browser, token, "Referer", "http://evil.example/runs/1").statusCode()).isEqualTo(403);
    assertThat(signOut(browser, token, "Referer", "http://127.0.0.1:" + fixture.port + "/runs?page=2")
        .statusCode()).isEqualTo(303);
  }

  @Test
  void theOriginTheRequestWasAddressedToAndThePublicOriginAreTheConsoles() {
    for (String origin : List.of("http://127.0.0.1:" + fixture.port, "http://127.0.0.1:" + fixture.port + "/",
        PUBLIC_ORIGIN, "https://CONSOLE.example.com:443")) {
      WebClientSession browser = fixture.browser();
      String token = fixture.signIn(browser, key);

      HttpResponse<Buffer> signedOut = signOut(browser, token, "Origin", origin);

      assertThat(signedOut.statusCode()).as(origin).isEqualTo(303);
      assertThat(browser.get("/runs").send().await().statusCode()).as(origin).isEqualTo(303);
    }
  }

  @Test
  void signingInAndEveryOtherStateChangingMethodAreCheckedToo() {
    WebClientSession anonymous = fixture.browser();
    String signInToken = ConsoleFixture.csrfToken(anonymous.get("/sign-in").send().await());
    HttpResponse<Buffer> signIn = anonymous.post("/sign-in").putHeader("Origin", "http://evil.example")
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("csrf_token", signInToken).add("api_key", key)).await();
    assertThat(signIn.statusCode()).isEqualTo(403);

    WebClientSession browser = fixture.browser();
    String token = fixture.signIn(browser, key);
    for (HttpMethod method : List.of(HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
      HttpResponse<Buffer> crossSite = browser.request(method, "/runs").putHeader("X-CSRF-Token", token)
          .putHeader("Origin", "http://evil.example").send().await();
      HttpResponse<Buffer> sameSite = browser.request(method, "/runs").putHeader("X-CSRF-Token", token)
          .putHeader("Origin", "http://127.0.0.1:" + fixture.port).send().await();
      assertThat(crossSite.statusCode()).as(method.name()).isEqualTo(403);
      assertThat(sameSite.statusCode()).as(method.name()).isNotEqualTo(403);
    }
  }

  private static HttpResponse<Buffer> signOut(WebClientSession browser, String token, String header, String value) {
    return browser.post("/sign-out").putHeader(header, value)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("csrf_token", token)).await();
  }
}
