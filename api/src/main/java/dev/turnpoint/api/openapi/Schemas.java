package dev.turnpoint.api.openapi;

import dev.turnpoint.model.Ids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Small JSON Schema builders for the hand-described parts of the API (request bodies, wrappers, parameters). */
public final class Schemas {

  private Schemas() {
  }

  public static JsonObject string() {
    return new JsonObject().put("type", "string");
  }

  public static JsonObject string(int minLength, int maxLength) {
    return string().put("minLength", minLength).put("maxLength", maxLength);
  }

  public static JsonObject nullableString() {
    return new JsonObject().put("type", new JsonArray().add("string").add("null"));
  }

  public static JsonObject nullableString(int maxLength) {
    return nullableString().put("maxLength", maxLength);
  }

  public static JsonObject objectId() {
    return string(24, 24).put("pattern", Ids.OBJECT_ID.pattern()).put("examples",
        new JsonArray().add("5eb7cf5a86d9755df3a6c593"));
  }

  public static JsonObject integer(int minimum) {
    return new JsonObject().put("type", "integer").put("minimum", minimum);
  }

  public static JsonObject integer(int minimum, int maximum, int defaultValue) {
    return integer(minimum).put("maximum", maximum).put("default", defaultValue);
  }

  public static JsonObject nullableInteger(int minimum) {
    return new JsonObject().put("type", new JsonArray().add("integer").add("null")).put("minimum", minimum);
  }

  public static JsonObject bool(boolean defaultValue) {
    return new JsonObject().put("type", "boolean").put("default", defaultValue);
  }

  public static JsonObject dateTime() {
    return new JsonObject().put("type", new JsonArray().add("string").add("null")).put("format", "date-time");
  }

  public static JsonObject enumOf(Object... values) {
    return string().put("enum", new JsonArray(new ArrayList<>(List.of(values))));
  }

  public static JsonObject arrayOf(JsonObject items) {
    return new JsonObject().put("type", "array").put("items", items);
  }

  public static JsonObject anyOf(JsonObject... choices) {
    JsonArray all = new JsonArray();
    for (JsonObject choice : choices) {
      all.add(choice);
    }
    return new JsonObject().put("anyOf", all);
  }

  public static JsonObject allOf(JsonObject... parts) {
    JsonArray all = new JsonArray();
    for (JsonObject part : parts) {
      all.add(part);
    }
    return new JsonObject().put("allOf", all);
  }

  /** An object schema: {@code properties} in order, then the names of the required ones. */
  public static ObjectSchema object() {
    return new ObjectSchema();
  }

  /** Builds an object schema property by property. */
  public static final class ObjectSchema {
    private final JsonObject properties = new JsonObject();
    private final JsonArray required = new JsonArray();

    public ObjectSchema required(String name, JsonObject schema) {
      properties.put(name, schema);
      required.add(name);
      return this;
    }

    public ObjectSchema optional(String name, JsonObject schema) {
      properties.put(name, schema);
      return this;
    }

    public JsonObject build() {
      JsonObject schema = new JsonObject().put("type", "object").put("properties", properties);
      if (!required.isEmpty()) {
        schema.put("required", required);
      }
      return schema;
    }
  }
}
