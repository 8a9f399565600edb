package dev.turnpoint.persistence;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.Timestamps;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.ApiKeyInfo;
import dev.turnpoint.service.ApiKeyPrincipal;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.service.ApiKeyStore;
import dev.turnpoint.service.CreatedApiKey;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static dev.turnpoint.persistence.StoreCalls.call;
import static dev.turnpoint.persistence.StoreCalls.require;
import static dev.turnpoint.persistence.StoreCalls.requireTeam;
import static dev.turnpoint.persistence.StoreCalls.requireText;

/**
 * {@link ApiKeyStore} on MongoDB, in {@value MongoCollections#API_KEYS}. A key is {@code tp_} followed by 32 random
 * bytes (base64url); only its SHA-256 hash is stored (unique index), with its first {@value #PREFIX_LENGTH}
 * characters kept to tell keys apart in lists.
 *
 * <p>The platform-admin key made by {@link #bootstrapPlatformAdmin} always has the id
 * {@value #PLATFORM_ADMIN_KEY_ID}: its unique {@code _id} makes concurrent bootstraps create one key at most, in a
 * single write that a crash cannot leave half done.
 *
 * <p>A revocation is published on {@link Addresses#EVENT_API_KEY_REVOKED} once it is stored, so that signed-in
 * consoles end the key's sessions at once instead of at their next check.
 */
public class MongoApiKeyStore implements ApiKeyStore {

  /** The id of the key created by {@link #bootstrapPlatformAdmin}. */
  public static final String PLATFORM_ADMIN_KEY_ID = "000000000000000000000001";
  static final String KEY_PREFIX = "tp_";
  static final int PREFIX_LENGTH = 10;
  private static final int MIN_PRESET_LENGTH = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final MongoClient mongo;
  private final EventBus eventBus;

  public MongoApiKeyStore(MongoClient mongo, EventBus eventBus) {
    this.mongo = mongo;
    this.eventBus = eventBus;
  }

  @Override
  public Future<CreatedApiKey> createKey(String teamId, ApiKeyRole role, String name, String createdBy) {
    return call(() -> {
      requireTeam(teamId);
      require(role, "role");
      return insertKey(Ids.newObjectId(), teamId, role, false, name, createdBy, newSecret());
    });
  }

  @Override
  public Future<CreatedApiKey> bootstrapPlatformAdmin(String teamId, String presetKey) {
    return call(() -> {
      requireTeam(teamId);
      if (presetKey != null && presetKey.strip().length() < MIN_PRESET_LENGTH) {
        throw ServiceException.invalid("a preset key needs at least " + MIN_PRESET_LENGTH + " characters");
      }
      String secret = presetKey != null ? presetKey.strip() : newSecret();
      return mongo.count(MongoCollections.API_KEYS, new JsonObject())
          .compose(keys -> keys > 0
              ? Future.<CreatedApiKey>succeededFuture()
              : insertKey(PLATFORM_ADMIN_KEY_ID, teamId, ApiKeyRole.ADMIN, true, "platform admin", "bootstrap",
                  secret)
                  .recover(failure -> MongoFailures.isDuplicateKey(failure)
                      ? Future.succeededFuture()
                      : Future.failedFuture(failure)));
    });
  }

  @Override
  public Future<ApiKeyPrincipal> authenticate(String key) {
    return call(() -> {
      if (key == null || key.isBlank()) {
        return Future.failedFuture(unauthenticated());
      }
      return mongo.findOne(MongoCollections.API_KEYS, new JsonObject().put("key_hash", hash(key.strip())), null)
          .compose(doc -> doc == null || doc.getString("revoked_at") != null
              ? Future.failedFuture(unauthenticated())
              : Future.succeededFuture(new ApiKeyPrincipal(doc.getString("_id"), doc.getString("team_id"),
                  ApiKeyRole.fromWire(doc.getString("role")), doc.getBoolean("platform_admin", false))));
    });
  }

  @Override
  public Future<List<ApiKeyInfo>> listKeys(String teamId) {
    return call(() -> {
      JsonObject filter = new JsonObject().put("team_id", requireTeam(teamId));
      FindOptions newestFirst = new FindOptions().setSort(new JsonObject().put("created_at", -1).put("_id", -1));
      return mongo.findWithOptions(MongoCollections.API_KEYS, filter, newestFirst)
          .map(rows -> rows.stream().map(MongoApiKeyStore::toInfo).toList());
    });
  }

  @Override
  public Future<Void> revokeKey(String teamId, String keyId) {
    return call(() -> {
      JsonObject key = new JsonObject().put("_id", requireText(keyId, "key id")).put("team_id", requireTeam(teamId));
      String revokedAt = Timestamps.now();
      JsonObject revoke = new JsonObject()
          .put("$set", new JsonObject().put("revoked_at", revokedAt))
          .put("$inc", new JsonObject().put("revision", 1));
      return mongo.updateCollection(MongoCollections.API_KEYS, key.copy().put("revoked_at", null), revoke)
          .compose(result -> result.getDocMatched() > 0
              ? published(teamId, keyId, revokedAt)
              : mongo.count(MongoCollections.API_KEYS, key).compose(found -> found > 0
                  ? Future.<Void>succeededFuture()
                  : Future.failedFuture(ServiceException.notFound("key " + keyId + " not found"))));
    });
  }

  private Future<Void> published(String teamId, String keyId, String revokedAt) {
    eventBus.publish(Addresses.EVENT_API_KEY_REVOKED, new JsonObject()
        .put("team_id", teamId).put("key_id", keyId).put("revoked_at", revokedAt));
    return Future.succeededFuture();
  }

  private Future<CreatedApiKey> insertKey(String id, String teamId, ApiKeyRole role, boolean platformAdmin,
                                          String name, String createdBy, String secret) {
    ApiKeyInfo info = new ApiKeyInfo(id, teamId, role, platformAdmin, name,
        secret.substring(0, Math.min(PREFIX_LENGTH, secret.length())), createdBy, Timestamps.now(), null);
    JsonObject doc = new JsonObject()
        .put("_id", info.id())
        .put("team_id", info.teamId())
        .put("role", info.role().wire())
        .put("platform_admin", info.platformAdmin())
        .put("name", info.name())
        .put("key_prefix", info.keyPrefix())
        .put("key_hash", hash(secret))
        .put("created_by", info.createdBy())
        .put("created_at", info.createdAt())
        .put("revoked_at", null)
        .put("revision", 0L);
    return mongo.insert(MongoCollections.API_KEYS, doc).map(inserted -> new CreatedApiKey(info, secret));
  }

  private static ApiKeyInfo toInfo(JsonObject doc) {
    return new ApiKeyInfo(doc.getString("_id"), doc.getString("team_id"), ApiKeyRole.fromWire(doc.getString("role")),
        doc.getBoolean("platform_admin", false), doc.getString("name"), doc.getString("key_prefix"),
        doc.getString("created_by"), doc.getString("created_at"), doc.getString("revoked_at"));
  }

  private static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String hash(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  private static ServiceException unauthenticated() {
    return new ServiceException(FailureCode.UNAUTHENTICATED, "unknown or revoked API key");
  }
}
