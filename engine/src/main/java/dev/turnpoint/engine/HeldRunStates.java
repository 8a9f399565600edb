package dev.turnpoint.engine;

import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the engine already holds of the runs it recently took turns on: each run's workflow snapshot (fixed once the
 * run has one) and its checkpoint after a given number of turns, as this engine committed or read them. With it a
 * turn's lease ({@link RunStore#beginTurnHolding}) need not send them back. Bounded: the least recently used runs
 * are forgotten first. Used from the engine verticle's event loop only.
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

  /** How many turns' checkpoint is held for the run (0: nothing held). */
  int heldTurnCount(String runId) {
    Held held = runs.get(runId);
    return held == null ? 0 : held.turnCount();
  }

  /**
   * The lease answer made whole: where the store left out the snapshot and checkpoint because this engine holds them,
   * puts them back (the checkpoint as a copy, since a turn may change what it reads); otherwise remembers what the
   * store sent.
   */
  RunRecord complete(RunRecord leased) {
    String runId = leased.runId();
    Held held = runs.get(runId);
    if (leased.lastCheckpoint() == null && held != null && held.turnCount() == leased.turnCount()) {
      leased.document().workflowRun.workflowConfigFullyHydrated = held.snapshot();
      return new RunRecord(leased.document(), leased.revision(), leased.turnCount(), held.checkpoint().copy(),
          leased.leaseToken(), leased.reason());
    }
    remember(runId, leased.turnCount(), leased.document().workflowRun.workflowConfigFullyHydrated,
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
