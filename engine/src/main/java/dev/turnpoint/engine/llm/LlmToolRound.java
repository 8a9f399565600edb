package dev.turnpoint.engine.llm;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One round of tool use within an LLM node's turn: the calls the LLM asked for and, in the same order, what each
 * gave back (as the text the LLM reads).
 */
public record LlmToolRound(List<LlmToolCall> calls, List<String> results) {

  public LlmToolRound {
    calls = List.copyOf(calls);
    results = List.copyOf(results);
    if (calls.size() != results.size()) {
      throw new IllegalArgumentException("a tool round needs one result per call");
    }
  }

  /**
   * This round as the two messages the block-based protocols (Anthropic, Gemini, Bedrock) send back: one of
   * {@code callRole} with a part per call, then one of {@code resultRole} with a part per result, each message's
   * parts under {@code partsKey}.
   */
  void appendTo(JsonArray messages, String callRole, String resultRole, String partsKey,
                Function<LlmToolCall, JsonObject> callPart, BiFunction<LlmToolCall, String, JsonObject> resultPart) {
    JsonArray callParts = new JsonArray();
    JsonArray resultParts = new JsonArray();
    for (int i = 0; i < calls.size(); i++) {
      callParts.add(callPart.apply(calls.get(i)));
      resultParts.add(resultPart.apply(calls.get(i), results.get(i)));
    }
    messages.add(new JsonObject().put("role", callRole).put(partsKey, callParts));
    messages.add(new JsonObject().put("role", resultRole).put(partsKey, resultParts));
  }
}
