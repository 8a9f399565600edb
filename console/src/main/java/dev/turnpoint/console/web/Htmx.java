package dev.turnpoint.console.web;

import io.vertx.ext.web.RoutingContext;

/** The request and response headers of htmx 2 that the console uses. */
public final class Htmx {

  public static final String REQUEST = "HX-Request";
  public static final String HISTORY_RESTORE_REQUEST = "HX-History-Restore-Request";
  public static final String REDIRECT = "HX-Redirect";

  private Htmx() {
  }

  /**
   * Whether htmx asked for a fragment. A history restore also carries {@code HX-Request} but swaps the whole body,
   * so it gets the full page.
   */
  public static boolean wantsFragment(RoutingContext ctx) {
    return "true".equals(ctx.request().getHeader(REQUEST))
        && !"true".equals(ctx.request().getHeader(HISTORY_RESTORE_REQUEST));
  }
}
