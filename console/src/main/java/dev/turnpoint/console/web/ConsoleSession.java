package dev.turnpoint.console.web;

import dev.turnpoint.model.Ids;
import dev.turnpoint.service.ApiKeyRole;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;

import java.util.Optional;

/**
 * What the console keeps in a server-side session: the signed-in {@link Viewer} and the synchronizer token that every
 * state-changing request must echo. Only strings are stored, so any session store can hold them. A session whose API
 * key was revoked is signed out in place and remembers why until the viewer has been told.
 */
public final class ConsoleSession {

  public static final String COOKIE_NAME = "turnpoint_console_session";

  private static final String KEY_ID = "viewer.key_id";
  private static final String TEAM_ID = "viewer.team_id";
  private static final String ROLE = "viewer.role";
  private static final String PLATFORM_ADMIN = "viewer.platform_admin";
  private static final String CSRF_TOKEN = "csrf_token";
  private static final String REQUESTED_SESSION = "console.requested_session";
  private static final String KEY_REVOKED = "signed_out.key_revoked";

  private ConsoleSession() {
  }

  public static Optional<Viewer> viewer(RoutingContext ctx) {
    Session session = ctx.session();
    if (session == null || session.isDestroyed()) {
      return Optional.empty();
    }
    String keyId = session.get(KEY_ID);
    String teamId = session.get(TEAM_ID);
    String role = session.get(ROLE);
    if (keyId == null || teamId == null || role == null) {
      return Optional.empty();
    }
    return Optional.of(new Viewer(keyId, teamId, ApiKeyRole.fromWire(role),
        Boolean.parseBoolean(session.get(PLATFORM_ADMIN))));
  }

  /** The signed-in viewer; only for routes behind {@link SignInRequired}. */
  public static Viewer requireViewer(RoutingContext ctx) {
    return viewer(ctx).orElseThrow(() -> new IllegalStateException("route is not behind the sign-in check"));
  }

  /**
   * Signs {@code viewer} in: a new session id (so an id planted before sign-in is worthless) and a new token.
   */
  public static void signIn(RoutingContext ctx, Viewer viewer) {
    Session session = ctx.session().regenerateId();
    session.put(KEY_ID, viewer.keyId());
    session.put(TEAM_ID, viewer.teamId());
    session.put(ROLE, viewer.role().wire());
    session.put(PLATFORM_ADMIN, Boolean.toString(viewer.platformAdmin()));
    session.put(CSRF_TOKEN, Ids.randomToken(32));
  }

  public static void signOut(RoutingContext ctx) {
    ctx.session().destroy();
  }

  /** Whether someone is signed in with this session. */
  static boolean isSignedIn(Session session) {
    return session.get(KEY_ID) != null;
  }

  /** Whether this session is signed in with the API key {@code keyId}. */
  static boolean signedInWith(Session session, String keyId) {
    return keyId.equals(session.get(KEY_ID));
  }

  /**
   * Signs the session out because its API key was revoked: the viewer and the token go, a note of why stays (see
   * {@link #takeKeyRevoked}).
   */
  public static void endRevoked(Session session) {
    session.remove(KEY_ID);
    session.remove(TEAM_ID);
    session.remove(ROLE);
    session.remove(PLATFORM_ADMIN);
    session.remove(CSRF_TOKEN);
    session.put(KEY_REVOKED, "true");
  }

  /** Whether the session was signed out because its key was revoked; the note is removed once read. */
  static boolean takeKeyRevoked(RoutingContext ctx) {
    Session session = ctx.session();
    return session != null && !session.isDestroyed() && session.remove(KEY_REVOKED) != null;
  }

  /** The session's synchronizer token, created with the session's first page. */
  public static String csrfToken(RoutingContext ctx) {
    Session session = ctx.session();
    session.computeIfAbsent(CSRF_TOKEN, key -> Ids.randomToken(32));
    return session.get(CSRF_TOKEN);
  }

  /** The token as stored, or null when the session never had one (it expired or never rendered a page). */
  static String storedCsrfToken(RoutingContext ctx) {
    Session session = ctx.session();
    return session == null || session.isDestroyed() ? null : session.get(CSRF_TOKEN);
  }

  /**
   * Notes the session id the browser sent, before the session handler runs: once it has, the request's cookies also
   * show the cookie of a session it created in place of an unknown one.
   */
  public static void rememberRequestedSession(RoutingContext ctx) {
    var cookie = ctx.request().getCookie(COOKIE_NAME);
    if (cookie != null) {
      ctx.put(REQUESTED_SESSION, cookie.getValue());
    }
    ctx.next();
  }

  /**
   * Whether the browser sent a session cookie the store no longer knows: its session expired (or the server
   * restarted), as opposed to a visitor who never signed in.
   */
  static boolean sessionExpired(RoutingContext ctx) {
    String requested = ctx.get(REQUESTED_SESSION);
    Session session = ctx.session();
    return requested != null && session != null && !requested.equals(session.id());
  }
}
