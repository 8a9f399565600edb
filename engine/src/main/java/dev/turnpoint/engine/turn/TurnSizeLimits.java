package dev.turnpoint.engine.turn;

/**
 * Bounds on what one turn may hold in memory and store, so that no request, however it multiplies through templates,
 * variables and history, can run the engine out of heap. A turn that would pass one stops there with a
 * {@code workflow_error} naming the bound (see {@link TurnClosing}); the thread histories are trimmed instead.
 *
 * @param maxRenderedChars     the longest text one template renders, and all strings of one JSON body together
 * @param maxVariableBytes     the largest value of one variable, as JSON
 * @param maxRunVariablesBytes all dynamic and runtime variables of a run together, as JSON
 * @param maxHistoryMessages   the messages each thread keeps (and sends to an LLM); older ones are dropped
 * @param maxHistoryBytes      the characters of message content each thread keeps; older messages are dropped
 * @param maxTurnOutputBytes   the events and node outputs one turn records, as JSON
 */
public record TurnSizeLimits(long maxRenderedChars, long maxVariableBytes, long maxRunVariablesBytes,
                             int maxHistoryMessages, long maxHistoryBytes, long maxTurnOutputBytes) {

  private static final long MEBIBYTE = 1L << 20;

  /**
   * A conversation's turn stays far below these: a reply of a megabyte is several hundred thousand tokens, more than
   * the context window of today's models, and 200 messages are a very long conversation. Together a turn's document
   * stays within MongoDB's 16 MB: its events (8 MB) plus a checkpoint of variables and histories.
   */
  public static final TurnSizeLimits DEFAULT = new TurnSizeLimits(MEBIBYTE, MEBIBYTE, 4 * MEBIBYTE, 200, MEBIBYTE,
      8 * MEBIBYTE);

  public TurnSizeLimits {
    if (maxRenderedChars <= 0 || maxVariableBytes <= 0 || maxRunVariablesBytes <= 0 || maxHistoryMessages <= 0
        || maxHistoryBytes <= 0 || maxTurnOutputBytes <= 0) {
      throw new IllegalArgumentException("turn size limits must be positive");
    }
  }
}
