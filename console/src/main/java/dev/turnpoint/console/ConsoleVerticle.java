package dev.turnpoint.console;

import dev.turnpoint.console.checkpoints.LineageRoutes;
import dev.turnpoint.console.checkpoints.ResumeRoutes;
import dev.turnpoint.console.runs.RunCommentRoutes;
import dev.turnpoint.console.runs.RunRoutes;
import dev.turnpoint.console.signin.SignInRoutes;
import dev.turnpoint.console.web.ConsoleFailures;
import dev.turnpoint.console.web.ConsoleSession;
import dev.turnpoint.console.web.CsrfGuard;
import dev.turnpoint.console.web.PageResponder;
import dev.turnpoint.console.web.PageTemplates;
import dev.turnpoint.console.web.SecurityHeaders;
import dev.turnpoint.console.web.SignInRequired;
import dev.turnpoint.console.web.SiteOrigin;
import dev.turnpoint.console.web.StaticAssets;
import dev.turnpoint.console.workflows.WorkflowRoutes;
import dev.turnpoint.service.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SessionHandler;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The browser console: server-rendered pages (jte) enhanced with htmx, for reading runs and workflows and for driving
 * runs turn by turn. It works through the same event-bus services as the REST API and never calls the API itself.
 * Ready once it listens and hears of revoked API keys; {@link #port()} tells where.
 *
 * <p>Configuration ({@link ConsoleConfig}, every key optional):
 * <ul>
 *   <li>{@code http_port} (8081; 0 picks a free one), {@code host} ("0.0.0.0").</li>
 *   <li>{@code secure_cookies} (false): mark the session cookie {@code Secure}; turn on behind HTTPS.</li>
 *   <li>{@code public_origin} (none): the origin browsers reach the console at, such as
 *   {@code "https://console.example.com"}, when a proxy in front rewrites the scheme or host. A state-changing
 *   request (POST, PUT, PATCH, DELETE) is refused with 403 unless its {@code Origin} (or, without one, its
 *   {@code Referer}) is this origin or the one the request was addressed to (its scheme and {@code Host}).</li>
 *   <li>{@code trust_forwarded_headers} (false): take the client's address, scheme and host from the
 *   {@code X-Forwarded-*} headers. Only behind a proxy that sets them itself: anyone else could claim any address
 *   and so dodge the sign-in throttle.</li>
 *   <li>{@code session_timeout_minutes} (60; fractions allowed): a session that sees no request for this long is
 *   gone.</li>
 *   <li>{@code max_sessions} (10000, at least 2): the most sessions kept at once, of which at most a tenth anonymous
 *   (visitors who only opened the sign-in page). One more anonymous session evicts the least recently used anonymous
 *   one, one more signed-in session the least recently used signed-in one, so that visits to the sign-in page never
 *   sign anyone out.</li>
 *   <li>{@code key_check_interval_ms} (1000): revoking an API key signs its sessions out at once (the key store
 *   publishes {@link Addresses#EVENT_API_KEY_REVOKED}); should that event be missed, every request still checks the
 *   session's key against the key store, trusting an answer for at most this long (0: ask every time).</li>
 *   <li>{@code sign_in_max_failures} (5) within {@code sign_in_failure_window_seconds} (60): after that many failed
 *   sign-ins, a client address is refused with 429 (and {@code Retry-After}) until its oldest failure leaves the
 *   window. At most {@code sign_in_tracked_addresses} (10000) addresses are remembered.</li>
 *   <li>{@code max_connections} (1000): connections open at once; one more is closed as soon as it is accepted.</li>
 *   <li>{@code idle_timeout_seconds} (60; 0 never): a connection that sends and receives nothing for this long is
 *   closed. Live streams send a keep-alive every 20 seconds, so keep it above that.</li>
 *   <li>{@code max_header_size_bytes} (8192; 431 above) and {@code max_initial_line_length} (4096; 414 above).</li>
 *   <li>{@code dev_templates_dir} (none): compile and hot-reload the {@code .jte} sources from this directory.</li>
 * </ul>
 * Instances of the console in one Vert.x share their sessions and limits ({@link SharedConsoleState}). Time comes
 * from the {@link Clock} given to the constructor, the system's by default.
 */
public class ConsoleVerticle extends VerticleBase {

  /** Forms carry short texts; anything larger is refused before it is read. */
  private static final long BODY_LIMIT_BYTES = 256 * 1024;

  private final Clock clock;
  private SharedConsoleState shared;
  private HttpServer server;
  private Router mounted;

  public ConsoleVerticle() {
    this(Clock.systemUTC());
  }

  /** A console whose sessions, sign-in throttle and key checks tell time by {@code clock}. */
  public ConsoleVerticle(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    ConsoleConfig settings = ConsoleConfig.fromJson(config());
    PageTemplates templates = settings.devTemplatesDir() == null
        ? PageTemplates.precompiled()
        : PageTemplates.hotReloading(Path.of(settings.devTemplatesDir()));
    ConsoleServices services = ConsoleServices.clients(vertx);
    shared = SharedConsoleState.acquire(vertx, settings, services, clock);
    return vertx.eventBus().<JsonObject>consumer(Addresses.EVENT_API_KEY_REVOKED, shared.revocations::onRevocation)
        .completion()
        .compose(listening -> StaticAssets.load(vertx))
        .map(assets -> mounted = router(settings, new PageResponder(templates), services, assets))
        .compose(router -> vertx.createHttpServer(serverOptions(settings))
            .connectionHandler(shared.connections)
            .requestHandler(router)
            .listen())
        .onSuccess(listening -> server = listening)
        .onFailure(failure -> releaseShared());
  }

  @Override
  public Future<?> stop() {
    releaseShared();
    return Future.succeededFuture();
  }

  private void releaseShared() {
    if (shared != null) {
      shared.release(vertx);
      shared = null;
    }
  }

  /** The port the console listens on (the one picked by the system when configured as 0). */
  public int port() {
    return server.actualPort();
  }

  /** The routes as mounted, for tests that check every state-changing route against the role table. */
  Router mountedRouter() {
    return mounted;
  }

  private static HttpServerOptions serverOptions(ConsoleConfig settings) {
    ConsoleConfig.Connections limits = settings.connections();
    return new HttpServerOptions()
        .setPort(settings.httpPort())
        .setHost(settings.host())
        // HTTP/1.1 only, as the API: the h2c upgrade path has been seen to corrupt large responses.
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout(limits.idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setMaxHeaderSize(limits.maxHeaderSizeBytes())
        .setMaxInitialLineLength(limits.maxInitialLineLength());
  }

  private Router router(ConsoleConfig settings, PageResponder pages, ConsoleServices services,
                        StaticAssets assets) {
    Router router = Router.router(vertx);
    if (settings.trustForwardedHeaders()) {
      router.allowForward(AllowForwardHeaders.X_FORWARD);
    }
    ConsoleFailures failures = new ConsoleFailures(pages);
    CsrfGuard csrf = new CsrfGuard(new SiteOrigin(settings.publicOrigin()));
    SignInRoutes signIn = new SignInRoutes(services.apiKeys(), shared.throttle, pages);

    router.route().handler(new SecurityHeaders());
    assets.mount(router);
    router.route().handler(ConsoleSession::rememberRequestedSession);
    router.route().handler(sessions(settings));
    router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
    router.route().handler(shared.revocations);
    signIn.mountSignIn(router, csrf);

    router.route().handler(new SignInRequired());
    router.route().handler(csrf);
    router.get("/").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.LOCATION, SignInRoutes.HOME).setStatusCode(303).end());
    signIn.mountSignOut(router);
    new RunRoutes(vertx, services, pages).mount(router);
    new RunCommentRoutes(services, pages).mount(router);
    new LineageRoutes(services, pages).mount(router);
    new ResumeRoutes(services, pages).mount(router);
    new WorkflowRoutes(services, pages).mount(router);

    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    router.errorHandler(413, failures);
    return router;
  }

  private SessionHandler sessions(ConsoleConfig settings) {
    return SessionHandler.create(shared.sessions)
        .setSessionCookieName(ConsoleSession.COOKIE_NAME)
        .setSessionTimeout(settings.sessions().idleTimeout().toMillis())
        .setCookieHttpOnlyFlag(true)
        .setCookieSameSite(CookieSameSite.STRICT)
        .setCookieSecureFlag(settings.secureCookies())
        .setNagHttps(false);
  }
}
