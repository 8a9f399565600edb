package dev.turnpoint.api.http;

import dev.turnpoint.api.openapi.Schemas;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The page a client asked for ({@code page} from 1, {@code size} from 1). Every valid page number answers: one whose
 * first item lies beyond what a store can skip to (an offset over {@link Integer#MAX_VALUE}) is past the end of
 * any list, so it answers no items and the list's true total, as a page just past the end does.
 *
 * <p>Every list answer has the same envelope ({@link #answer}): the items under the resource's name, then
 * {@code total}, {@code page}, {@code size}, {@code pages} and {@code has_next}, what the SDK's pager reads to decide
 * whether to ask for the next page (without {@code page} and {@code size} it stops after the first).
 */
public record PageRequest(int page, int size) {

  /** Whether the page starts at an offset a store can address. */
  public boolean addressable() {
    return (long) (page - 1) * size <= Integer.MAX_VALUE;
  }

  /** The page number to ask the store for: this one, or the first when this one lies past any end. */
  public int storePage() {
    return addressable() ? page : 1;
  }

  /** The page size to ask the store for; past any end, one item, only to learn the total. */
  public int storeSize() {
    return addressable() ? size : 1;
  }

  /** The items of this page, from what the store answered for {@link #storePage()}. */
  public <T> List<T> items(List<T> answered) {
    return addressable() ? answered : List.of();
  }

  /** One page of a list: {@code items} under {@code key}, with the list's {@code total} and where this page is. */
  public JsonObject answer(String key, JsonArray items, long total) {
    long pages = (total + size - 1) / size;
    return new JsonObject().put(key, items).put("total", total).put("page", page).put("size", size)
        .put("pages", pages).put("has_next", page < pages);
  }

  /** A list that is not paged answers as its one page: page 1, of as many items as it has. */
  public static JsonObject whole(String key, JsonArray items) {
    return new PageRequest(1, Math.max(items.size(), 1)).answer(key, items, items.size());
  }

  /** The schema of {@link #answer}'s envelope around {@code items}. */
  public static JsonObject schema(String key, JsonObject itemSchema) {
    JsonObject integer = new JsonObject().put("type", "integer");
    return Schemas.object().required(key, Schemas.arrayOf(itemSchema)).required("total", integer)
        .required("page", integer).required("size", integer)
        .required("pages", integer.copy().put("description", "Pages of this size in the whole list"))
        .required("has_next", new JsonObject().put("type", "boolean")).build();
  }
}
