package dev.turnpoint.model.workflow;

import io.vertx.core.json.JsonObject;

/** A tool-style schema {@code {name, description, input_schema}} whose {@code input_schema} is a JSON Schema. */
public class StructuredOutputSchema {
  public String name;
  public String description;
  public JsonObject inputSchema;
}
