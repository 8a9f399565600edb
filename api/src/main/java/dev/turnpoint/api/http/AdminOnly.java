package dev.turnpoint.api.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets only admin keys (a team's admins and the platform admin) through to a route. Members run, read, comment and
 * fork; creating, changing and deleting workflows, versions and runs, and managing keys, is for admins. A member
 * gets 403 before anything about the request is checked, with a body that names the role needed.
 */
public final class AdminOnly implements Handler<RoutingContext> {

  private final String detail;

  private AdminOnly(String detail) {
    this.detail = detail;
  }

  /** {@code action} completes "Only admin API keys can ...", e.g. "delete workflow runs". */
  public static AdminOnly to(String action) {
    return new AdminOnly("Only admin API keys can " + action + "; this key's role is member");
  }

  @Override
  public void handle(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    if (caller.isTeamAdmin()) {
      ctx.next();
    } else {
      ctx.fail(new ApiProblem(403, detail, new JsonObject().put("required_role", "admin")
          .put("role", caller.principal().role().wire())));
    }
  }
}
