package dev.turnpoint.persistence;

import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.service.ApiKeyStore;
import dev.turnpoint.service.CreatedApiKey;
import dev.turnpoint.service.ServiceProxies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The API key store contract against MongoDB, plus how keys are kept there. */
class MongoApiKeyStoreTest extends ApiKeyStoreContract {

  private PersistenceFixture fixture;

  @Override
  protected Future<ApiKeyStore> startEmptyStore(Vertx vertx) {
    return PersistenceFixture.withDirectAccess(vertx)
        .map(started -> {
          fixture = started;
          return ServiceProxies.client(vertx, ApiKeyStore.class, Addresses.API_KEY_STORE);
        });
  }

  @AfterEach
  void stopDatabase() {
    fixture.close();
  }

  @Test
  void storesOnlyAHashOfTheKey() {
    CreatedApiKey created = store.createKey("team-a", ApiKeyRole.MEMBER, "ci", "alice").await();

    JsonObject stored = fixture.database().findOne(MongoCollections.API_KEYS,
        new JsonObject().put("_id", created.info().id()), null).await();
    assertThat(stored.encode()).doesNotContain(created.key());
    assertThat(stored.getString("key_hash")).isEqualTo(MongoApiKeyStore.hash(created.key())).hasSize(64);
    assertThat(stored.getString("key_prefix")).isEqualTo(created.info().keyPrefix());
  }
}
