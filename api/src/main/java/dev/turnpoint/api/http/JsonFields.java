package dev.turnpoint.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one JSON object of a request body, read with pydantic's rules; problems are recorded on the
 * {@link RequestInput} at their location and the reader answers null (or the default) so checking goes on.
 */
public final class JsonFields {

  private final RequestInput input;
  private final ObjectNode node;
  private final List<Object> loc;

  JsonFields(RequestInput input, ObjectNode node, List<Object> loc) {
    this.input = input;
    this.node = node;
    this.loc = List.copyOf(loc);
  }

  /**
   * Stands in for a body that could not be read at all (that problem is already recorded): every field reads as
   * absent and nothing more is reported about it, as FastAPI reports only the unreadable body.
   */
  static JsonFields unreadable(RequestInput input) {
    return new JsonFields(RequestInput.of(input), RequestInput.READER.createObjectNode(), List.of("body"));
  }

  public ObjectNode node() {
    return node;
  }

  public List<Object> loc(Object... more) {
    List<Object> location = new ArrayList<>(loc);
    location.addAll(List.of(more));
    return location;
  }

  /** Whether the field is there with a value other than null. */
  public boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  /** A non-blank string, stripped; at most {@code maxLength} characters. */
  public String requiredString(String field, int maxLength) {
    if (!node.has(field)) {
      input.add(loc(field), "Field required", "missing");
      return null;
    }
    return checkedString(field, maxLength);
  }

  /** Like {@link #requiredString} but absent or null is fine (and answers null). */
  public String optionalString(String field, int maxLength) {
    return has(field) ? checkedString(field, maxLength) : null;
  }

  private String checkedString(String field, int maxLength) {
    JsonNode value = node.get(field);
    if (!value.isTextual()) {
      input.add(loc(field), "Input should be a valid string", "string_type");
      return null;
    }
    String text = value.asText().strip();
    if (text.isEmpty()) {
      input.add(loc(field), "String should have at least 1 character", "string_too_short");
      return null;
    }
    if (text.length() > maxLength) {
      input.add(loc(field), "String should have at most " + maxLength + " characters", "string_too_long");
      return null;
    }
    return text;
  }

  public boolean optionalBoolean(String field, boolean defaultValue) {
    if (!has(field)) {
      return defaultValue;
    }
    JsonNode value = node.get(field);
    if (!value.isBoolean()) {
      input.add(loc(field), "Input should be a valid boolean", "bool_type");
      return defaultValue;
    }
    return value.asBoolean();
  }

  public Integer optionalInt(String field, int min) {
    if (!has(field)) {
      return null;
    }
    JsonNode value = node.get(field);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      input.add(loc(field), "Input should be a valid integer", "int_type");
      return null;
    }
    if (value.asInt() < min) {
      input.add(loc(field), "Input should be greater than or equal to " + min, "greater_than_equal");
      return null;
    }
    return value.asInt();
  }

  /** A nested object; null (and a recorded problem) when it is there but not an object. */
  public JsonFields optionalObject(String field) {
    if (!has(field)) {
      return null;
    }
    JsonNode value = node.get(field);
    if (!value.isObject()) {
      input.add(loc(field), "Input should be a valid dictionary or object to extract fields from",
          "model_attributes_type");
      return null;
    }
    return new JsonFields(input, (ObjectNode) value, loc(field));
  }

  /** The whole object read as a model type. */
  public <T> T as(Class<T> type) {
    return input.convert(node, type, loc);
  }

  /** Text that may be empty (a description, say); absent or null answers null. */
  public String optionalText(String field, int maxLength) {
    if (!has(field)) {
      return null;
    }
    JsonNode value = node.get(field);
    if (!value.isTextual()) {
      input.add(loc(field), "Input should be a valid string", "string_type");
      return null;
    }
    if (value.asText().length() > maxLength) {
      input.add(loc(field), "String should have at most " + maxLength + " characters", "string_too_long");
      return null;
    }
    return value.asText();
  }

  /** Records a problem the caller found itself, at {@code path} below this object. */
  public void reject(String msg, String type, Object... path) {
    input.add(loc(path), msg, type);
  }
}
