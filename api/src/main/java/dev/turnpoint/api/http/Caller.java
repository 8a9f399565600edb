package dev.turnpoint.api.http;

import dev.turnpoint.service.ApiKeyPrincipal;
import dev.turnpoint.service.ApiKeyRole;
import io.vertx.ext.web.RoutingContext;

/**
 * Who sent a request: the team always comes from the API key; {@code userId} (recorded as {@code created_by}) is the
 * SDK's {@code uuid} header when it sent a sensible one, else the key's id.
 */
public record Caller(ApiKeyPrincipal principal, String userId) {

  private static final String KEY = Caller.class.getName();

  public String teamId() {
    return principal.teamId();
  }

  public boolean isPlatformAdmin() {
    return principal.platformAdmin();
  }

  public boolean isTeamAdmin() {
    return principal.platformAdmin() || principal.role() == ApiKeyRole.ADMIN;
  }

  void attachTo(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  /** The caller the authentication handler attached to this request. */
  public static Caller of(RoutingContext ctx) {
    Caller caller = ctx.get(KEY);
    if (caller == null) {
      throw new IllegalStateException("no authenticated caller on " + ctx.request().path());
    }
    return caller;
  }
}
