package dev.turnpoint.api.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Collection;
import java.util.function.Function;

/** Writes successful answers, through the request's {@link AnswerWriter}; failures go to the failure handler. */
public final class Responses {

  private Responses() {
  }

  /** Answers {@code status} with the JSON the future produces, or hands its failure to the failure handler. */
  public static void json(RoutingContext ctx, int status, Future<JsonObject> body) {
    body.onSuccess(json -> send(ctx, status, json.toBuffer())).onFailure(ctx::fail);
  }

  /**
   * Answers {@code status} with {@code view} of what {@code source} produces, the view built and encoded on a worker
   * thread ({@link OffLoop}): for answers that can be megabytes (a run with its turns, a whole graph, a diff), whose
   * JSON would hold the event loop for a noticeable time.
   */
  public static <T> void view(RoutingContext ctx, int status, Future<T> source, Function<T, JsonObject> view) {
    source.compose(value -> OffLoop.run(ctx, () -> view.apply(value).toBuffer()))
        .onSuccess(body -> send(ctx, status, body))
        .onFailure(ctx::fail);
  }

  private static void send(RoutingContext ctx, int status, Buffer body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    AnswerWriter.of(ctx).end(ctx, body);
  }

  /** A JSON array of the views of {@code items}, in order. */
  public static <T> JsonArray array(Collection<T> items, Function<T, ?> view) {
    JsonArray array = new JsonArray();
    items.forEach(item -> array.add(view.apply(item)));
    return array;
  }

  /** Answers 204 once the future succeeds. */
  public static void noContent(RoutingContext ctx, Future<?> done) {
    done.onSuccess(ignored -> {
      ctx.response().setStatusCode(204);
      AnswerWriter.of(ctx).end(ctx, Buffer.buffer());
    }).onFailure(ctx::fail);
  }
}
