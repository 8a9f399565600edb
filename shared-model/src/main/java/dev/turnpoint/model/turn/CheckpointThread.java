package dev.turnpoint.model.turn;

import dev.turnpoint.model.run.WorkflowRunInput;

import java.util.List;

/**
 * Where one thread of a checkpoint stands. Thread {@code "0"} is the conversation; companion threads are
 * {@code "<parent>_companion_<id>"}.
 *
 * @param status               {@link #RUNNING}, {@link #WAITING} (for a user message) or {@link #ENDED}
 * @param currentNodeLogicalId running: the node to run next; waiting: the node waiting; ended: the last node, or null
 * @param waitingNodeRunId     the node run waiting for the user, while waiting
 * @param parentThreadId       for a companion thread, the thread that started it, else null
 * @param nodeHistory          the nodes the thread ran, in order
 */
public record CheckpointThread(String threadId, String status, String currentNodeLogicalId, String waitingNodeRunId,
                               String parentThreadId, List<String> nodeHistory) {

  public static final String RUNNING = "running";
  public static final String WAITING = "waiting";
  public static final String ENDED = "ended";

  public CheckpointThread {
    nodeHistory = nodeHistory == null ? List.of() : List.copyOf(nodeHistory);
  }

  public boolean isMain() {
    return WorkflowRunInput.MAIN_THREAD.equals(threadId);
  }

  public boolean isWaiting() {
    return WAITING.equals(status);
  }

  public boolean isEnded() {
    return ENDED.equals(status);
  }

  public boolean isCompanion() {
    return parentThreadId != null;
  }
}
