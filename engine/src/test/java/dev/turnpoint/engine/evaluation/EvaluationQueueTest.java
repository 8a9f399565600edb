package dev.turnpoint.engine.evaluation;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How many evaluation runs are driven at once, and how many may wait. */
class EvaluationQueueTest {

  @Test
  void atMostTheBoundRunsAtOnceAndTheRestWaitInOrderUpToTheirOwnBound() {
    EvaluationQueue queue = new EvaluationQueue(2, 1);
    List<String> started = new ArrayList<>();
    List<Promise<Void>> running = new ArrayList<>();

    for (String name : List.of("a", "b", "c")) {
      assertThat(queue.offer(() -> drive(name, started, running))).isTrue();
    }
    assertThat(queue.offer(() -> drive("d", started, running))).isFalse();
    assertThat(started).containsExactly("a", "b");

    running.get(0).fail("the evaluator broke");
    assertThat(started).containsExactly("a", "b", "c");
    assertThat(queue.offer(() -> drive("e", started, running))).isTrue();
    running.get(1).complete();
    running.get(2).complete();
    assertThat(started).containsExactly("a", "b", "c", "e");

    running.get(3).complete();
    assertThat(queue.offer(() -> drive("f", started, running))).isTrue();
    assertThat(queue.offer(() -> drive("g", started, running))).isTrue();
    assertThat(started).containsExactly("a", "b", "c", "e", "f", "g");
  }

  @Test
  void aDriveThatThrowsFreesItsPlace() {
    EvaluationQueue queue = new EvaluationQueue(1, 0);
    assertThat(queue.offer(() -> {
      throw new IllegalStateException("no store");
    })).isTrue();
    List<String> started = new ArrayList<>();
    assertThat(queue.offer(() -> drive("next", started, new ArrayList<>()))).isTrue();
    assertThat(started).containsExactly("next");
  }

  private static Future<Void> drive(String name, List<String> started, List<Promise<Void>> running) {
    started.add(name);
    Promise<Void> promise = Promise.promise();
    running.add(promise);
    return promise.future();
  }
}
