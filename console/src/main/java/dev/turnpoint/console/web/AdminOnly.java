package dev.turnpoint.console.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets only admins (a team's admins and the platform admin) through to a console route, by the same rule as the REST
 * API: members run, read, comment and fork; creating, changing and deleting workflows and versions is for admins. A
 * member gets a 403 page (or fragment, for htmx) before anything about the request is read. Mounted after
 * {@link SignInRequired}, so there always is a viewer.
 */
public final class AdminOnly implements Handler<RoutingContext> {

  private final String refusal;

  private AdminOnly(String refusal) {
    this.refusal = refusal;
  }

  /** {@code action} completes "Only team admins can ...", e.g. "activate workflow versions". */
  public static AdminOnly to(String action) {
    return new AdminOnly("Only team admins can " + action + "; you are signed in with a member key.");
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ConsoleSession.requireViewer(ctx).isAdmin()) {
      ctx.next();
    } else {
      ctx.fail(new ConsoleException(403, refusal));
    }
  }
}
