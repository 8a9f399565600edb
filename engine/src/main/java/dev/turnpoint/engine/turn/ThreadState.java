package dev.turnpoint.engine.turn;

import dev.turnpoint.model.run.WorkflowRunInput;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one thread of a run stands; part of {@link RunCheckpoint}. Thread {@code "0"} is the conversation; companion
 * threads are {@code "<parent>_companion_<id>"}.
 */
public class ThreadState {
  public static final String RUNNING = "running";
  public static final String WAITING = "waiting";
  public static final String ENDED = "ended";

  public String threadId;
  /** {@link #RUNNING}, {@link #WAITING} (for a user message) or {@link #ENDED}. */
  public String status = RUNNING;
  /** Running: the node to run next. Waiting: the node waiting. Ended: the last node run (or null). */
  public String currentNodeLogicalId;
  /** The node run that is waiting for the user, while {@link #WAITING}. */
  public String waitingNodeRunId;
  /** The {@code busy_wait_for_user_message} event of the wait, answered as {@code next_input_hint}. */
  public JsonObject waitingEvent;
  /** The conversation as this thread sees it: {@code {"type": "human"|"ai", "content": "..."}}, oldest first. */
  public List<JsonObject> messages = new ArrayList<>();
  /** Logical ids of the nodes this thread ran, in order. */
  public List<String> nodeHistory = new ArrayList<>();
  /** The runtime variables this thread wrote, readable from anywhere as {@code [[thread_<id>.<name>]]}. */
  public JsonObject runtimeVariables = new JsonObject();
  /** Companion threads: the thread that started it, else null. */
  public String parentThreadId;
  /** Companion threads: the edge and source node that start it, and how often it ran. */
  public String companionEdgeLogicalId;
  public String sourceNodeLogicalId;
  public int runCount;

  public boolean isCompanion() {
    return parentThreadId != null;
  }

  static ThreadState main(String startNodeLogicalId) {
    ThreadState thread = new ThreadState();
    thread.threadId = WorkflowRunInput.MAIN_THREAD;
    thread.currentNodeLogicalId = startNodeLogicalId;
    return thread;
  }
}
