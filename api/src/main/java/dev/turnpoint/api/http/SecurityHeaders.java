package dev.turnpoint.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers that keep browsers from misusing answers. Every answer says {@code nosniff}, so no JSON or script is
 * ever run as another type. The docs pages (Swagger UI) also get a Content-Security-Policy that allows only this
 * server's own scripts, styles and data, with no inline script or style and no framing ({@code frame-ancestors
 * 'none'}, and {@code X-Frame-Options: DENY} for older browsers): Swagger UI runs from static files, its settings
 * in {@code swagger-init.js}, so it needs nothing more.
 */
public final class SecurityHeaders {

  public static final String DOCS_POLICY = String.join("; ",
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      // Swagger UI's stylesheet draws its icons from data: URLs.
      "img-src 'self' data:",
      "connect-src 'self'",
      "form-action 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'");

  private SecurityHeaders() {
  }

  /** For every answer. */
  public static Handler<RoutingContext> everyAnswer() {
    return ctx -> {
      noSniff(ctx.response());
      ctx.next();
    };
  }

  /** For the docs pages and their assets. */
  public static Handler<RoutingContext> docsPages() {
    return ctx -> {
      ctx.response()
          .putHeader("Content-Security-Policy", DOCS_POLICY)
          .putHeader("X-Frame-Options", "DENY")
          .putHeader("Referrer-Policy", "no-referrer");
      ctx.next();
    };
  }

  static void noSniff(HttpServerResponse response) {
    response.putHeader("X-Content-Type-Options", "nosniff");
  }
}
