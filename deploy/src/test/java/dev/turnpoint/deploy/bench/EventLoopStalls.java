package dev.turnpoint.deploy.bench;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long the event loops of a Vert.x instance went without running anything else. A probe on every loop ticks
 * each millisecond and records the longest gap between two ticks: work that holds a loop for 300 ms shows as a gap of
 * about 300 ms, on whichever verticle's loop it ran.
 */
final class EventLoopStalls implements AutoCloseable {

  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final List<ScheduledFuture<?>> probes = new ArrayList<>();
  private final AtomicLongArray lastTick;
  private final AtomicLongArray longestGap;
  private final String[] threads;

  private EventLoopStalls(List<EventExecutor> loops) {
    lastTick = new AtomicLongArray(loops.size());
    longestGap = new AtomicLongArray(loops.size());
    threads = new String[loops.size()];
    for (int i = 0; i < loops.size(); i++) {
      int loop = i;
      lastTick.set(loop, System.nanoTime());
      probes.add(loops.get(loop).scheduleAtFixedRate(() -> tick(loop), TICK_NANOS, TICK_NANOS,
          TimeUnit.NANOSECONDS));
    }
  }

  static EventLoopStalls watch(Vertx vertx) {
    List<EventExecutor> loops = new ArrayList<>();
    ((VertxInternal) vertx).nettyEventLoopGroup().forEach(loops::add);
    return new EventLoopStalls(loops);
  }

  private void tick(int loop) {
    threads[loop] = Thread.currentThread().getName();
    long now = System.nanoTime();
    long gap = now - lastTick.getAndSet(loop, now);
    longestGap.accumulateAndGet(loop, gap, Math::max);
  }

  /** Starts a new period. */
  void reset() {
    for (int i = 0; i < longestGap.length(); i++) {
      lastTick.set(i, System.nanoTime());
      longestGap.set(i, 0);
    }
  }

  /** The longest stall of any loop since {@link #reset}, less the probe's own tick, and the loop's thread. */
  Stall longest() {
    long longest = -1;
    int which = 0;
    for (int i = 0; i < longestGap.length(); i++) {
      // A loop that is stalled right now has not ticked yet: count the stall so far.
      long gap = Math.max(longestGap.get(i), System.nanoTime() - lastTick.get(i));
      if (gap > longest) {
        longest = gap;
        which = i;
      }
    }
    return new Stall(Math.max(0, longest - TICK_NANOS) / 1e6, String.valueOf(threads[which]));
  }

  /** How long a loop went without running anything else, and which loop's thread it was. */
  record Stall(double millis, String thread) {
  }

  @Override
  public void close() {
    probes.forEach(probe -> probe.cancel(false));
  }
}
