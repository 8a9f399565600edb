package dev.turnpoint.console.signin;

import dev.turnpoint.console.web.ConsoleSession;
import dev.turnpoint.console.web.CsrfGuard;
import dev.turnpoint.console.web.PageResponder;
import dev.turnpoint.console.web.Section;
import dev.turnpoint.console.web.SignInRequired;
import dev.turnpoint.console.web.Viewer;
import dev.turnpoint.service.ApiKeyStore;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.Optional;

/**
 * Signing in with an API key and signing out. The key is checked by the {@link ApiKeyStore}; the console keeps only
 * who it belongs to, in a server-side session, never the key itself. A client address with too many failed attempts
 * is refused with 429 for a while ({@link SignInThrottle}), without its key being looked at.
 */
public final class SignInRoutes {

  public static final String SIGN_OUT_PATH = "/sign-out";
  public static final String HOME = "/runs";

  private static final int MAX_KEY_LENGTH = 512;

  private final ApiKeyStore apiKeys;
  private final SignInThrottle throttle;
  private final PageResponder pages;

  public SignInRoutes(ApiKeyStore apiKeys, SignInThrottle throttle, PageResponder pages) {
    this.apiKeys = apiKeys;
    this.throttle = throttle;
    this.pages = pages;
  }

  /** The sign-in page, open to anyone; its form is protected like every other one. */
  public void mountSignIn(Router router, CsrfGuard csrf) {
    router.get(SignInRequired.SIGN_IN_PATH).handler(this::showSignIn);
    router.post(SignInRequired.SIGN_IN_PATH).handler(csrf).handler(this::signIn);
  }

  /** Signing out, for routes behind the sign-in check. */
  public void mountSignOut(Router router) {
    router.post(SIGN_OUT_PATH).handler(this::signOut);
  }

  private void showSignIn(RoutingContext ctx) {
    if (ConsoleSession.viewer(ctx).isPresent()) {
      redirect(ctx, HOME);
      return;
    }
    String notice = null;
    if (ctx.queryParams().contains("revoked")) {
      notice = "The API key you signed in with has been revoked. Sign in with another key.";
    } else if (ctx.queryParams().contains("expired")) {
      notice = "Your session has expired. Sign in again to continue.";
    } else if (ctx.queryParams().contains("signed_out")) {
      notice = "You have signed out.";
    }
    render(ctx, 200, returnTo(ctx.queryParams().get("return_to")), null, notice);
  }

  private void signIn(RoutingContext ctx) {
    String key = ctx.request().getFormAttribute("api_key");
    String returnTo = returnTo(ctx.request().getFormAttribute("return_to"));
    String address = clientAddress(ctx);
    Optional<Duration> refusal = throttle.refusal(address);
    if (refusal.isPresent()) {
      long seconds = Math.max(1, (refusal.get().toMillis() + 999) / 1000);
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
      render(ctx, 429, returnTo, "Too many failed sign-ins from your address. Wait " + seconds
          + (seconds == 1 ? " second" : " seconds") + ", then try again.", null);
      return;
    }
    if (key == null || key.isBlank()) {
      render(ctx, 422, returnTo, "Enter an API key.", null);
      return;
    }
    if (key.length() > MAX_KEY_LENGTH) {
      render(ctx, 422, returnTo, "That is not an API key.", null);
      return;
    }
    apiKeys.authenticate(key.strip())
        .onSuccess(principal -> {
          ConsoleSession.signIn(ctx, Viewer.of(principal));
          redirect(ctx, returnTo == null ? HOME : returnTo);
        })
        .onFailure(failure -> {
          if (failure instanceof ServiceException service && service.code() == FailureCode.UNAUTHENTICATED) {
            throttle.failed(address);
            render(ctx, 401, returnTo, "That API key is not valid, or it has been revoked.", null);
          } else {
            ctx.fail(failure);
          }
        });
  }

  private void signOut(RoutingContext ctx) {
    ConsoleSession.signOut(ctx);
    redirect(ctx, SignInRequired.SIGN_IN_PATH + "?signed_out=1");
  }

  private Future<Void> render(RoutingContext ctx, int status, String returnTo, String error, String notice) {
    SignInPage page = new SignInPage(ConsoleSession.csrfToken(ctx), returnTo, error, notice);
    return pages.page(ctx, status, "Sign in", Section.NONE, "signin/signIn.jte", page);
  }

  /** The client's address: the peer's, or the forwarded one when the router trusts forwarding headers. */
  private static String clientAddress(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    if (remote == null) {
      return "";
    }
    return remote.hostAddress() != null ? remote.hostAddress() : remote.host();
  }

  private static String returnTo(String requested) {
    return SignInRequired.isLocalPath(requested) && !requested.startsWith(SignInRequired.SIGN_IN_PATH)
        ? requested : null;
  }

  private static void redirect(RoutingContext ctx, String location) {
    ctx.response().putHeader(HttpHeaders.LOCATION, location).setStatusCode(303).end();
  }
}
