package dev.turnpoint.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a FastAPI-style 422 body: where ({@code loc}: "path", "query" or "body", then field names and list
 * indexes), what is wrong ({@code msg}) and a stable {@code type} as pydantic names it.
 */
public record ValidationError(List<Object> loc, String msg, String type) {

  public JsonObject toJson() {
    return new JsonObject().put("loc", new JsonArray(new ArrayList<>(loc))).put("msg", msg).put("type", type);
  }
}
