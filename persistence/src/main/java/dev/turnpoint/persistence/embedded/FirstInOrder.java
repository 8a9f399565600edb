package dev.turnpoint.persistence.embedded;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The first {@code count} elements of a sequence in an order, kept while the sequence goes by: at most {@code count}
 * of them are held at any time, however long the sequence. Elements that compare equal keep the order they came in,
 * as a stable sort of the whole sequence would give them.
 *
 * @param <T> the elements
 */
final class FirstInOrder<T> implements Consumer<T> {

  private record Seen<T>(T element, long position) {
  }

  private final int count;
  /** The worst element kept is at the head, so it goes first when a better one comes. */
  private final PriorityQueue<Seen<T>> kept;
  private long position;

  FirstInOrder(int count, Comparator<? super T> order) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1");
    }
    this.count = count;
    Comparator<Seen<T>> inOrder = Comparator.<Seen<T>, T>comparing(Seen::element, order)
        .thenComparingLong(Seen::position);
    this.kept = new PriorityQueue<>(Math.min(count, 1024) + 1, inOrder.reversed());
  }

  @Override
  public void accept(T element) {
    kept.add(new Seen<>(element, position++));
    if (kept.size() > count) {
      kept.poll();
    }
  }

  /** The elements kept, in the order they came in (not sorted). */
  List<T> inArrivalOrder() {
    List<Seen<T>> seen = new ArrayList<>(kept);
    seen.sort(Comparator.comparingLong(Seen::position));
    List<T> elements = new ArrayList<>(seen.size());
    seen.forEach(s -> elements.add(s.element()));
    return elements;
  }
}
