package dev.turnpoint.engine.turn;

import dev.turnpoint.model.run.WorkflowRunOutput;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a turn records while it runs, in the order it happens: the events of every thread (built by
 * {@link TurnEvents}) and, per thread, the output each node run left. Together they are the turn's
 * {@code run_output}. Threads take turns on one event loop, so the order is the order the user experienced.
 */
final class TurnJournal {

  private final List<JsonObject> events = new ArrayList<>();
  private final Map<String, List<JsonObject>> nodeOutputs = new LinkedHashMap<>();

  /** Appends an event of any thread. */
  void record(JsonObject event) {
    events.add(event);
  }

  /** Appends the output a node run left on a thread ({@code thread_to_node_outputs[threadId]}). */
  void recordNodeOutput(String threadId, JsonObject output) {
    nodeOutputs.computeIfAbsent(threadId, id -> new ArrayList<>()).add(output);
  }

  /** The turn's {@code run_output}: everything recorded so far. */
  WorkflowRunOutput runOutput() {
    WorkflowRunOutput output = new WorkflowRunOutput();
    output.events = events;
    output.threadToNodeOutputs = nodeOutputs;
    return output;
  }
}
