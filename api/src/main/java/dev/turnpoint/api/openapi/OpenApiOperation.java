package dev.turnpoint.api.openapi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAPI description of one route, attached to the route itself as metadata ({@link #METADATA_KEY}) where it is
 * mounted, so the published document is built from the routes that really exist.
 */
public final class OpenApiOperation {

  public static final String METADATA_KEY = "turnpoint.openapi.operation";
  /** Marks operations that only admin keys may call. */
  public static final String ROLE_EXTENSION = "x-required-role";
  private static final String ADMIN_ONLY = "**Admin keys only.**";

  private final String tag;
  private final String summary;
  private String description;
  private final JsonArray parameters = new JsonArray();
  private JsonObject requestBody;
  private final Map<Integer, JsonObject> responses = new LinkedHashMap<>();
  private boolean authenticated = true;
  private boolean adminOnly;

  private OpenApiOperation(String tag, String summary) {
    this.tag = tag;
    this.summary = summary;
  }

  public static OpenApiOperation operation(String tag, String summary) {
    return new OpenApiOperation(tag, summary);
  }

  public String summary() {
    return summary;
  }

  public OpenApiOperation description(String text) {
    this.description = text;
    return this;
  }

  public OpenApiOperation pathParam(String name, JsonObject schema, String text) {
    return parameter("path", name, true, schema, text);
  }

  public OpenApiOperation queryParam(String name, JsonObject schema, String text) {
    return parameter("query", name, false, schema, text);
  }

  public OpenApiOperation headerParam(String name, JsonObject schema, String text) {
    return parameter("header", name, false, schema, text);
  }

  private OpenApiOperation parameter(String in, String name, boolean required, JsonObject schema, String text) {
    parameters.add(new JsonObject().put("name", name).put("in", in).put("required", required)
        .put("description", text).put("schema", schema));
    return this;
  }

  public OpenApiOperation jsonBody(JsonObject schema, String text) {
    return body(true, schema, text);
  }

  /** A body that may be left out (its fields can come from the query instead). */
  public OpenApiOperation optionalJsonBody(JsonObject schema, String text) {
    return body(false, schema, text);
  }

  private OpenApiOperation body(boolean required, JsonObject schema, String text) {
    this.requestBody = new JsonObject().put("required", required).put("description", text)
        .put("content", new JsonObject().put("application/json", new JsonObject().put("schema", schema)));
    return this;
  }

  public OpenApiOperation response(int status, String text, JsonObject schema) {
    responses.put(status, new JsonObject().put("description", text)
        .put("content", new JsonObject().put("application/json", new JsonObject().put("schema", schema))));
    return this;
  }

  public OpenApiOperation emptyResponse(int status, String text) {
    responses.put(status, new JsonObject().put("description", text));
    return this;
  }

  /** A failure this operation can answer beyond the ones every operation can (401, 422, ...). */
  public OpenApiOperation error(int status, String text) {
    responses.put(status, errorResponse(text, "ErrorResponse"));
    return this;
  }

  /** Only for admin keys (see {@code AdminOnly}); members are refused with 403. */
  public OpenApiOperation adminOnly() {
    this.adminOnly = true;
    return error(403, "The API key's role is member; this operation needs an admin key");
  }

  /** Served without an API key. */
  public OpenApiOperation publicAccess() {
    this.authenticated = false;
    return this;
  }

  JsonObject toJson(String operationId) {
    JsonObject operation = new JsonObject()
        .put("tags", new JsonArray().add(tag))
        .put("summary", summary)
        .put("operationId", operationId);
    if (adminOnly) {
      operation.put("description", description == null ? ADMIN_ONLY : ADMIN_ONLY + " " + description)
          .put(ROLE_EXTENSION, "admin");
    } else if (description != null) {
      operation.put("description", description);
    }
    if (!parameters.isEmpty()) {
      operation.put("parameters", parameters.copy());
    }
    if (requestBody != null) {
      operation.put("requestBody", requestBody.copy());
    }
    Map<Integer, JsonObject> all = new TreeMap<>(responses);
    if (authenticated) {
      all.putIfAbsent(401, errorResponse("Missing, unknown or revoked API key", "ErrorResponse"));
    } else {
      operation.put("security", new JsonArray());
    }
    all.putIfAbsent(429, errorResponse("Too many requests from this key (or, without a valid key, from this"
        + " address); retry after the seconds in `Retry-After`", "ErrorResponse"));
    if (requestBody != null) {
      all.putIfAbsent(413, errorResponse("The body is larger than the configured limit", "ErrorResponse"));
      all.putIfAbsent(415, errorResponse("The body is not JSON", "ErrorResponse"));
    }
    if (requestBody != null || !parameters.isEmpty()) {
      all.putIfAbsent(422, errorResponse("Validation Error", "HTTPValidationError"));
    }
    JsonObject responsesJson = new JsonObject();
    all.forEach((status, response) -> responsesJson.put(String.valueOf(status), response.copy()));
    return operation.put("responses", responsesJson);
  }

  private static JsonObject errorResponse(String text, String schemaName) {
    return new JsonObject().put("description", text).put("content", new JsonObject().put("application/json",
        new JsonObject().put("schema", new JsonObject().put("$ref", ModelSchemas.COMPONENTS + schemaName))));
  }
}
