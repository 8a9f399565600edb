package dev.turnpoint.engine.llm;

import io.vertx.core.json.JsonObject;

import java.util.List;

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
 * @param toolCalls        the tools a reply call asked to have called before it answers (none: it answered)
 */
public record LlmReply(String content, JsonObject structuredOutput, Boolean decision, String model, String provider,
                       long inputTokens, long outputTokens, long latencyMillis, boolean userKey,
                       List<LlmToolCall> toolCalls) {

  public LlmReply {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /** An answer that asks for no tool. */
  public LlmReply(String content, JsonObject structuredOutput, Boolean decision, String model, String provider,
                  long inputTokens, long outputTokens, long latencyMillis, boolean userKey) {
    this(content, structuredOutput, decision, model, provider, inputTokens, outputTokens, latencyMillis, userKey,
        List.of());
  }

  /** This answer asking for {@code calls}. */
  public LlmReply withToolCalls(List<LlmToolCall> calls) {
    return new LlmReply(content, structuredOutput, decision, model, provider, inputTokens, outputTokens,
        latencyMillis, userKey, calls);
  }
}
