package dev.turnpoint.engine.checkpoint;

import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.checkpoint.RunLineage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Which run to ask for the checkpoint a run continues from after one of its turns. The run store answers a fork's
 * own fork point with the (possibly overridden) checkpoint the fork was created from, and every other inherited turn
 * with the checkpoint its owner stored. For a fork of a fork, a turn at the parent's fork point is the parent's
 * overridden checkpoint, since the parent's later turns ran from it; only the parent knows it. So a turn below a
 * fork's own fork point is asked of the nearest source whose fork point is at or below it (a source that was deleted
 * ends the search, and the store's answer stands).
 */
final class CheckpointHistory {

  private final List<RunRecord> forks;

  private CheckpointHistory(List<RunRecord> forks) {
    this.forks = forks;
  }

  /** The history of {@code run} for its turns from {@code lowestTurn} on; reads only the sources that matters for. */
  static Future<CheckpointHistory> of(RunStore runs, String teamId, RunRecord run, int lowestTurn) {
    List<RunRecord> forks = new ArrayList<>();
    forks.add(run);
    return climb(runs, teamId, run, lowestTurn, forks).map(done -> new CheckpointHistory(forks));
  }

  private static Future<Void> climb(RunStore runs, String teamId, RunRecord run, int lowestTurn,
                                    List<RunRecord> forks) {
    WorkflowRun header = run.document().workflowRun;
    if (header.checkpointSourceTurnIndex == null || lowestTurn >= header.checkpointSourceTurnIndex
        || forks.size() > RunLineage.MAX_ANCESTORS) {
      return Future.succeededFuture();
    }
    return runs.getRunHeader(teamId, header.sourceWorkflowRunId).transform(found -> {
      if (found.failed()) {
        return ServiceException.from(found.cause()).code() == FailureCode.NOT_FOUND
            ? Future.succeededFuture() : Future.failedFuture(found.cause());
      }
      forks.add(found.result());
      return climb(runs, teamId, found.result(), lowestTurn, forks);
    });
  }

  /** The run whose answer for turn {@code turnIndex} is the state the run continued from after it. */
  String holderOf(int turnIndex) {
    for (RunRecord run : forks) {
      Integer forkPoint = run.document().workflowRun.checkpointSourceTurnIndex;
      if (forkPoint == null || turnIndex >= forkPoint) {
        return run.runId();
      }
    }
    return forks.get(forks.size() - 1).runId();
  }

  Future<JsonObject> checkpointAfter(RunStore runs, String teamId, int turnIndex) {
    return runs.getCheckpoint(teamId, holderOf(turnIndex), turnIndex);
  }
}
