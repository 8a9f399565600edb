package dev.turnpoint.api;

import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.service.CreatedApiKey;
import dev.turnpoint.testing.Polling;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static io.vertx.core.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;

/** A key revoked elsewhere (another api instance, the console) stops working once the cache forgets it. */
@ExtendWith(VertxExtension.class)
class KeyRevocationIT {

  private static final long CACHE_MILLIS = 300;
  private static ApiFixture api;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx, new JsonObject().put("api_key_cache_millis", CACHE_MILLIS));
  }

  @Test
  void aKeyRevokedInTheStoreIsRefusedWithinTheCacheTime() {
    String teamId = ApiFixture.newTeamId();
    CreatedApiKey key = api.keys.createKey(teamId, ApiKeyRole.MEMBER, "soon revoked", "test").await();
    assertThat(api.send(GET, "/workflows/v1/workflows", key.key()).statusCode()).isEqualTo(200);

    api.keys.revokeKey(teamId, key.info().id()).await();
    long revokedAt = System.currentTimeMillis();

    int status = Polling.upTo(Duration.ofMillis(10 * CACHE_MILLIS)).every(Duration.ZERO)
        .until("the revoked key is refused", () -> api.send(GET, "/workflows/v1/workflows", key.key()).statusCode(),
            answer -> answer != 200);
    assertThat(status).isEqualTo(401);
    assertThat(System.currentTimeMillis() - revokedAt).isLessThan(3 * CACHE_MILLIS);
  }
}
