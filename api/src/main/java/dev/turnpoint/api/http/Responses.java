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
    body.onSuccess(json -> {
      ctx.response()
          .setStatusCode(status)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      AnswerWriter.of(ctx).end(ctx, json.toBuffer());
    }).onFailure(ctx::fail);
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
