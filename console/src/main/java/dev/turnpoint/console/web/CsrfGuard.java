package dev.turnpoint.console.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Synchronizer-token protection against cross-site request forgery. Every state-changing request must carry the
 * session's token: htmx sends it in {@value #HEADER} (from {@code hx-headers} on the body), plain forms in the
 * {@value #FORM_FIELD} field. A request without the right token is refused with 403 before any work is done.
 */
public final class CsrfGuard implements Handler<RoutingContext> {

  public static final String HEADER = "X-CSRF-Token";
  public static final String FORM_FIELD = "csrf_token";

  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  @Override
  public void handle(RoutingContext ctx) {
    if (SAFE.contains(ctx.request().method())) {
      ctx.next();
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
