package dev.turnpoint.persistence;

import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.ApiKeyInfo;
import dev.turnpoint.service.ApiKeyPrincipal;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.service.ApiKeyStore;
import dev.turnpoint.service.CreatedApiKey;
import dev.turnpoint.service.FailureCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static dev.turnpoint.persistence.Failures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link ApiKeyStore} must do. Each test starts on an empty store. */
@ExtendWith(VertxExtension.class)
public abstract class ApiKeyStoreContract {

  protected ApiKeyStore store;
  private final String team = TestGraphs.newTeam();
  private final String otherTeam = TestGraphs.newTeam();

  /** Starts the store under test on an empty database; called before every test. */
  protected abstract Future<ApiKeyStore> startEmptyStore(Vertx vertx);

  @BeforeEach
  void startStore(Vertx vertx) {
    store = startEmptyStore(vertx).await();
  }

  @Test
  void createsKeysThatAuthenticateTheirTeam() {
    CreatedApiKey created = store.createKey(team, ApiKeyRole.MEMBER, "ci", "alice").await();

    assertThat(created.key()).startsWith("tp_").hasSizeGreaterThanOrEqualTo(40);
    ApiKeyInfo info = created.info();
    assertThat(info.id()).matches("[0-9a-f]{24}");
    assertThat(info.teamId()).isEqualTo(team);
    assertThat(info.role()).isEqualTo(ApiKeyRole.MEMBER);
    assertThat(info.platformAdmin()).isFalse();
    assertThat(info.name()).isEqualTo("ci");
    assertThat(info.createdBy()).isEqualTo("alice");
    assertThat(info.keyPrefix()).isNotBlank().isEqualTo(created.key().substring(0, info.keyPrefix().length()));
    assertThat(info.revokedAt()).isNull();

    ApiKeyPrincipal principal = store.authenticate(created.key()).await();
    assertThat(principal).isEqualTo(new ApiKeyPrincipal(info.id(), team, ApiKeyRole.MEMBER, false));
  }

  @Test
  void everyKeyIsDifferent() {
    CreatedApiKey first = store.createKey(team, ApiKeyRole.ADMIN, "a", "alice").await();
    CreatedApiKey second = store.createKey(team, ApiKeyRole.ADMIN, "a", "alice").await();
    assertThat(first.key()).isNotEqualTo(second.key());
    assertThat(first.info().id()).isNotEqualTo(second.info().id());
  }

  @Test
  void rejectsUnknownKeys() {
    store.createKey(team, ApiKeyRole.MEMBER, "ci", "alice").await();
    assertThat(failureOf(store.authenticate("tp_not-a-key"))).isEqualTo(FailureCode.UNAUTHENTICATED);
    assertThat(failureOf(store.authenticate(""))).isEqualTo(FailureCode.UNAUTHENTICATED);
    assertThat(failureOf(store.authenticate(null))).isEqualTo(FailureCode.UNAUTHENTICATED);
  }

  @Test
  void rejectsMalformedInput() {
    assertThat(failureOf(store.createKey(" ", ApiKeyRole.MEMBER, "x", "alice"))).isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.createKey(team, null, "x", "alice"))).isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.listKeys(null))).isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.bootstrapPlatformAdmin(team, "short"))).isEqualTo(FailureCode.INVALID);
  }

  @Test
  void listsATeamsKeysNewestFirst() {
    CreatedApiKey first = store.createKey(team, ApiKeyRole.ADMIN, "first", "alice").await();
    CreatedApiKey second = store.createKey(team, ApiKeyRole.MEMBER, "second", "alice").await();
    store.createKey(otherTeam, ApiKeyRole.ADMIN, "elsewhere", "eve").await();

    List<ApiKeyInfo> keys = store.listKeys(team).await();
    assertThat(keys).containsExactly(second.info(), first.info());
  }

  @Test
  void revokedKeysNoLongerAuthenticate() {
    CreatedApiKey created = store.createKey(team, ApiKeyRole.MEMBER, "ci", "alice").await();

    store.revokeKey(team, created.info().id()).await();

    assertThat(failureOf(store.authenticate(created.key()))).isEqualTo(FailureCode.UNAUTHENTICATED);
    assertThat(store.listKeys(team).await()).singleElement()
        .satisfies(info -> assertThat(info.revokedAt()).isNotNull());
    store.revokeKey(team, created.info().id()).await();
    assertThat(failureOf(store.revokeKey(team, "000000000000000000000abc"))).isEqualTo(FailureCode.NOT_FOUND);
  }

  @Test
  void aRevocationIsPublishedOnceWithTheKeyAndTeam(Vertx vertx) {
    CreatedApiKey created = store.createKey(team, ApiKeyRole.MEMBER, "ci", "alice").await();
    List<JsonObject> published = new CopyOnWriteArrayList<>();
    Promise<Void> markerSeen = Promise.promise();
    vertx.eventBus().<JsonObject>consumer(Addresses.EVENT_API_KEY_REVOKED, message -> {
      if (message.body().containsKey("marker")) {
        markerSeen.tryComplete();
      } else {
        published.add(message.body());
      }
    }).completion().await();

    store.revokeKey(team, created.info().id()).await();
    store.revokeKey(team, created.info().id()).await();
    failureOf(store.revokeKey(otherTeam, created.info().id()));
    vertx.eventBus().publish(Addresses.EVENT_API_KEY_REVOKED, new JsonObject().put("marker", true));
    markerSeen.future().await();

    String revokedAt = store.listKeys(team).await().get(0).revokedAt();
    assertThat(published).containsExactly(new JsonObject()
        .put("team_id", team).put("key_id", created.info().id()).put("revoked_at", revokedAt));
  }

  @Test
  void anotherTeamCannotRevokeAKey() {
    CreatedApiKey created = store.createKey(team, ApiKeyRole.ADMIN, "ci", "alice").await();

    assertThat(failureOf(store.revokeKey(otherTeam, created.info().id()))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(store.listKeys(otherTeam).await()).isEmpty();
    assertThat(store.authenticate(created.key()).await().teamId()).isEqualTo(team);
  }

  @Test
  void bootstrapsThePlatformAdminFromAPresetKeyOnce() {
    String preset = "tp_preset-platform-admin-key";
    CreatedApiKey admin = store.bootstrapPlatformAdmin(team, preset).await();

    assertThat(admin.key()).isEqualTo(preset);
    assertThat(admin.info().platformAdmin()).isTrue();
    assertThat(admin.info().role()).isEqualTo(ApiKeyRole.ADMIN);
    assertThat(admin.info().teamId()).isEqualTo(team);
    assertThat(store.authenticate(preset).await())
        .isEqualTo(new ApiKeyPrincipal(admin.info().id(), team, ApiKeyRole.ADMIN, true));

    assertThat(store.bootstrapPlatformAdmin(team, preset).await()).isNull();
    assertThat(store.bootstrapPlatformAdmin(team, null).await()).isNull();
    assertThat(store.listKeys(team).await()).hasSize(1);
  }

  @Test
  void bootstrapsARandomKeyWhenNoneIsPreset() {
    CreatedApiKey admin = store.bootstrapPlatformAdmin(team, null).await();
    assertThat(admin.key()).startsWith("tp_");
    assertThat(store.authenticate(admin.key()).await().platformAdmin()).isTrue();
  }

  @Test
  void doesNotBootstrapOnceAnyKeyExists() {
    store.createKey(otherTeam, ApiKeyRole.ADMIN, "existing", "alice").await();
    assertThat(store.bootstrapPlatformAdmin(team, null).await()).isNull();
  }

  @Test
  void concurrentBootstrapsCreateOneKey() {
    List<Future<CreatedApiKey>> calls = IntStream.range(0, 10)
        .mapToObj(i -> store.bootstrapPlatformAdmin(team, null))
        .toList();
    Future.all(calls).await();
    assertThat(calls.stream().map(Future::result).filter(Objects::nonNull)).hasSize(1);
    assertThat(store.listKeys(team).await()).hasSize(1);
  }
}
