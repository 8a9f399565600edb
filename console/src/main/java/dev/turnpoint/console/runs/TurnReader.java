package dev.turnpoint.console.runs;

import dev.turnpoint.console.web.Format;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a run's stored turns into timeline items. Everything comes from what a turn stored: its input, its events
 * (spec §3.8) and its end-of-turn state. Runtime variable changes are the difference between the variables after a
 * turn and after the turn before: from the checkpoints stored after each turn when they were read, else from the
 * last state the main thread showed ({@code workflow_show_state}) in the turn.
 */
final class TurnReader {

  private static final String MAIN_THREAD = WorkflowRunInput.MAIN_THREAD;
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
   * @param variablesAfter runtime variables after each turn, by index, as far as they were read
   * @param comments       builds each turn's comment block from its index
   */
  List<TurnView> read(String runId, WorkflowRun run, Map<Integer, JsonObject> variablesAfter,
                      Function<Integer, CommentsBlock> comments) {
    List<TurnView> turns = new ArrayList<>();
    List<WorkflowRunInputOutputPair> pairs = run.inputOutputPairs == null ? List.of() : run.inputOutputPairs;
    JsonObject before = pairs.isEmpty() ? null : initialVariables(run, pairs.get(0));
    // Checkpoints are read for the latest turns only; before them, a turn's state is unknown, not unchanged.
    boolean unreadMeansUnknown = !variablesAfter.isEmpty();
    for (int index = 0; index < pairs.size(); index++) {
      WorkflowRunInputOutputPair pair = pairs.get(index);
      List<JsonObject> events = pair.runOutput == null || pair.runOutput.events == null
          ? List.of() : pair.runOutput.events;
      JsonObject after = variablesAfter.containsKey(index) ? variablesAfter.get(index) : lastMainThreadState(events);
      boolean known = before != null && after != null;
      List<VariableChange> changes = known ? diff(before, after) : List.of();
      if (after != null) {
        before = after;
      } else if (unreadMeansUnknown) {
        before = null;
      }
      turns.add(new TurnView(runId, index, index <= lastInheritedTurn, command(pair), userMessages(pair),
          assistantMessages(events), eventViews(events), nodePath(pair, events), changes, known, tokens(events),
          llmLatency(events), duration(events), comments.apply(index)));
    }
    return turns;
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

  private static String command(WorkflowRunInputOutputPair pair) {
    return pair.runInput == null || pair.runInput.command == null ? "" : pair.runInput.command.wire();
  }

  private static List<String> userMessages(WorkflowRunInputOutputPair pair) {
    return pair.runInput == null ? List.of() : pair.runInput.userMessages();
  }

  private static List<String> assistantMessages(List<JsonObject> events) {
    List<String> messages = new ArrayList<>();
    for (JsonObject event : events) {
      if ("assistant_response".equals(event.getValue("type")) && event.getValue("content") instanceof String text
          && !text.isBlank()) {
        messages.add(text);
      }
    }
    return messages;
  }

  /** The nodes the main thread ran, from its node events, else from the end-of-turn node history. */
  private List<String> nodePath(WorkflowRunInputOutputPair pair, List<JsonObject> events) {
    List<String> path = new ArrayList<>();
    for (JsonObject event : events) {
      if ("start_node_run".equals(event.getValue("type")) && onMainThread(event)) {
        path.add(nodeName(event.getValue("origin_node_name"), event.getValue("origin_node_logical_id")));
      }
    }
    if (path.isEmpty() && pair.iterationEndStateMiscellaneous != null
        && pair.iterationEndStateMiscellaneous.getValue("thread_id_to_nodes_history") instanceof JsonObject history
        && history.getValue(MAIN_THREAD) instanceof JsonArray nodes) {
      for (Object node : nodes) {
        path.add(nodeName(null, node));
      }
    }
    return path;
  }

  private List<EventView> eventViews(List<JsonObject> events) {
    Double start = null;
    List<EventView> views = new ArrayList<>(events.size());
    for (JsonObject event : events) {
      Double at = timestamp(event);
      if (start == null) {
        start = at;
      }
      String offset = at == null || start == null ? "" : "+" + Format.millis((at - start) * 1_000);
      views.add(new EventView(String.valueOf(event.getValue("type", "event")), origin(event), summary(event), offset,
          event.encodePrettily()));
    }
    return views;
  }

  private String origin(JsonObject event) {
    if (event.getValue("edge_name") instanceof String || event.getValue("edge_logical_id") instanceof String) {
      String edge = text(event.getValue("edge_name"), event.getValue("edge_logical_id"));
      return "edge " + edge;
    }
    if (event.getValue("origin_node_name") != null || event.getValue("origin_node_logical_id") != null) {
      return nodeName(event.getValue("origin_node_name"), event.getValue("origin_node_logical_id"));
    }
    return "";
  }

  private String summary(JsonObject event) {
    if (event.getValue("content") instanceof String content) {
      return Format.excerpt(content, SUMMARY_LENGTH);
    }
    if (event.getValue("error_message") instanceof String error) {
      return Format.excerpt(error, SUMMARY_LENGTH);
    }
    if (event.getValue("destination_node_logical_id") != null || event.getValue("destination_node_name") != null) {
      String from = nodeName(event.getValue("source_node_name"), event.getValue("source_node_logical_id"));
      String to = nodeName(event.getValue("destination_node_name"), event.getValue("destination_node_logical_id"));
      String reason = event.getValue("reason") instanceof String r && !r.isBlank() ? " (" + r + ")" : "";
      return Format.excerpt(from + " → " + to + reason, SUMMARY_LENGTH);
    }
    if (event.getValue("runtime_variables") instanceof JsonObject variables) {
      return variables.size() + (variables.size() == 1 ? " runtime variable" : " runtime variables");
    }
    if (event.getValue("reason") instanceof String reason) {
      return Format.excerpt(reason, SUMMARY_LENGTH);
    }
    return "";
  }

  private static JsonObject lastMainThreadState(List<JsonObject> events) {
    JsonObject state = null;
    for (JsonObject event : events) {
      if ("workflow_show_state".equals(event.getValue("type"))
          && event.getValue("runtime_variables") instanceof JsonObject variables) {
        Object thread = event.getValue("thread_id", event.getValue("origin_thread_id"));
        if (thread == null || MAIN_THREAD.equals(String.valueOf(thread))) {
          state = variables;
        }
      }
    }
    return state;
  }

  static List<VariableChange> diff(JsonObject before, JsonObject after) {
    List<VariableChange> changes = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(after.fieldNames());
    names.addAll(before.fieldNames());
    for (String name : names.stream().sorted().toList()) {
      boolean had = before.containsKey(name);
      boolean has = after.containsKey(name);
      Object old = before.getValue(name);
      Object now = after.getValue(name);
      if (had && !has) {
        changes.add(new VariableChange(name, VariableChange.Kind.REMOVED, Format.value(old), ""));
      } else if (!had) {
        changes.add(new VariableChange(name, VariableChange.Kind.ADDED, "", Format.value(now)));
      } else if (!Objects.equals(old, now)) {
        changes.add(new VariableChange(name, VariableChange.Kind.CHANGED, Format.value(old), Format.value(now)));
      }
    }
    return changes;
  }

  /** Tokens the turn's LLM calls reported, or null when no event reports any. */
  private static Long tokens(List<JsonObject> events) {
    long total = 0;
    boolean reported = false;
    for (JsonObject event : events) {
      if (event.getValue("llm_usage_info") instanceof JsonObject usage) {
        Long tokens = usageTokens(usage);
        if (tokens != null) {
          total += tokens;
          reported = true;
        }
      }
    }
    return reported ? total : null;
  }

  private static Long usageTokens(JsonObject usage) {
    if (usage.getValue("total_tokens") instanceof Number total) {
      return total.longValue();
    }
    long sum = 0;
    boolean any = false;
    for (String key : List.of("input_tokens", "output_tokens", "prompt_tokens", "completion_tokens")) {
      if (usage.getValue(key) instanceof Number part) {
        sum += part.longValue();
        any = true;
      }
    }
    return any ? sum : null;
  }

  /** Time the turn's LLM calls took, as their events report it, or null. */
  private static String llmLatency(List<JsonObject> events) {
    double total = 0;
    boolean reported = false;
    for (JsonObject event : events) {
      if (event.getValue("llm_usage_info") instanceof JsonObject usage
          && usage.getValue("latency_milliseconds") instanceof Number millis) {
        total += millis.doubleValue();
        reported = true;
      }
    }
    return reported ? Format.millis(total) : null;
  }

  private static String duration(List<JsonObject> events) {
    Double first = null;
    Double last = null;
    for (JsonObject event : events) {
      Double at = timestamp(event);
      if (at != null) {
        first = first == null ? at : Math.min(first, at);
        last = last == null ? at : Math.max(last, at);
      }
    }
    return first == null ? null : Format.millis((last - first) * 1_000);
  }

  private static Double timestamp(JsonObject event) {
    return event.getValue("timestamp") instanceof Number seconds ? seconds.doubleValue() : null;
  }

  private static boolean onMainThread(JsonObject event) {
    Object thread = event.getValue("origin_thread_id");
    return thread == null || MAIN_THREAD.equals(String.valueOf(thread));
  }

  private String nodeName(Object name, Object logicalId) {
    if (name instanceof String text && !text.isBlank()) {
      return text;
    }
    if (logicalId instanceof String id) {
      return nodeNames.getOrDefault(id, id);
    }
    return "";
  }

  private static String text(Object preferred, Object fallback) {
    if (preferred instanceof String text && !text.isBlank()) {
      return text;
    }
    return fallback == null ? "" : String.valueOf(fallback);
  }
}
