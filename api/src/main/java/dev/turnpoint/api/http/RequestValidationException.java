package dev.turnpoint.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** A request that cannot be served as sent: answered 422 with every problem found. */
public class RequestValidationException extends RuntimeException {

  private final List<ValidationError> errors;

  public RequestValidationException(List<ValidationError> errors) {
    super(errors.isEmpty() ? "invalid request" : errors.get(0).loc() + ": " + errors.get(0).msg(), null, false,
        false);
    this.errors = List.copyOf(errors);
  }

  public List<ValidationError> errors() {
    return errors;
  }

  public JsonObject toJson() {
    JsonArray detail = new JsonArray();
    errors.forEach(error -> detail.add(error.toJson()));
    return new JsonObject().put("detail", detail);
  }
}
