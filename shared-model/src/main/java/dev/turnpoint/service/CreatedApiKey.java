package dev.turnpoint.service;

/** A newly created key: its description and, this once, the secret itself. */
public record CreatedApiKey(ApiKeyInfo info, String key) {
}
