package dev.turnpoint.api.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.Callable;

/**
 * Runs work that can cost more than an event loop may spend on one request, on a worker thread: reading and checking
 * a large workflow graph, building and encoding a multi-megabyte answer. Meanwhile the event loop goes on answering
 * other clients. What the work answers, or the exception it throws, comes back on the request's event loop, so a
 * refusal it throws (a 422, say) is answered as if the handler had thrown it.
 *
 * <p>Tasks run unordered: two requests' work runs side by side on the worker pool.
 */
public final class OffLoop {

  private OffLoop() {
  }

  /** {@code work}'s result, computed on a worker thread. */
  public static <T> Future<T> run(RoutingContext ctx, Callable<T> work) {
    return ctx.vertx().executeBlocking(work, false);
  }

  /**
   * The future {@code work} starts on a worker thread, e.g. a service call whose large argument is encoded there;
   * its reply is handled on the event loop as usual.
   */
  public static <T> Future<T> start(RoutingContext ctx, Callable<Future<T>> work) {
    return run(ctx, work).compose(started -> started);
  }
}
