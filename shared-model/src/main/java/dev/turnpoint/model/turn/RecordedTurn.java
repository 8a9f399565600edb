package dev.turnpoint.model.turn;

import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A read view of one stored turn ({@link WorkflowRunInputOutputPair}): what the user and the assistant said, the
 * nodes the conversation ran, warnings and errors, LLM usage and timings, all from the turn's input and events. The
 * console's timeline and the engine's run comparison read turns through it, so both tell the same story.
 */
public final class RecordedTurn {

  /** In {@code iteration_end_state_miscellaneous}: each thread's node history when the turn ended. */
  public static final String END_STATE_NODE_HISTORY = "thread_id_to_nodes_history";

  private final WorkflowRunInputOutputPair pair;
  private final List<TurnEvent> events;

  private RecordedTurn(WorkflowRunInputOutputPair pair, List<TurnEvent> events) {
    this.pair = pair;
    this.events = events;
  }

  /** A view of {@code pair}; a pair without input or output reads as a turn that said nothing. */
  public static RecordedTurn of(WorkflowRunInputOutputPair pair) {
    WorkflowRunInputOutputPair read = pair == null ? new WorkflowRunInputOutputPair() : pair;
    List<JsonObject> stored = read.runOutput == null || read.runOutput.events == null ? List.of()
        : read.runOutput.events;
    return new RecordedTurn(read, stored.stream().map(TurnEvent::of).toList());
  }

  /** The input's command ({@code start}, {@code data}, ...) as on the wire, or null. */
  public String command() {
    return pair.runInput == null || pair.runInput.command == null ? null : pair.runInput.command.wire();
  }

  /** What the user sent to the conversation, in order. */
  public List<String> userMessages() {
    return pair.runInput == null ? List.of() : pair.runInput.userMessages();
  }

  /** Every event, in the order recorded. */
  public List<TurnEvent> events() {
    return events;
  }

  /** The text of every {@code assistant_response}, in order (blank ones included). */
  public List<String> assistantMessages() {
    List<String> said = new ArrayList<>();
    for (TurnEvent event : events) {
      if (event.is(TurnEventType.ASSISTANT_RESPONSE) && event.content() != null) {
        said.add(event.content());
      }
    }
    return said;
  }

  /** The nodes the conversation thread started, in order, from its {@code start_node_run} events. */
  public List<NodeStep> nodePath() {
    List<NodeStep> path = new ArrayList<>();
    for (TurnEvent event : events) {
      if (event.is(TurnEventType.START_NODE_RUN) && event.onMainThread()) {
        path.add(new NodeStep(event.originNodeLogicalId(), event.originNodeName()));
      }
    }
    return path;
  }

  /**
   * The conversation thread's whole node history as the turn's end state recorded it (logical ids, oldest first),
   * for turns stored without node events; empty when it was not recorded.
   */
  public List<String> endStateNodeHistory() {
    JsonObject end = pair.iterationEndStateMiscellaneous;
    if (end == null || !(end.getValue(END_STATE_NODE_HISTORY) instanceof JsonObject history)
        || !(history.getValue(WorkflowRunInput.MAIN_THREAD) instanceof JsonArray nodes)) {
      return List.of();
    }
    List<String> path = new ArrayList<>(nodes.size());
    for (Object node : nodes) {
      if (node instanceof String id) {
        path.add(id);
      }
    }
    return path;
  }

  /** What the turn's {@code workflow_warning} events say, in order. */
  public List<String> warnings() {
    return texts(TurnEventType.WORKFLOW_WARNING, TurnEventFields.MESSAGE);
  }

  /** What the turn's {@code workflow_error} events say failed, in order. */
  public List<String> errors() {
    return texts(TurnEventType.WORKFLOW_ERROR, TurnEventFields.ERROR_MESSAGE);
  }

  public TurnUsage usage() {
    return TurnUsage.of(events);
  }

  /** The timestamp of the first event that has one (epoch seconds), or null. */
  public Double startedAt() {
    for (TurnEvent event : events) {
      if (event.timestamp() != null) {
        return event.timestamp();
      }
    }
    return null;
  }

  /** How long after {@link #startedAt} the event happened, in milliseconds, or null when either is unknown. */
  public Double offsetMilliseconds(TurnEvent event) {
    Double start = startedAt();
    Double at = event.timestamp();
    return start == null || at == null ? null : (at - start) * 1_000;
  }

  /** From the earliest to the latest event timestamp, in milliseconds, or null when no event has one. */
  public Double durationMilliseconds() {
    Double first = null;
    Double last = null;
    for (TurnEvent event : events) {
      Double at = event.timestamp();
      if (at != null) {
        first = first == null ? at : Math.min(first, at);
        last = last == null ? at : Math.max(last, at);
      }
    }
    return first == null ? null : (last - first) * 1_000;
  }

  /**
   * The runtime variables the conversation thread showed last in the turn ({@code workflow_show_state}, which runs
   * of other engines carry), or null when it showed none.
   */
  public JsonObject lastShownRuntimeVariables() {
    JsonObject shown = null;
    for (TurnEvent event : events) {
      JsonObject variables = event.shownRuntimeVariables();
      String thread = event.threadId();
      if (event.is(TurnEventType.WORKFLOW_SHOW_STATE) && variables != null
          && (thread == null || WorkflowRunInput.MAIN_THREAD.equals(thread))) {
        shown = variables;
      }
    }
    return shown;
  }

  private List<String> texts(String type, String field) {
    List<String> texts = new ArrayList<>();
    for (TurnEvent event : events) {
      if (event.is(type) && event.text(field) != null) {
        texts.add(event.text(field));
      }
    }
    return texts;
  }
}
