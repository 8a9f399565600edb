package dev.turnpoint.console.runs;

import dev.turnpoint.console.web.Format;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.model.turn.NodeStep;
import dev.turnpoint.model.turn.RecordedTurn;
import dev.turnpoint.model.turn.TurnEvent;
import dev.turnpoint.model.turn.TurnEventFields;
import dev.turnpoint.model.turn.TurnUsage;
import dev.turnpoint.model.turn.VariableChanges;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a run's stored turns into timeline items, each turn through {@link RecordedTurn}: its input, its events
 * (spec §3.8) and its end-of-turn state. Runtime variable changes are the difference between the variables a turn
 * left and those the run went on from after the turn before: from the checkpoints ({@link TurnStates}) when they were
 * read, else from the last state the main thread showed ({@code workflow_show_state}) in the turn. What a fork
 * overrode shows after the turn it was made at, as the fork's own entry.
 */
final class TurnReader {

  private static final int SUMMARY_LENGTH = 160;

  private final Map<String, String> nodeNames = new HashMap<>();
  private final int lastInheritedTurn;

  TurnReader(WorkflowRun run) {
    WorkflowConfigFullyHydrated graph = run.workflowConfigFullyHydrated;
    if (graph != null && graph.nodeConfigs != null) {
      for (NodeConfig node : graph.nodeConfigs) {
        if (node.logicalId != null) {
          nodeNames.put(node.logicalId, node.name == null || node.name.isBlank() ? node.logicalId : node.name);
        }
      }
    }
    lastInheritedTurn = run.sourceWorkflowRunId != null && run.checkpointSourceTurnIndex != null
        ? run.checkpointSourceTurnIndex : -1;
  }

  /**
   * Every turn of the run, in order.
   *
   * @param states   what the checkpoints read tell about the turns and the forks along the run's lineage
   * @param comments builds each turn's comment block from its index
   */
  List<TurnView> read(String runId, WorkflowRun run, TurnStates states, Function<Integer, CommentsBlock> comments) {
    List<TurnView> turns = new ArrayList<>();
    List<WorkflowRunInputOutputPair> pairs = run.inputOutputPairs == null ? List.of() : run.inputOutputPairs;
    JsonObject before = pairs.isEmpty() ? null : initialVariables(run, pairs.get(0));
    // Checkpoints are read for the latest turns only; before them, a turn's state is unknown, not unchanged.
    boolean unreadMeansUnknown = !states.runtimeAfter().isEmpty();
    for (int index = 0; index < pairs.size(); index++) {
      RecordedTurn turn = RecordedTurn.of(pairs.get(index));
      JsonObject after = states.runtimeAfter().containsKey(index) ? states.runtimeAfter().get(index)
          : turn.lastShownRuntimeVariables();
      boolean known = before != null && after != null;
      List<VariableChange> changes = known ? VariableChange.rows(VariableChanges.between(before, after)) : List.of();
      if (after != null) {
        before = after;
      } else if (unreadMeansUnknown) {
        before = null;
      }
      List<ForkPoint> forks = new ArrayList<>();
      for (TurnStates.ForkOverrides fork : states.forksAfter(index)) {
        forks.add(forkPoint(runId, fork));
        before = fork.after().isPresent() ? fork.after().runtimeVariables() : null;
      }
      TurnUsage usage = turn.usage();
      turns.add(new TurnView(runId, index, index <= lastInheritedTurn, text(turn.command()), turn.userMessages(),
          assistantMessages(turn), eventViews(turn), nodePath(turn), changes, known, usage.tokens(),
          usage.latencyMilliseconds() == null ? null : Format.millis(usage.latencyMilliseconds()),
          turn.durationMilliseconds() == null ? null : Format.millis(turn.durationMilliseconds()),
          comments.apply(index), List.copyOf(forks)));
    }
    return turns;
  }

  /** A fork's entry: the {@code [[runtime]]} and {@code {{dynamic}}} variables it overrode. */
  private static ForkPoint forkPoint(String runId, TurnStates.ForkOverrides fork) {
    List<VariableChange> changes = new ArrayList<>();
    if (fork.known()) {
      changes.addAll(VariableChange.rows(VariableChanges.between(fork.before().runtimeVariables(),
          fork.after().runtimeVariables()), "[[", "]]"));
      changes.addAll(VariableChange.rows(VariableChanges.between(fork.before().dynamicVariables(),
          fork.after().dynamicVariables()), "{{", "}}"));
    }
    return new ForkPoint(fork.forkRunId(), fork.sourceRunId(), fork.turnIndex(), fork.forkRunId().equals(runId),
        fork.known(), List.copyOf(changes));
  }

  /** The variables a run starts with: the graph's defaults and what the first input set. */
  private static JsonObject initialVariables(WorkflowRun run, WorkflowRunInputOutputPair first) {
    JsonObject variables = new JsonObject();
    if (run.workflowConfigFullyHydrated != null && run.workflowConfigFullyHydrated.runtimeVariables != null) {
      variables.mergeIn(run.workflowConfigFullyHydrated.runtimeVariables);
    }
    if (first.runInput != null && first.runInput.runtimeVariables != null) {
      variables.mergeIn(first.runInput.runtimeVariables);
    }
    return variables;
  }

  private static List<String> assistantMessages(RecordedTurn turn) {
    return turn.assistantMessages().stream().filter(text -> !text.isBlank()).toList();
  }

  /** The nodes the main thread ran, from its node events, else from the end-of-turn node history. */
  private List<String> nodePath(RecordedTurn turn) {
    List<NodeStep> steps = turn.nodePath();
    if (steps.isEmpty()) {
      return turn.endStateNodeHistory().stream().map(node -> nodeName(null, node)).toList();
    }
    return steps.stream().map(step -> nodeName(step.name(), step.logicalId())).toList();
  }

  private List<EventView> eventViews(RecordedTurn turn) {
    List<EventView> views = new ArrayList<>(turn.events().size());
    for (TurnEvent event : turn.events()) {
      Double offset = turn.offsetMilliseconds(event);
      String type = String.valueOf(event.json().getValue(TurnEventFields.TYPE, "event"));
      views.add(new EventView(type, origin(event), summary(event), offset == null ? "" : "+" + Format.millis(offset),
          event.json().encodePrettily()));
    }
    return views;
  }

  private String origin(TurnEvent event) {
    if (event.isEdgeEvent()) {
      return "edge " + text(event.edgeName() == null || event.edgeName().isBlank() ? event.edgeLogicalId()
          : event.edgeName());
    }
    if (event.originNodeName() != null || event.originNodeLogicalId() != null) {
      return nodeName(event.originNodeName(), event.originNodeLogicalId());
    }
    return "";
  }

  private String summary(TurnEvent event) {
    if (event.content() != null) {
      return Format.excerpt(event.content(), SUMMARY_LENGTH);
    }
    if (event.errorMessage() != null) {
      return Format.excerpt(event.errorMessage(), SUMMARY_LENGTH);
    }
    if (event.destinationNodeLogicalId() != null || event.destinationNodeName() != null) {
      String from = nodeName(event.sourceNodeName(), event.sourceNodeLogicalId());
      String to = nodeName(event.destinationNodeName(), event.destinationNodeLogicalId());
      String reason = event.reason() != null && !event.reason().isBlank() ? " (" + event.reason() + ")" : "";
      return Format.excerpt(from + " → " + to + reason, SUMMARY_LENGTH);
    }
    JsonObject variables = event.shownRuntimeVariables();
    if (variables != null) {
      return variables.size() + (variables.size() == 1 ? " runtime variable" : " runtime variables");
    }
    if (event.reason() != null) {
      return Format.excerpt(event.reason(), SUMMARY_LENGTH);
    }
    return "";
  }

  private String nodeName(String name, String logicalId) {
    if (name != null && !name.isBlank()) {
      return name;
    }
    if (logicalId != null) {
      return nodeNames.getOrDefault(logicalId, logicalId);
    }
    return "";
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
