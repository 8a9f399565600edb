package dev.turnpoint.console.runs;

import dev.turnpoint.model.turn.CheckpointView;
import dev.turnpoint.model.turn.VariableChanges;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Reads the checkpoints that tell what each turn changed, and what each fork along the run's lineage overrode. A
 * turn's changes are the difference between the state the run went on from after the turn before and the state the
 * turn left, which is the checkpoint stored by the run that played it ({@link ForkLineage#playerOf}); a fork's
 * overrides show on their own, after the turn it was made at, never inside that turn. Only the latest turns are read
 * for the run page (one store call each, in parallel); a checkpoint that cannot be read just leaves its turn without
 * a diff.
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
   * The states after the last {@value #RECENT_TURNS} turns (and the one before), and the overrides of every fork the
   * run's history passes through. A run's header is enough.
   */
  static Future<TurnStates> read(RunStore runs, String teamId, RunRecord record) {
    int turns = ForkLineage.turnCount(record);
    int first = Math.max(0, turns - RECENT_TURNS - 1);
    return ForkLineage.of(runs, teamId, record)
        .compose(lineage -> new Reads(runs, teamId, true).states(lineage, first, turns - 1, forkPoint -> true));
  }

  /**
   * The runtime variables turn {@code turnIndex} changed itself: the state it left against the one the run went on
   * from after the turn before (for the first turn, the graph's defaults). OUT_OF_RANGE for a turn the run does not
   * have.
   */
  static Future<List<VariableChange>> changes(RunStore runs, String teamId, RunRecord header, int turnIndex) {
    int previous = Math.max(0, turnIndex - 1);
    return ForkLineage.of(runs, teamId, header)
        .compose(lineage -> new Reads(runs, teamId, false).states(lineage, previous, turnIndex,
            forkPoint -> forkPoint == turnIndex - 1))
        .map(states -> {
          JsonObject before = turnIndex == 0 ? defaults(header) : states.continuedAfter(turnIndex - 1);
          return VariableChange.rows(VariableChanges.between(before, states.runtimeAfter().get(turnIndex)));
        });
  }

  private static JsonObject defaults(RunRecord header) {
    var graph = header.document().workflowRun.workflowConfigFullyHydrated;
    return graph == null || graph.runtimeVariables == null ? new JsonObject() : graph.runtimeVariables;
  }

  /** The checkpoint reads of one page, each (run, turn) read once. */
  private static final class Reads {
    private final RunStore runs;
    private final String teamId;
    private final boolean lenient;
    private final Map<String, Future<JsonObject>> reads = new LinkedHashMap<>();

    Reads(RunStore runs, String teamId, boolean lenient) {
      this.runs = runs;
      this.teamId = teamId;
      this.lenient = lenient;
    }

    /** What turns {@code first..last} left, and the overrides of the forks whose fork point {@code forks} accepts. */
    Future<TurnStates> states(ForkLineage lineage, int first, int last, IntPredicate forks) {
      Map<Integer, Future<JsonObject>> left = new HashMap<>();
      for (int turn = first; turn <= last; turn++) {
        left.put(turn, read(lineage.playerOf(turn), turn));
      }
      record Pending(ForkLineage.Fork fork, Future<JsonObject> before, Future<JsonObject> after) {
      }
      List<Pending> pending = new ArrayList<>();
      Map<Integer, Future<JsonObject>> wentOnFrom = new HashMap<>();
      for (ForkLineage.Fork fork : lineage.forks()) {
        int at = fork.link().forkPoint();
        if (!forks.test(at)) {
          continue;
        }
        Future<JsonObject> before = wentOnFrom.computeIfAbsent(at, turn -> read(lineage.playerOf(turn), turn));
        Future<JsonObject> after = read(fork.link().runId(), at);
        wentOnFrom.put(at, after);
        pending.add(new Pending(fork, before, after));
      }
      return Future.all(new ArrayList<>(reads.values())).map(done -> {
        Map<Integer, JsonObject> runtimeAfter = new HashMap<>();
        left.forEach((turn, read) -> {
          if (read.result() != null) {
            runtimeAfter.put(turn, CheckpointView.of(read.result()).runtimeVariables());
          }
        });
        Map<Integer, List<TurnStates.ForkOverrides>> byTurn = new HashMap<>();
        for (Pending fork : pending) {
          ForkLineage.Link link = fork.fork().link();
          byTurn.computeIfAbsent(link.forkPoint(), turn -> new ArrayList<>()).add(new TurnStates.ForkOverrides(
              link.runId(), link.sourceRunId(), link.forkPoint(), fork.fork().depth() == 0, fork.fork().separable(),
              CheckpointView.of(fork.before().result()), CheckpointView.of(fork.after().result())));
        }
        return new TurnStates(runtimeAfter, byTurn);
      });
    }

    private Future<JsonObject> read(String runId, int turnIndex) {
      return reads.computeIfAbsent(runId + ":" + turnIndex, key -> {
        Future<JsonObject> checkpoint = runs.getCheckpoint(teamId, runId, turnIndex);
        return lenient ? checkpoint.otherwise((JsonObject) null) : checkpoint;
      });
    }
  }
}
