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
import dev.turnpoint.console.web.StaticAssets;
import dev.turnpoint.console.workflows.WorkflowRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;

import java.nio.file.Path;

/**
 * The browser console: server-rendered pages (jte) enhanced with htmx, for reading runs and workflows and for driving
 * runs turn by turn. It works through the same event-bus services as the REST API and never calls the API itself.
 * Ready once it listens; {@link #port()} tells where.
 */
public class ConsoleVerticle extends VerticleBase {

  /** Forms carry short texts; anything larger is refused before it is read. */
  private static final long BODY_LIMIT_BYTES = 256 * 1024;
  /** Instances of the console in one Vert.x share their sessions through this local map. */
  private static final String SESSION_MAP = "turnpoint.console.sessions";

  private HttpServer server;

  @Override
  public Future<?> start() {
    ConsoleConfig settings = ConsoleConfig.fromJson(config());
    PageTemplates templates = settings.devTemplatesDir() == null
        ? PageTemplates.precompiled()
        : PageTemplates.hotReloading(Path.of(settings.devTemplatesDir()));
    ConsoleServices services = ConsoleServices.clients(vertx);
    return StaticAssets.load(vertx)
        .map(assets -> router(settings, new PageResponder(templates), services, assets))
        .compose(router -> vertx.createHttpServer(new HttpServerOptions()
                .setPort(settings.httpPort())
                .setHost(settings.host())
                // HTTP/1.1 only, as the API: the h2c upgrade path has been seen to corrupt large responses.
                .setHttp2ClearTextEnabled(false))
            .requestHandler(router)
            .listen())
        .onSuccess(listening -> server = listening);
  }

  /** The port the console listens on (the one picked by the system when configured as 0). */
  public int port() {
    return server.actualPort();
  }

  private Router router(ConsoleConfig settings, PageResponder pages, ConsoleServices services,
                        StaticAssets assets) {
    Router router = Router.router(vertx);
    ConsoleFailures failures = new ConsoleFailures(pages);
    CsrfGuard csrf = new CsrfGuard();
    SignInRoutes signIn = new SignInRoutes(services.apiKeys(), pages);

    router.route().handler(new SecurityHeaders());
    assets.mount(router);
    router.route().handler(ConsoleSession::rememberRequestedSession);
    router.route().handler(sessions(settings));
    router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
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
    return SessionHandler.create(LocalSessionStore.create(vertx, SESSION_MAP))
        .setSessionCookieName(ConsoleSession.COOKIE_NAME)
        .setSessionTimeout(settings.sessionTimeout().toMillis())
        .setCookieHttpOnlyFlag(true)
        .setCookieSameSite(CookieSameSite.STRICT)
        .setCookieSecureFlag(settings.secureCookies())
        .setNagHttps(false);
  }
}
