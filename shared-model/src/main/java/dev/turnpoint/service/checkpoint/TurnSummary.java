package dev.turnpoint.service.checkpoint;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What one turn did, as a diff compares it.
 *
 * @param command                 the turn's command
 * @param userInputs              the user messages it delivered
 * @param assistantMessages       what the assistant said, in order
 * @param nodePath                the conversation thread's nodes, in the order they ran
 * @param runtimeVariablesChanged {@code [[name]]} values that differ after the turn from before it (null for removed
 *                                ones); for a fork's last inherited turn "after" is the state the fork resumed from,
 *                                so variable overrides show there
 * @param llmCalls                LLM calls that reported usage
 * @param inputTokens             their input tokens
 * @param outputTokens            their output tokens
 * @param llmLatencyMilliseconds  their summed latency
 */
public record TurnSummary(String command, List<String> userInputs, List<String> assistantMessages,
                          List<String> nodePath, JsonObject runtimeVariablesChanged, long llmCalls, long inputTokens,
                          long outputTokens, long llmLatencyMilliseconds) {
}
