package dev.turnpoint.service;

/** A key as listed: everything but the secret. {@code keyPrefix} is its first characters, to tell keys apart. */
public record ApiKeyInfo(String id, String teamId, ApiKeyRole role, boolean platformAdmin, String name,
                         String keyPrefix, String createdBy, String createdAt, String revokedAt) {
}
