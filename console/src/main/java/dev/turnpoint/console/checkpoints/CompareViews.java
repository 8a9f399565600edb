package dev.turnpoint.console.checkpoints;

import dev.turnpoint.console.web.Format;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.service.checkpoint.RunDiff;
import dev.turnpoint.service.checkpoint.TurnComparison;
import dev.turnpoint.service.checkpoint.TurnSummary;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Builds the comparison page's model from the engine's {@link RunDiff} and the two runs' headers. */
final class CompareViews {

  private CompareViews() {
  }

  static ComparePage page(RunDiff diff, WorkflowRun run, WorkflowRun other, String workflowName) {
    Map<String, String> runNodes = nodeNames(run);
    Map<String, String> otherNodes = nodeNames(other);
    List<CompareRow> collapsed = new ArrayList<>();
    List<CompareRow> rows = new ArrayList<>();
    for (TurnComparison turn : diff.turns()) {
      boolean shared = diff.sharedPrefixTurns() != null && turn.turnIndex() < diff.sharedPrefixTurns();
      CompareRow row = new CompareRow(turn.turnIndex(), side(turn.run(), runNodes), side(turn.other(), otherNodes),
          shared, turn.identical(), Objects.equals(diff.firstDivergentTurnIndex(), turn.turnIndex()),
          turn.differences() == null ? List.of() : List.copyOf(turn.differences()));
      if (rows.isEmpty() && shared && turn.identical()) {
        collapsed.add(row);
      } else {
        rows.add(row);
      }
    }
    return new ComparePage(diff.runId(), diff.otherRunId(), workflowName, relation(diff, run, other),
        diff.turnCount(), diff.otherTurnCount(), diff.sharedPrefixTurns(), diff.firstDivergentTurnIndex(),
        diff.truncated(), RunDiff.MAX_TURNS, List.copyOf(collapsed), List.copyOf(rows));
  }

  /** How the two runs are related through their sources, in words, or null when neither comes from the other. */
  static String relation(RunDiff diff, WorkflowRun run, WorkflowRun other) {
    if (diff.otherRunId().equals(run.sourceWorkflowRunId)) {
      return "This run " + madeFrom(run) + " the other run" + atTurn(run) + ".";
    }
    if (diff.runId().equals(other.sourceWorkflowRunId)) {
      return "The other run " + madeFrom(other) + " this run" + atTurn(other) + ".";
    }
    if (run.sourceWorkflowRunId != null && run.sourceWorkflowRunId.equals(other.sourceWorkflowRunId)) {
      return "Both runs were made from run " + Format.shortId(run.sourceWorkflowRunId) + ".";
    }
    return null;
  }

  private static String madeFrom(WorkflowRun run) {
    return run.isEvaluationRun || run.checkpointSourceTurnIndex == null ? "evaluates" : "was forked from";
  }

  private static String atTurn(WorkflowRun run) {
    return run.checkpointSourceTurnIndex == null ? "" : " after its turn " + (run.checkpointSourceTurnIndex + 1);
  }

  private static CompareSide side(TurnSummary turn, Map<String, String> nodeNames) {
    if (turn == null) {
      return null;
    }
    List<String> path = turn.nodePath() == null ? List.of()
        : turn.nodePath().stream().map(id -> nodeNames.getOrDefault(id, id)).toList();
    return new CompareSide(turn.command() == null ? "" : turn.command(), listOrEmpty(turn.userInputs()),
        listOrEmpty(turn.assistantMessages()), path, variables(turn.runtimeVariablesChanged()), turn.llmCalls(),
        turn.inputTokens(), turn.outputTokens(),
        turn.llmCalls() == 0 ? null : Format.millis(turn.llmLatencyMilliseconds()));
  }

  private static List<NamedValue> variables(JsonObject changed) {
    if (changed == null) {
      return List.of();
    }
    return changed.fieldNames().stream().sorted()
        .map(name -> new NamedValue(name, Format.value(changed.getValue(name)), changed.getValue(name) == null))
        .toList();
  }

  private static List<String> listOrEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }

  private static Map<String, String> nodeNames(WorkflowRun run) {
    Map<String, String> names = new HashMap<>();
    if (run.workflowConfigFullyHydrated != null && run.workflowConfigFullyHydrated.nodeConfigs != null) {
      for (NodeConfig node : run.workflowConfigFullyHydrated.nodeConfigs) {
        if (node.logicalId != null && node.name != null && !node.name.isBlank()) {
          names.put(node.logicalId, node.name);
        }
      }
    }
    return names;
  }
}
