package dev.turnpoint.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.vertx.core.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;

/** A key that waited as long as {@code Retry-After} said may send again: the allowance refills with time. */
@ExtendWith(VertxExtension.class)
class RateLimitRefillIT {

  @Test
  void aRefusedKeyMaySendAgainAfterRetryAfter(Vertx vertx) throws InterruptedException {
    ApiFixture api = ApiFixture.start(vertx, new JsonObject().put("rate_limit_per_key", 0.2)
        .put("rate_limit_per_key_burst", 2));
    String key = api.newTeamAdmin();
    api.send(GET, "/workflows/v1/workflows", key);
    api.send(GET, "/workflows/v1/workflows", key);
    HttpResponse<Buffer> refused = api.send(GET, "/workflows/v1/workflows", key);
    assertThat(refused.statusCode()).isEqualTo(429);

    Thread.sleep(Long.parseLong(refused.getHeader("Retry-After")) * 1000);

    assertThat(api.send(GET, "/workflows/v1/workflows", key).statusCode()).isEqualTo(200);
  }
}
