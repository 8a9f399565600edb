package dev.turnpoint.engine.llm;

import io.vertx.core.json.JsonObject;

/**
 * A tool offered to the LLM on a reply call.
 *
 * @param name        the name the LLM calls it by
 * @param description what it does, for the LLM to choose it
 * @param parameters  the JSON schema of its arguments (an object schema)
 */
public record LlmTool(String name, String description, JsonObject parameters) {

  public LlmTool {
    parameters = parameters == null ? new JsonObject().put("type", "object").put("properties", new JsonObject())
        : parameters;
    description = description == null ? "" : description;
  }
}
