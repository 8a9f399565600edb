package dev.turnpoint.deploy.bench;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The requests of the soak that completed in one period (a minute, the calibration, or several minutes merged), by
 * kind, with their latencies, and the ones that were not answered as expected. Requests complete on an event loop
 * while the sampler closes the period on another thread, hence the locking.
 */
final class SoakInterval {

  /** What a request of the soak's mix does. */
  enum Kind { TURN, FORK, READ }

  private final long startedAt;
  private long endedAt;
  private final Map<Kind, long[]> latencies = new EnumMap<>(Kind.class);
  private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
  private long failures;
  private String firstFailure;

  SoakInterval(long startedAtNanos) {
    this.startedAt = startedAtNanos;
    for (Kind kind : Kind.values()) {
      latencies.put(kind, new long[1024]);
      counts.put(kind, 0);
    }
  }

  /** The intervals as one: their requests together, from the first's start to the last's end. */
  static SoakInterval merge(List<SoakInterval> intervals) {
    SoakInterval merged = new SoakInterval(intervals.get(0).startedAt);
    for (SoakInterval interval : intervals) {
      synchronized (interval) {
        for (Kind kind : Kind.values()) {
          long[] own = interval.latencies.get(kind);
          for (int i = 0; i < interval.counts.get(kind); i++) {
            merged.record(kind, own[i]);
          }
        }
        merged.failures += interval.failures;
        if (merged.firstFailure == null) {
          merged.firstFailure = interval.firstFailure;
        }
      }
    }
    merged.endedAt = intervals.get(intervals.size() - 1).endedAt;
    return merged;
  }

  synchronized void record(Kind kind, long latencyNanos) {
    int count = counts.get(kind);
    long[] own = latencies.get(kind);
    if (count == own.length) {
      own = Arrays.copyOf(own, count * 2);
      latencies.put(kind, own);
    }
    own[count] = latencyNanos;
    counts.put(kind, count + 1);
  }

  synchronized void fail(Kind kind, String what) {
    failures++;
    if (firstFailure == null) {
      firstFailure = kind + ": " + what;
    }
  }

  /** Ends the period; the requests that complete later belong to the next one. */
  synchronized void end(long endedAtNanos) {
    endedAt = endedAtNanos;
  }

  synchronized int count(Kind kind) {
    return counts.get(kind);
  }

  synchronized long failures() {
    return failures;
  }

  synchronized String firstFailure() {
    return firstFailure;
  }

  synchronized double seconds() {
    return (endedAt - startedAt) / 1e9;
  }

  double perSecond(Kind kind) {
    return count(kind) / seconds();
  }

  synchronized double percentileMillis(Kind kind, double percentile) {
    int count = counts.get(kind);
    if (count == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(latencies.get(kind), count);
    Arrays.sort(sorted);
    int index = (int) Math.min(count - 1, Math.max(0, Math.ceil(percentile / 100.0 * count) - 1));
    return sorted[index] / 1e6;
  }
}
