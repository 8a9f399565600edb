package dev.turnpoint.service;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a key may do within its team. The platform admin is an admin whose key may also act for other teams. */
public enum ApiKeyRole {
  ADMIN, MEMBER;

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }

  @JsonCreator
  public static ApiKeyRole fromWire(String value) {
    for (ApiKeyRole role : values()) {
      if (role.wire().equals(value)) {
        return role;
      }
    }
    throw new IllegalArgumentException("role must be 'admin' or 'member'");
  }
}
