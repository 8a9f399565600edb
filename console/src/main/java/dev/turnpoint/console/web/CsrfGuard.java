package dev.turnpoint.console.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Protection against cross-site request forgery, in two independent checks on every state-changing request (POST,
 * PUT, PATCH, DELETE). It must come from the console's own pages: its {@code Origin} (or {@code Referer}) must be the
 * console's {@link SiteOrigin}. And it must carry the session's synchronizer token: htmx sends it in {@value #HEADER}
 * (from {@code hx-headers} on the body), plain forms in the {@value #FORM_FIELD} field. A request failing either is
 * refused with 403 before any work is done, so a token that leaked to another site is no use there.
 */
public final class CsrfGuard implements Handler<RoutingContext> {

  public static final String HEADER = "X-CSRF-Token";
  public static final String FORM_FIELD = "csrf_token";

  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final SiteOrigin origin;

  public CsrfGuard(SiteOrigin origin) {
    this.origin = origin;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (SAFE.contains(ctx.request().method())) {
      ctx.next();
      return;
    }
    if (!origin.sentFromConsole(ctx.request())) {
      ctx.fail(403, new ConsoleException(403, "This request came from another site and was refused."));
      return;
    }
    String expected = ConsoleSession.storedCsrfToken(ctx);
    String sent = ctx.request().getHeader(HEADER);
    if (sent == null) {
      sent = ctx.request().getFormAttribute(FORM_FIELD);
    }
    if (expected == null || sent == null || !MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8))) {
      ctx.fail(403, new ConsoleException(403, "This form has expired. Reload the page and try again."));
      return;
    }
    ctx.next();
  }
}
