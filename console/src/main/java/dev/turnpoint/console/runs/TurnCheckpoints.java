package dev.turnpoint.console.runs;

import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime variables stored in the checkpoint after each turn, so the timeline can show what a turn changed.
 * Only the latest turns are read (one store call each, in parallel); a checkpoint that cannot be read just leaves
 * its turn without a diff.
 */
final class TurnCheckpoints {

  /** Turns whose variable changes are shown; older ones are rarely looked at and each costs a store call. */
  static final int RECENT_TURNS = 50;

  private TurnCheckpoints() {
  }

  /** Runtime variables after each turn, by turn index, for the last {@value #RECENT_TURNS} turns (and the one before). */
  static Future<Map<Integer, JsonObject>> runtimeVariables(RunStore runs, String teamId, RunRecord record) {
    int turns = record.document().workflowRun.inputOutputPairs == null
        ? record.turnCount() : record.document().workflowRun.inputOutputPairs.size();
    int first = Math.max(0, turns - RECENT_TURNS - 1);
    List<Integer> indexes = new ArrayList<>();
    List<Future<JsonObject>> reads = new ArrayList<>();
    for (int index = first; index < turns; index++) {
      indexes.add(index);
      reads.add(runs.getCheckpoint(teamId, record.runId(), index)
          .otherwise((JsonObject) null));
    }
    return Future.all(reads).map(done -> {
      Map<Integer, JsonObject> variables = new HashMap<>();
      for (int i = 0; i < indexes.size(); i++) {
        JsonObject checkpoint = reads.get(i).result();
        if (checkpoint != null && checkpoint.getValue("runtime_variables") instanceof JsonObject runtime) {
          variables.put(indexes.get(i), runtime);
        }
      }
      return variables;
    });
  }
}
