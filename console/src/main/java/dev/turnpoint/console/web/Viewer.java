package dev.turnpoint.console.web;

import dev.turnpoint.service.ApiKeyPrincipal;
import dev.turnpoint.service.ApiKeyRole;

/**
 * Who is signed in: the API key they signed in with, its team and role. The key's id is recorded as the author of
 * what they change.
 */
public record Viewer(String keyId, String teamId, ApiKeyRole role, boolean platformAdmin) {

  public static Viewer of(ApiKeyPrincipal principal) {
    return new Viewer(principal.keyId(), principal.teamId(), principal.role(), principal.platformAdmin());
  }

  public String userId() {
    return keyId;
  }

  /** Whether the viewer may change workflows and versions and delete any comment: a team or platform admin. */
  public boolean isAdmin() {
    return platformAdmin || role == ApiKeyRole.ADMIN;
  }
}
