package dev.turnpoint.engine.llm;

import io.vertx.core.json.JsonObject;

/**
 * The answer to one LLM call, with what it cost.
 *
 * @param content          the reply text ({@link LlmCallKind#REPLY}), else null
 * @param structuredOutput the JSON object ({@link LlmCallKind#STRUCTURED}, never null then), else null
 * @param decision         whether the condition holds ({@link LlmCallKind#DECISION}), else null
 * @param model            the model that answered
 * @param provider         the provider label used in usage breakdowns
 * @param inputTokens      prompt tokens
 * @param outputTokens     completion tokens
 * @param latencyMillis    wall time of the call, retries included
 * @param userKey          whether the workflow's own API key paid for the call (else the platform's)
 */
public record LlmReply(String content, JsonObject structuredOutput, Boolean decision, String model, String provider,
                       long inputTokens, long outputTokens, long latencyMillis, boolean userKey) {
}
