package dev.turnpoint.engine;

import dev.turnpoint.service.HeldLease;
import dev.turnpoint.service.RunStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the turn leases this engine holds alive while their turns run, so that a lease can be short and still outlast
 * a long turn (a slow LLM call, an HTTP node waiting out its timeout): every third of the lease's duration, one store
 * call ({@link RunStore#renewLeases}) extends all of them. A lease is held from the moment {@link RunLeases} takes it
 * until its call has committed or released it; then renewal stops, and a lease whose holder died runs out within one
 * lease's duration.
 *
 * <p>A renewal that fails (the store is unreachable for a moment) is logged and tried again at the next tick; a lease
 * it could not keep is then lost, and its turn's commit fails with CONFLICT instead of overwriting a later turn.
 */
final class LeaseRenewal {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseRenewal.class);

  private final Vertx vertx;
  private final RunStore runs;
  private final long leaseMillis;
  /** The leases held: run id by token (a token names one lease of one run). */
  private final Map<String, String> held = new ConcurrentHashMap<>();
  private final AtomicBoolean renewing = new AtomicBoolean();
  private long timerId = -1;

  LeaseRenewal(Vertx vertx, RunStore runs, long leaseMillis) {
    this.vertx = vertx;
    this.runs = runs;
    this.leaseMillis = leaseMillis;
  }

  /** Renews the held leases every third of their duration until {@link #stop}. */
  void start() {
    timerId = vertx.setPeriodic(Math.max(1, leaseMillis / 3), id -> renew());
  }

  void stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  /** From now on the lease {@code token} on run {@code runId} is renewed. */
  void hold(String runId, String token) {
    held.put(token, runId);
  }

  /** The lease {@code token} was committed or released: it is renewed no more. */
  void letGo(String token) {
    held.remove(token);
  }

  /** How many leases are held now. */
  int heldCount() {
    return held.size();
  }

  /**
   * One renewal of every held lease, answering how many the store extended; skipped (0) while the previous one is
   * still under way, so a slow store never gets a pile of them.
   */
  Future<Integer> renew() {
    if (held.isEmpty() || !renewing.compareAndSet(false, true)) {
      return Future.succeededFuture(0);
    }
    List<HeldLease> leases = new ArrayList<>();
    held.forEach((token, runId) -> leases.add(new HeldLease(runId, token)));
    Future<Integer> renewed = Future.succeededFuture(0);
    for (int from = 0; from < leases.size(); from += RunStore.MAX_RENEWED_LEASES) {
      List<HeldLease> batch = leases.subList(from, Math.min(leases.size(), from + RunStore.MAX_RENEWED_LEASES));
      renewed = renewed.compose(count -> runs.renewLeases(batch, leaseMillis).map(more -> count + more));
    }
    return renewed
        .onFailure(failure -> LOG.warn("Could not renew {} turn lease(s): {}", leases.size(), failure.getMessage()))
        .andThen(done -> renewing.set(false));
  }
}
