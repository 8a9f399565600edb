package dev.turnpoint.console.checkpoints;

import java.util.List;

/**
 * One run's turn in a comparison row.
 *
 * @param nodePath         names of the conversation's nodes, in the order they ran
 * @param variablesChanged runtime variables that differ after the turn from before it
 * @param latency          summed LLM latency, formatted, or null without LLM calls
 */
public record CompareSide(String command, List<String> userInputs, List<String> assistantMessages,
                          List<String> nodePath, List<NamedValue> variablesChanged, long llmCalls, long inputTokens,
                          long outputTokens, String latency) {

  public long tokens() {
    return inputTokens + outputTokens;
  }
}
