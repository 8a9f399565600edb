package dev.turnpoint.service;

import io.vertx.core.Future;

import java.util.List;

/**
 * API keys, at {@link Addresses#API_KEY_STORE}. Only a hash of each key is stored; the key itself is shown once, when
 * it is created. A team comes into being when its first key is created.
 */
public interface ApiKeyStore {

  /** Creates a key for a team; {@link CreatedApiKey#key()} is the only time the secret is seen. */
  Future<CreatedApiKey> createKey(String teamId, ApiKeyRole role, String name, String createdBy);

  /**
   * Creates the platform-admin key when no key exists yet: {@code presetKey} when given, else a random one.
   * Answers null when keys already exist.
   */
  Future<CreatedApiKey> bootstrapPlatformAdmin(String teamId, String presetKey);

  /** Who holds this key; {@link FailureCode#UNAUTHENTICATED} when it is unknown or revoked. */
  Future<ApiKeyPrincipal> authenticate(String key);

  /** The keys of a team (never their secrets). */
  Future<List<ApiKeyInfo>> listKeys(String teamId);

  /**
   * Revokes a key of a team and publishes {@link Addresses#EVENT_API_KEY_REVOKED}; revoking a revoked key again
   * changes nothing. {@link FailureCode#NOT_FOUND} when the team has no such key.
   */
  Future<Void> revokeKey(String teamId, String keyId);
}
