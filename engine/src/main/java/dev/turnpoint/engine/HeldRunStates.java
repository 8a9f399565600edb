package dev.turnpoint.engine;

import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.service.LeaseRequest;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.TurnLease;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the engine already holds of the runs it recently took turns on: each run's workflow snapshot (fixed once the
 * run has one) and its checkpoint after a given number of turns, as this engine committed or read them. A turn's
 * lease ({@link RunStore#beginTurn}) says so in its {@link LeaseRequest}, and the store then need not send them back.
 * Bounded: the least recently used runs are forgotten first. Used from the engine verticle's event loop only.
 */
final class HeldRunStates {

  /** A run's snapshot and its checkpoint after {@code turnCount} turns. */
  record Held(int turnCount, WorkflowConfigFullyHydrated snapshot, JsonObject checkpoint) {
  }

  private final Map<String, Held> runs;

  HeldRunStates(int capacity) {
    this.runs = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Held> eldest) {
        return size() > capacity;
      }
    };
  }

  /** What is held of the run now, or null. */
  Held of(String runId) {
    return runs.get(runId);
  }

  /** The lease to ask for on a run of which this engine holds {@code held} (null: nothing). */
  static LeaseRequest leaseRequest(Held held, String token, long durationMillis) {
    return held == null
        ? LeaseRequest.holdingNothing(token, durationMillis)
        : LeaseRequest.holdingStateAfter(held.turnCount(), token, durationMillis);
  }

  /**
   * The lease's run made whole: where the store left out the snapshot and checkpoint because the lease was asked for
   * holding {@code held}, puts them back (the checkpoint as a copy, since a turn may change what it reads); otherwise
   * remembers what the store sent. {@code held} is what the lease was asked with, not what is held now: other runs'
   * turns may have made this one the least recently used meanwhile.
   */
  RunRecord complete(TurnLease lease, Held held) {
    RunRecord leased = lease.run();
    if (lease.heldStateLeftOut()) {
      leased.document().workflowRun.workflowConfigFullyHydrated = held.snapshot();
      return new RunRecord(leased.document(), leased.revision(), leased.turnCount(), held.checkpoint().copy(),
          leased.leaseToken(), leased.reason());
    }
    remember(leased.runId(), leased.turnCount(), leased.document().workflowRun.workflowConfigFullyHydrated,
        leased.lastCheckpoint());
    return leased;
  }

  /** Remembers the state after a turn this engine committed, or forgets the run when there is nothing to hold. */
  void remember(String runId, int turnCount, WorkflowConfigFullyHydrated snapshot, JsonObject checkpoint) {
    if (turnCount > 0 && snapshot != null && checkpoint != null) {
      runs.put(runId, new Held(turnCount, snapshot, checkpoint.copy()));
    } else {
      runs.remove(runId);
    }
  }
}
