package dev.turnpoint.engine;

import dev.turnpoint.model.Ids;
import dev.turnpoint.service.RunStore;
import io.vertx.core.Future;

import java.util.function.Function;

/**
 * Takes a run's turn lease for one engine call and runs the call's work under it, so a turn, a pause, a resume and a
 * stop on one run never race each other. The lease tells the store what this engine already holds of the run
 * ({@link HeldRunStates}), so its answer need not carry the workflow snapshot and latest checkpoint back. Work that
 * fails releases the lease; work that succeeds has committed a turn (which releases it) or released it itself. While
 * the work runs, {@link LeaseRenewal} keeps the lease from running out.
 */
final class RunLeases {

  private final RunStore runs;
  private final long leaseMillis;
  private final HeldRunStates held;
  private final LeaseRenewal renewal;

  RunLeases(RunStore runs, long leaseMillis, HeldRunStates held, LeaseRenewal renewal) {
    this.runs = runs;
    this.leaseMillis = leaseMillis;
    this.held = held;
    this.renewal = renewal;
  }

  /** Takes the run's lease (CONFLICT while another call holds it) and runs {@code work} under it. */
  <T> Future<T> withLease(String teamId, String runId, Function<RunLease, Future<T>> work) {
    String token = Ids.randomToken(16);
    HeldRunStates.Held holding = held.of(runId);
    return runs.beginTurn(teamId, runId, HeldRunStates.leaseRequest(holding, token, leaseMillis))
        .compose(lease -> {
          renewal.hold(runId, token);
          return underLease(teamId, runId, new RunLease(token, held.complete(lease, holding)), work)
              .andThen(done -> renewal.letGo(token));
        });
  }

  /** Gives the lease up without a turn. */
  Future<Void> release(String teamId, RunLease lease) {
    return runs.releaseTurn(teamId, lease.runId(), lease.token());
  }

  private <T> Future<T> underLease(String teamId, String runId, RunLease lease, Function<RunLease, Future<T>> work) {
    Future<T> result;
    try {
      result = work.apply(lease);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.recover(failure -> runs.releaseTurn(teamId, runId, lease.token())
        .transform(released -> Future.failedFuture(failure)));
  }
}
