package dev.turnpoint.engine.llm;

import io.vertx.core.json.JsonObject;

/**
 * A tool the LLM asked to be called, and, once it ran, what it gave back.
 *
 * @param id        the provider's id of the call, which the result must name
 * @param name      the tool's name, as it was offered
 * @param arguments the arguments the LLM chose (an empty object when it gave none or gave no JSON object)
 */
public record LlmToolCall(String id, String name, JsonObject arguments) {

  public LlmToolCall {
    arguments = arguments == null ? new JsonObject() : arguments;
  }
}
