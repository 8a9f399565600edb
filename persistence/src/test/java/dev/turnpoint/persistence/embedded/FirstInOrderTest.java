package dev.turnpoint.persistence.embedded;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirstInOrderTest {

  /** A value to order by and where it came from, to tell equal values apart. */
  private record Item(int value, int origin) {
  }

  @Test
  void keepsWhatAStableSortOfEverythingWouldPutFirstAndNoMore() {
    Random random = new Random(7);
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      items.add(new Item(random.nextInt(300), i));
    }
    Comparator<Item> order = Comparator.comparingInt(Item::value).reversed();
    for (int count : new int[] {1, 2, 20, 137, 4_999, 5_000, 6_000}) {
      FirstInOrder<Item> first = new FirstInOrder<>(count, order);
      items.forEach(first);
      List<Item> kept = first.inArrivalOrder();

      List<Item> sortedAll = new ArrayList<>(items);
      sortedAll.sort(order);
      List<Item> expected = sortedAll.subList(0, Math.min(count, items.size()));
      assertThat(kept).as("count %d", count).hasSize(expected.size());
      assertThat(kept).as("in arrival order").isSortedAccordingTo(Comparator.comparingInt(Item::origin));
      List<Item> keptSorted = new ArrayList<>(kept);
      keptSorted.sort(order);
      assertThat(keptSorted).as("count %d", count).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void needsSomethingToKeep() {
    assertThatThrownBy(() -> new FirstInOrder<Integer>(0, Comparator.naturalOrder()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
