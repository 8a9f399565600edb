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
 *
 * <p>What the walk records is held to {@link TurnSizeLimits#maxTurnOutputBytes()} (as JSON): the record that would
 * pass it fails with a {@link TurnSizeExceededException} and is left out. The few events that close a turn are
 * always recorded, so a turn over the bound still says why it ended.
 */
final class TurnJournal {

  private final List<JsonObject> events = new ArrayList<>();
  private final Map<String, List<JsonObject>> nodeOutputs = new LinkedHashMap<>();
  private final long maxBytes;
  private long recordedBytes;

  TurnJournal(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Appends an event of any thread. */
  void record(JsonObject event) {
    admit(event);
    events.add(event);
  }

  /** Appends an event that closes the turn, whatever the turn recorded before. */
  void recordClosing(JsonObject event) {
    events.add(event);
  }

  /** Appends the output a node run left on a thread ({@code thread_to_node_outputs[threadId]}). */
  void recordNodeOutput(String threadId, JsonObject output) {
    admit(output);
    nodeOutputs.computeIfAbsent(threadId, id -> new ArrayList<>()).add(output);
  }

  private void admit(JsonObject record) {
    long size = JsonSize.of(record, maxBytes - recordedBytes);
    if (size > maxBytes - recordedBytes) {
      throw new TurnSizeExceededException("the turn's events and node outputs would be larger than " + maxBytes
          + " bytes (engine setting max_turn_output_bytes)");
    }
    recordedBytes += size;
  }

  /** The turn's {@code run_output}: everything recorded so far. */
  WorkflowRunOutput runOutput() {
    WorkflowRunOutput output = new WorkflowRunOutput();
    output.events = events;
    output.threadToNodeOutputs = nodeOutputs;
    return output;
  }
}
