package dev.turnpoint.model.turn;

import dev.turnpoint.model.run.WorkflowRunInput;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read view of a stored checkpoint ({@code RunStore.getCheckpoint}): its variables, where
 * each thread stands and which node waits for the user. It reads what the engine reads the same way (missing or null
 * fields as empty, a thread without a status as running) but never fails: a checkpoint the engine would refuse to
 * resume still shows what it holds.
 */
public final class CheckpointView {

  private final JsonObject json;

  private CheckpointView(JsonObject json) {
    this.json = json;
  }

  /** A view of {@code checkpoint}; null reads as an empty checkpoint ({@link #isPresent} false). */
  public static CheckpointView of(JsonObject checkpoint) {
    return new CheckpointView(checkpoint);
  }

  public boolean isPresent() {
    return json != null;
  }

  /** The checkpoint as stored (not a copy), or null. */
  public JsonObject json() {
    return json;
  }

  /** Its {@code checkpoint_version}, or 0 when it has none. */
  public int version() {
    Integer version = number(CheckpointKeys.CHECKPOINT_VERSION);
    return version == null ? 0 : version;
  }

  /** The run that wrote it, or null. */
  public String runId() {
    return text(json, CheckpointKeys.WORKFLOW_RUN_ID);
  }

  /** The turn after which it was taken, or null. */
  public Integer turnIndex() {
    return number(CheckpointKeys.TURN_INDEX);
  }

  /** The run status the turn ended with (its wire name), or null. */
  public String status() {
    return text(json, CheckpointKeys.STATUS);
  }

  /** {@code {{name}}} values; empty when it has none. */
  public JsonObject dynamicVariables() {
    return object(json, CheckpointKeys.DYNAMIC_VARIABLES);
  }

  /** Workflow-wide {@code [[name]]} values; empty when it has none. */
  public JsonObject runtimeVariables() {
    return object(json, CheckpointKeys.RUNTIME_VARIABLES);
  }

  /** Every thread, in the order stored (the conversation {@code "0"} first, as the engine writes them). */
  public List<CheckpointThread> threads() {
    List<CheckpointThread> threads = new ArrayList<>();
    for (Map.Entry<String, Object> entry : object(json, CheckpointKeys.THREADS)) {
      if (entry.getValue() instanceof JsonObject thread) {
        threads.add(thread(entry.getKey(), thread));
      }
    }
    return threads;
  }

  /** The conversation thread {@code "0"}, when the checkpoint has one. */
  public Optional<CheckpointThread> mainThread() {
    return threads().stream().filter(thread -> WorkflowRunInput.MAIN_THREAD.equals(thread.threadId())).findFirst();
  }

  /** The node the conversation waits at for the user's next message, or null when it does not wait. */
  public String waitingNodeLogicalId() {
    return mainThread().filter(CheckpointThread::isWaiting).map(CheckpointThread::currentNodeLogicalId)
        .orElse(null);
  }

  private static CheckpointThread thread(String id, JsonObject thread) {
    String status = text(thread, CheckpointKeys.THREAD_STATUS);
    List<String> history = new ArrayList<>();
    if (thread.getValue(CheckpointKeys.NODE_HISTORY) instanceof JsonArray nodes) {
      nodes.forEach(node -> {
        if (node instanceof String logicalId) {
          history.add(logicalId);
        }
      });
    }
    return new CheckpointThread(id, status == null ? CheckpointThread.RUNNING : status,
        text(thread, CheckpointKeys.CURRENT_NODE_LOGICAL_ID), text(thread, CheckpointKeys.WAITING_NODE_RUN_ID),
        text(thread, CheckpointKeys.PARENT_THREAD_ID), history);
  }

  private Integer number(String key) {
    return json != null && json.getValue(key) instanceof Number number ? number.intValue() : null;
  }

  private static String text(JsonObject json, String key) {
    return json != null && json.getValue(key) instanceof String text ? text : null;
  }

  private static JsonObject object(JsonObject json, String key) {
    return json != null && json.getValue(key) instanceof JsonObject object ? object : new JsonObject();
  }
}
