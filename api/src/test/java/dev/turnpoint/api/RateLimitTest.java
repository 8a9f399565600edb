package dev.turnpoint.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.vertx.core.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Limits small enough that a test meets them at once: a key may send 3 requests at once, an address 4 without a
 * valid key, each refilled at one request every 100 s, so nothing refills while the test runs.
 */
@ExtendWith(VertxExtension.class)
class RateLimitTest {

  private static final String WORKFLOWS = "/workflows/v1/workflows";
  private static final JsonObject LIMITS = new JsonObject()
      .put("rate_limit_per_key", 0.01).put("rate_limit_per_key_burst", 3)
      .put("rate_limit_per_address", 0.01).put("rate_limit_per_address_burst", 4);
  private static ApiFixture api;
  private static ApiFixture unlimited;

  @BeforeAll
  static void start(Vertx vertx) {
    unlimited = ApiFixture.start(vertx, new JsonObject().put("rate_limit_per_key", 0).put("rate_limit_per_address", 0));
    api = unlimited.anotherApi(LIMITS);
  }

  @Test
  void aKeyOverItsLimitIsAnswered429WithRetryAfterWhileOtherKeysGoOn() {
    String key = unlimited.newTeamAdmin();
    String other = unlimited.newTeamAdmin();

    for (int i = 0; i < 3; i++) {
      assertThat(api.send(GET, WORKFLOWS, key).statusCode()).isEqualTo(200);
    }
    HttpResponse<Buffer> refused = api.send(GET, WORKFLOWS, key);

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.getHeader("Content-Type")).startsWith("application/json");
    assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 100L);
    assertThat(refused.bodyAsJsonObject().getString("detail")).startsWith("Too many requests for this API key");
    assertThat(api.send(GET, WORKFLOWS, other).statusCode()).isEqualTo(200);
    assertThat(unlimited.send(GET, WORKFLOWS, key).statusCode()).as("limits are per server").isEqualTo(200);
  }

  @Test
  void requestsWithoutAValidKeyAreLimitedByAddressAndThenNoKeyIsLookedUp() {
    ApiFixture fresh = unlimited.anotherApi(LIMITS);
    String valid = unlimited.newTeamAdmin();
    String known = unlimited.newTeamAdmin();
    assertThat(fresh.send(GET, WORKFLOWS, known).statusCode()).isEqualTo(200);

    assertThat(fresh.send(GET, WORKFLOWS, null).statusCode()).isEqualTo(401);
    assertThat(fresh.send(GET, WORKFLOWS, "tp_wrong").statusCode()).isEqualTo(401);
    assertThat(fresh.send(GET, "/workflows/v1/openapi.json", null).statusCode()).isEqualTo(200);
    assertThat(fresh.send(GET, "/docs", null).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> refused = fresh.send(GET, WORKFLOWS, "tp_wrong");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.getHeader("Retry-After")).isNotNull();
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("without a valid API key");
    assertThat(fresh.send(GET, "/docs", null).statusCode()).isEqualTo(429);
    assertThat(fresh.send(GET, WORKFLOWS, valid).statusCode()).as("an unknown key is not looked up").isEqualTo(429);
    assertThat(fresh.send(GET, WORKFLOWS, known).statusCode()).as("a key already checked goes on").isEqualTo(200);
  }

  @Test
  void theDocumentDescribes429OnEveryOperation() {
    JsonObject paths = unlimited.send(GET, "/workflows/v1/openapi.json", null).bodyAsJsonObject()
        .getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        assertThat(paths.getJsonObject(path).getJsonObject(method).getJsonObject("responses").containsKey("429"))
            .as(method + " " + path).isTrue();
      }
    }
  }
}
