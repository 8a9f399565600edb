package dev.turnpoint.api.http;

import java.util.List;

/**
 * The page a client asked for ({@code page} from 1, {@code size} from 1). Every valid page number answers: one whose
 * first item lies beyond what a store can skip to (an offset over {@link Integer#MAX_VALUE}) is past the end of
 * any list, so it answers no items and the list's true total, as a page just past the end does.
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
}
