package dev.turnpoint.console.web;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers with HTML. One URL serves both shapes: the full document for a browser navigation, only the page's
 * fragment for an htmx request ({@code HX-Request}); {@code Vary: HX-Request} keeps caches from mixing them up.
 */
public final class PageResponder {

  public static final String HTML = "text/html; charset=utf-8";

  private final PageTemplates templates;

  public PageResponder(PageTemplates templates) {
    this.templates = templates;
  }

  /**
   * The page: its fragment for htmx, else the fragment inside the layout. Pages are rendered on a worker thread: a
   * large graph or run renders to megabytes of HTML, which must not hold up the event loop's other clients.
   */
  public Future<Void> page(RoutingContext ctx, int status, String title, Section section, String template,
                           Object model) {
    boolean wantsFragment = Htmx.wantsFragment(ctx);
    boolean hasSession = ctx.session() != null && !ctx.session().isDestroyed();
    Viewer viewer = hasSession ? ConsoleSession.viewer(ctx).orElse(null) : null;
    String csrfToken = hasSession ? ConsoleSession.csrfToken(ctx) : "";
    return ctx.vertx().executeBlocking(() -> {
      String fragment = templates.render(template, model);
      if (wantsFragment) {
        return fragment;
      }
      PageFrame frame = new PageFrame(title, section, viewer, csrfToken, output -> output.writeContent(fragment));
      return templates.render("layout/page.jte", frame);
    }, false).compose(html -> send(ctx, status, html));
  }

  /** Only a fragment, for the answers to htmx actions that swap a part of the page (rendered as pages are). */
  public Future<Void> fragment(RoutingContext ctx, int status, String template, Object model) {
    return ctx.vertx().executeBlocking(() -> templates.render(template, model), false)
        .compose(html -> send(ctx, status, html));
  }

  /** Renders a template to a string, for pushing over a live stream. */
  public String render(String template, Object model) {
    return templates.render(template, model);
  }

  private static Future<Void> send(RoutingContext ctx, int status, String html) {
    HttpServerResponse response = ctx.response();
    htmlHeaders(response);
    return response.setStatusCode(status).end(html);
  }

  /** The headers of every HTML answer: it is personal, so never stored by a cache. */
  public static void htmlHeaders(HttpServerResponse response) {
    response.putHeader(HttpHeaders.CONTENT_TYPE, HTML)
        .putHeader(HttpHeaders.VARY, Htmx.REQUEST)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
  }
}
