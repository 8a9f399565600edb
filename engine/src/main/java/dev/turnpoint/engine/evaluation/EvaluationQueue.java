package dev.turnpoint.engine.evaluation;

import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * Drives at most {@code maxConcurrent} evaluation runs at once; up to {@code maxWaiting} more wait their turn, in the
 * order they came. An evaluation run calls LLMs like any run, so without the bound a burst of finished runs would
 * start as many evaluations at once and crowd out the conversations.
 */
final class EvaluationQueue {

  private final int maxConcurrent;
  private final int maxWaiting;
  private final Deque<Supplier<Future<Void>>> waiting = new ArrayDeque<>();
  private int running;

  EvaluationQueue(int maxConcurrent, int maxWaiting) {
    this.maxConcurrent = maxConcurrent;
    this.maxWaiting = maxWaiting;
  }

  /** Drives {@code drive} now or once a place frees up; false, doing nothing, when too many wait already. */
  synchronized boolean offer(Supplier<Future<Void>> drive) {
    if (running < maxConcurrent) {
      running++;
      launch(drive);
      return true;
    }
    if (waiting.size() >= maxWaiting) {
      return false;
    }
    waiting.add(drive);
    return true;
  }

  private void launch(Supplier<Future<Void>> drive) {
    Future<Void> driven;
    try {
      driven = drive.get();
    } catch (RuntimeException e) {
      driven = Future.failedFuture(e);
    }
    driven.onComplete(done -> next());
  }

  private void next() {
    Supplier<Future<Void>> drive;
    synchronized (this) {
      drive = waiting.poll();
      if (drive == null) {
        running--;
        return;
      }
    }
    launch(drive);
  }
}
