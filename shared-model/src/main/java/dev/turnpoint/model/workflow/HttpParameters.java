package dev.turnpoint.model.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * The {@code query_parameters} or {@code body_parameters} of an {@code http_request} node, in either of the two forms
 * clients send: a JSON object (Turnpoint's own form) or JSON text holding an object (the Interactly SDK's form, e.g.
 * {@code "{\"search\": \"{{term}}\", \"limit\": 1}"}). The text is kept as it came, since its placeholders may only
 * make valid JSON once substituted; the engine parses it after substitution. Each form is stored and answered as it
 * was sent.
 */
public final class HttpParameters {

  private final JsonObject object;
  private final String text;

  private HttpParameters(JsonObject object, String text) {
    this.object = object;
    this.text = text;
  }

  /** No parameters: an empty object. */
  public static HttpParameters empty() {
    return new HttpParameters(new JsonObject(), null);
  }

  /** The object form. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static HttpParameters of(Map<String, Object> object) {
    return new HttpParameters(new JsonObject(object), null);
  }

  /** The JSON-text form, placeholders not yet substituted. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static HttpParameters ofText(String text) {
    return new HttpParameters(null, text);
  }

  /** The object, or null when the parameters are JSON text. */
  public JsonObject object() {
    return object;
  }

  /** The JSON text, or null when the parameters are an object. */
  public String text() {
    return text;
  }

  @JsonValue
  Object wire() {
    return text != null ? text : object.getMap();
  }
}
