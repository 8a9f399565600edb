package dev.turnpoint.service;

/** Who is calling: the key's id, its team and role, and whether it may act for every team. */
public record ApiKeyPrincipal(String keyId, String teamId, ApiKeyRole role, boolean platformAdmin) {
}
