package dev.turnpoint.engine.turn;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A thread's message history within {@link TurnSizeLimits#maxHistoryMessages()} and
 * {@link TurnSizeLimits#maxHistoryBytes()}: the oldest messages are dropped as new ones arrive, so what the checkpoint
 * keeps and what an LLM is sent stays bounded however long the conversation runs. A single message larger than the
 * whole history may be stops the turn instead.
 */
final class ThreadHistory {

  private ThreadHistory() {
  }

  /**
   * Appends a message, then drops the oldest ones until the history is within its bounds again.
   *
   * @throws TurnSizeExceededException when the message alone is larger than a history may be
   */
  static void append(ThreadState thread, JsonObject message, TurnSizeLimits limits) {
    long size = JsonSize.of(message, limits.maxHistoryBytes());
    if (size > limits.maxHistoryBytes()) {
      throw new TurnSizeExceededException("a " + message.getString("type") + " message on thread " + thread.threadId
          + " is larger than a thread's whole history may be, " + limits.maxHistoryBytes()
          + " bytes (engine setting max_history_bytes)");
    }
    List<JsonObject> messages = thread.messages;
    messages.add(message);
    long total = 0;
    for (JsonObject kept : messages) {
      total += JsonSize.of(kept, Long.MAX_VALUE);
    }
    int drop = 0;
    while (messages.size() - drop > limits.maxHistoryMessages() || total > limits.maxHistoryBytes()) {
      total -= JsonSize.of(messages.get(drop), Long.MAX_VALUE);
      drop++;
    }
    messages.subList(0, drop).clear();
  }
}
