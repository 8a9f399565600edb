package dev.turnpoint.console.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Lets only signed-in viewers through. Anyone else is sent to the sign-in page: a browser navigation with a redirect,
 * an htmx request with {@code HX-Redirect} (htmx would otherwise swap the sign-in page into a fragment's place), and
 * an event stream with a plain 401. A page the viewer asked for is remembered, so signing in returns to it; the
 * sign-in page is told whether the session expired or its API key was revoked.
 */
public final class SignInRequired implements Handler<RoutingContext> {

  public static final String SIGN_IN_PATH = "/sign-in";

  @Override
  public void handle(RoutingContext ctx) {
    if (ConsoleSession.viewer(ctx).isPresent()) {
      ctx.next();
      return;
    }
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    if (accept != null && accept.contains("text/event-stream")) {
      ctx.response().setStatusCode(401).end();
      return;
    }
    String location = signInLocation(ctx);
    if ("true".equals(ctx.request().getHeader(Htmx.REQUEST))) {
      ctx.response().putHeader(Htmx.REDIRECT, location).setStatusCode(401).end();
      return;
    }
    ctx.response().putHeader(HttpHeaders.LOCATION, location).setStatusCode(303).end();
  }

  private static String signInLocation(RoutingContext ctx) {
    StringBuilder location = new StringBuilder(SIGN_IN_PATH);
    String separator = "?";
    if (ConsoleSession.takeKeyRevoked(ctx)) {
      location.append(separator).append("revoked=1");
      separator = "&";
    } else if (ConsoleSession.sessionExpired(ctx)) {
      location.append(separator).append("expired=1");
      separator = "&";
    }
    if (ctx.request().method() == HttpMethod.GET && !"true".equals(ctx.request().getHeader(Htmx.REQUEST))) {
      location.append(separator).append("return_to=")
          .append(URLEncoder.encode(ctx.request().uri(), StandardCharsets.UTF_8));
    }
    return location.toString();
  }

  /** Whether {@code path} is a page of this console, so redirecting to it after sign-in cannot leave the site. */
  public static boolean isLocalPath(String path) {
    return path != null && path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\")
        && path.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
  }
}
