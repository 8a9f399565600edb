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

  /**
   * Turns whose variable changes the run page shows at once. Older ones are rarely looked at, and a checkpoint holds
   * the whole conversation so far, so reading many of a long run costs more than the rest of the page: they are read
   * one turn at a time when asked for ({@link #changes}).
   */
  static final int RECENT_TURNS = 20;

  private TurnCheckpoints() {
  }

  /**
   * Runtime variables after each turn, by turn index, for the last {@value #RECENT_TURNS} turns (and the one before).
   * A run's header is enough: only its turn count is used.
   */
  static Future<Map<Integer, JsonObject>> runtimeVariables(RunStore runs, String teamId, RunRecord record) {
    List<?> pairs = record.document().workflowRun.inputOutputPairs;
    int turns = Math.max(record.turnCount(), pairs == null ? 0 : pairs.size());
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

  /**
   * The runtime variables turn {@code turnIndex} changed: the checkpoint after it against the one after the turn
   * before (for the first turn, the graph's defaults). OUT_OF_RANGE for a turn the run does not have.
   */
  static Future<List<VariableChange>> changes(RunStore runs, String teamId, RunRecord header, int turnIndex) {
    Future<JsonObject> after = runs.getCheckpoint(teamId, header.runId(), turnIndex)
        .map(TurnCheckpoints::runtimeVariablesOf);
    Future<JsonObject> before = turnIndex == 0
        ? Future.succeededFuture(defaults(header))
        : runs.getCheckpoint(teamId, header.runId(), turnIndex - 1).map(TurnCheckpoints::runtimeVariablesOf);
    return Future.all(before, after).map(done -> TurnReader.diff(before.result(), after.result()));
  }

  private static JsonObject defaults(RunRecord header) {
    var graph = header.document().workflowRun.workflowConfigFullyHydrated;
    return graph == null || graph.runtimeVariables == null ? new JsonObject() : graph.runtimeVariables;
  }

  private static JsonObject runtimeVariablesOf(JsonObject checkpoint) {
    return checkpoint != null && checkpoint.getValue("runtime_variables") instanceof JsonObject runtime
        ? runtime : new JsonObject();
  }
}
