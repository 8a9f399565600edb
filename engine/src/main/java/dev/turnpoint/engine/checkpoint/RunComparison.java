package dev.turnpoint.engine.checkpoint;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.turn.CheckpointView;
import dev.turnpoint.model.turn.NodeStep;
import dev.turnpoint.model.turn.RecordedTurn;
import dev.turnpoint.model.turn.TurnUsage;
import dev.turnpoint.model.turn.VariableChanges;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.checkpoint.RunDiff;
import dev.turnpoint.service.checkpoint.RunLineage;
import dev.turnpoint.service.checkpoint.TurnComparison;
import dev.turnpoint.service.checkpoint.TurnSummary;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares two runs turn by turn ({@link RunDiff}). Inputs, assistant messages, node paths and usage come from the
 * stored turns, read through {@link RecordedTurn}; the runtime variables a turn changed are the
 * {@link VariableChanges} between the checkpoints before and after it (as the run store answers them for each run).
 * The shared prefix is found through the runs' lineage.
 */
final class RunComparison {

  /** Checkpoints read at the same time. */
  private static final int PARALLEL_READS = 8;

  private final RunStore runs;

  RunComparison(RunStore runs) {
    this.runs = runs;
  }

  Future<RunDiff> diff(String teamId, String runId, String otherRunId) {
    if (!Ids.isObjectId(runId) || !Ids.isObjectId(otherRunId)) {
      return Future.failedFuture(ServiceException.invalid("run ids must be 24 lower-case hex digits"));
    }
    Future<RunRecord> first = runs.getRun(teamId, runId);
    Future<RunRecord> second = runs.getRun(teamId, otherRunId);
    return Future.all(first, second)
        .compose(read -> sharedPrefix(teamId, first.result(), second.result()))
        .compose(shared -> compare(teamId, first.result(), second.result(), shared));
  }

  // ---- the shared prefix ----

  /** Turns {@code 0..lastTurn} of a run are the same stored turns as those of {@code runId}. */
  private record Holder(String runId, int lastTurn) {
  }

  private Future<Integer> sharedPrefix(String teamId, RunRecord first, RunRecord second) {
    Future<List<Holder>> firstChain = chain(teamId, first);
    Future<List<Holder>> secondChain = chain(teamId, second);
    return Future.all(firstChain, secondChain).map(done -> {
      Integer shared = null;
      for (Holder mine : firstChain.result()) {
        for (Holder theirs : secondChain.result()) {
          if (mine.runId().equals(theirs.runId())) {
            int turns = Math.min(mine.lastTurn(), theirs.lastTurn()) + 1;
            shared = shared == null ? turns : Math.max(shared, turns);
          }
        }
      }
      return shared == null || shared == 0 ? null : shared;
    });
  }

  /** The run, then each source it was forked from with the turns inherited from it, as far as can be read. */
  private Future<List<Holder>> chain(String teamId, RunRecord run) {
    List<Holder> chain = new ArrayList<>();
    chain.add(new Holder(run.runId(), run.turnCount() - 1));
    return climb(teamId, run.document().workflowRun, run.turnCount() - 1, chain).map(chain);
  }

  private Future<Void> climb(String teamId, WorkflowRun run, int lastTurn, List<Holder> chain) {
    if (run.sourceWorkflowRunId == null || run.checkpointSourceTurnIndex == null
        || chain.size() > RunLineage.MAX_ANCESTORS) {
      return Future.succeededFuture();
    }
    int inherited = Math.min(lastTurn, run.checkpointSourceTurnIndex);
    chain.add(new Holder(run.sourceWorkflowRunId, inherited));
    return runs.getRunHeader(teamId, run.sourceWorkflowRunId).transform(found -> {
      if (found.succeeded()) {
        return climb(teamId, found.result().document().workflowRun, inherited, chain);
      }
      return ServiceException.from(found.cause()).code() == FailureCode.NOT_FOUND
          ? Future.succeededFuture() : Future.failedFuture(found.cause());
    });
  }

  // ---- turn by turn ----

  private Future<RunDiff> compare(String teamId, RunRecord first, RunRecord second, Integer sharedPrefix) {
    int firstCount = first.turnCount();
    int secondCount = second.turnCount();
    boolean truncated = Math.max(firstCount, secondCount) > RunDiff.MAX_TURNS;
    int firstCompared = Math.min(firstCount, RunDiff.MAX_TURNS);
    int secondCompared = Math.min(secondCount, RunDiff.MAX_TURNS);
    Map<String, JsonObject> read = new HashMap<>();
    return readVariables(teamId, first.runId(), firstCompared, read)
        .compose(firstVariables -> readVariables(teamId, second.runId(), secondCompared, read)
            .map(secondVariables -> {
              List<TurnSummary> mine = summaries(first.document().workflowRun, firstCompared, firstVariables);
              List<TurnSummary> theirs = summaries(second.document().workflowRun, secondCompared, secondVariables);
              List<TurnComparison> turns = new ArrayList<>();
              Integer firstDivergent = null;
              for (int index = 0; index < Math.max(mine.size(), theirs.size()); index++) {
                TurnComparison turn = compareTurn(index, index < mine.size() ? mine.get(index) : null,
                    index < theirs.size() ? theirs.get(index) : null);
                if (!turn.identical() && firstDivergent == null) {
                  firstDivergent = index;
                }
                turns.add(turn);
              }
              return new RunDiff(first.runId(), second.runId(), firstCount, secondCount, sharedPrefix,
                  firstDivergent, truncated, List.copyOf(turns));
            }));
  }

  /**
   * The workflow-wide runtime variables after each of the first {@code count} turns, a few reads at a time. What
   * {@code read} holds (by run and turn) is not read again.
   */
  private Future<List<JsonObject>> readVariables(String teamId, String runId, int count,
                                                 Map<String, JsonObject> read) {
    Future<Void> chain = Future.succeededFuture();
    for (int start = 0; start < count; start += PARALLEL_READS) {
      int batchStart = start;
      int batchEnd = Math.min(count, start + PARALLEL_READS);
      chain = chain.compose(done -> {
        List<Future<?>> batch = new ArrayList<>();
        for (int turn = batchStart; turn < batchEnd; turn++) {
          String readKey = runId + ":" + turn;
          if (!read.containsKey(readKey)) {
            batch.add(runs.getCheckpoint(teamId, runId, turn)
                .map(checkpoint -> read.put(readKey, runtimeVariables(checkpoint))));
          }
        }
        return Future.all(batch).mapEmpty();
      });
    }
    return chain.map(done -> {
      List<JsonObject> variables = new ArrayList<>(count);
      for (int turn = 0; turn < count; turn++) {
        variables.add(read.get(runId + ":" + turn));
      }
      return variables;
    });
  }

  private static JsonObject runtimeVariables(JsonObject checkpoint) {
    return CheckpointView.of(checkpoint).runtimeVariables();
  }

  private static List<TurnSummary> summaries(WorkflowRun run, int count, List<JsonObject> variablesAfter) {
    JsonObject before = run.workflowConfigFullyHydrated == null || run.workflowConfigFullyHydrated.runtimeVariables
        == null ? new JsonObject() : run.workflowConfigFullyHydrated.runtimeVariables;
    List<TurnSummary> summaries = new ArrayList<>(count);
    for (int index = 0; index < count; index++) {
      JsonObject after = variablesAfter.get(index);
      summaries.add(summary(RecordedTurn.of(run.inputOutputPairs.get(index)),
          VariableChanges.between(before, after).valuesAfter()));
      before = after;
    }
    return summaries;
  }

  private static TurnSummary summary(RecordedTurn turn, JsonObject variablesChanged) {
    List<String> path = turn.nodePath().stream().map(NodeStep::logicalId).filter(Objects::nonNull).toList();
    TurnUsage usage = turn.usage();
    return new TurnSummary(turn.command(), turn.userMessages(), List.copyOf(turn.assistantMessages()), path,
        variablesChanged, usage.llmCalls(), usage.inputTokens(), usage.outputTokens(),
        usage.latencyWholeMilliseconds());
  }

  private static TurnComparison compareTurn(int index, TurnSummary mine, TurnSummary theirs) {
    if (mine == null || theirs == null) {
      return new TurnComparison(index, mine, theirs, false, List.of("turn"));
    }
    List<String> differences = new ArrayList<>();
    if (!mine.userInputs().equals(theirs.userInputs())) {
      differences.add("user_inputs");
    }
    if (!mine.assistantMessages().equals(theirs.assistantMessages())) {
      differences.add("assistant_messages");
    }
    if (!mine.nodePath().equals(theirs.nodePath())) {
      differences.add("node_path");
    }
    if (!mine.runtimeVariablesChanged().equals(theirs.runtimeVariablesChanged())) {
      differences.add("runtime_variables_changed");
    }
    return new TurnComparison(index, mine, theirs, differences.isEmpty(), List.copyOf(differences));
  }
}
