package dev.turnpoint.console.runs;

import dev.turnpoint.model.turn.CheckpointView;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * What the stored checkpoints tell about a run's history, as far as they were read: the runtime variables each turn
 * left, and, after the turns forks along the run's lineage were made at, the state before and after each fork's
 * variable overrides.
 *
 * @param runtimeAfter the workflow-wide runtime variables each turn left, by turn index
 * @param forksByTurn  by the turn they were made after, the forks the history passes through, in its order
 */
record TurnStates(Map<Integer, JsonObject> runtimeAfter, Map<Integer, List<ForkOverrides>> forksByTurn) {

  /**
   * The overrides of one fork.
   *
   * @param thisRun   the fork is the run itself, not one of its sources
   * @param separable the state before the overrides was read apart from what the turn left (not so when the fork's
   *                  source could not be read: then the turn's own changes and the overrides show together)
   * @param before    the state the fork was made from, before its overrides (empty when not read)
   * @param after     the checkpoint the fork was created from (empty when not read)
   */
  record ForkOverrides(String forkRunId, String sourceRunId, int turnIndex, boolean thisRun, boolean separable,
                       CheckpointView before, CheckpointView after) {

    boolean known() {
      return separable && before.isPresent() && after.isPresent();
    }
  }

  /** States without forks: only what each turn left. */
  static TurnStates of(Map<Integer, JsonObject> runtimeAfter) {
    return new TurnStates(runtimeAfter, Map.of());
  }

  List<ForkOverrides> forksAfter(int turnIndex) {
    return forksByTurn.getOrDefault(turnIndex, List.of());
  }

  /**
   * The runtime variables the run went on from after turn {@code turnIndex}: those of the last fork made there, else
   * those the turn left; null when they were not read.
   */
  JsonObject continuedAfter(int turnIndex) {
    List<ForkOverrides> forks = forksAfter(turnIndex);
    if (forks.isEmpty()) {
      return runtimeAfter.get(turnIndex);
    }
    CheckpointView last = forks.get(forks.size() - 1).after();
    return last.isPresent() ? last.runtimeVariables() : null;
  }
}
