package dev.turnpoint.api.openapi;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the OpenAPI 3.1 document from the routes mounted on a router: every route that carries an
 * {@link OpenApiOperation} contributes its operation, so adding a documented route is all it takes to publish it.
 */
public final class OpenApiDocument {

  private static final Pattern VERTX_PARAM = Pattern.compile(":([A-Za-z][A-Za-z0-9_]*)");

  private OpenApiDocument() {
  }

  public static JsonObject build(Router router, ModelSchemas models, String version) {
    JsonObject paths = new JsonObject();
    Set<String> operationIds = new HashSet<>();
    for (Route route : router.getRoutes()) {
      OpenApiOperation operation = route.getMetadata(OpenApiOperation.METADATA_KEY);
      if (operation == null || route.getPath() == null) {
        continue;
      }
      String path = openApiPath(route.getPath());
      JsonObject item = paths.getJsonObject(path, new JsonObject());
      route.methods().stream().sorted(Comparator.comparing(HttpMethod::name)).forEach(method ->
          item.put(method.name().toLowerCase(Locale.ROOT),
              operation.toJson(uniqueId(operation.summary(), operationIds))));
      paths.put(path, item);
    }
    return new JsonObject()
        .put("openapi", "3.1.0")
        .put("info", new JsonObject()
            .put("title", "Turnpoint Workflows API")
            .put("version", version)
            .put("description", "Runs, inspects and repairs multi-turn AI workflow runs; wire-compatible with the"
                + " Interactly Workflows API. Every operation except this document needs `Authorization: Bearer"
                + " <API key>`; the key decides the team. The SDK's `teamid`, `uuid` and `X-Interactly-API-Version`"
                + " headers are accepted; `uuid`, when sent, is recorded as `created_by`."))
        .put("security", new JsonArray().add(new JsonObject().put("bearer", new JsonArray())))
        .put("paths", paths)
        .put("components", new JsonObject()
            .put("securitySchemes", new JsonObject().put("bearer", new JsonObject()
                .put("type", "http").put("scheme", "bearer").put("description", "An API key")))
            .put("schemas", models.definitions().mergeIn(errorSchemas())));
  }

  /** {@code /workflows/:workflow_id} as OpenAPI writes it: {@code /workflows/{workflow_id}}. */
  public static String openApiPath(String vertxPath) {
    Matcher matcher = VERTX_PARAM.matcher(vertxPath);
    return matcher.replaceAll(match -> Matcher.quoteReplacement("{" + match.group(1) + "}"));
  }

  private static String uniqueId(String summary, Set<String> taken) {
    String[] words = summary.replaceAll("[^A-Za-z0-9 ]", " ").trim().split("\\s+");
    StringBuilder id = new StringBuilder(words[0].toLowerCase(Locale.ROOT));
    for (int i = 1; i < words.length; i++) {
      id.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1).toLowerCase(Locale.ROOT));
    }
    String candidate = id.toString();
    for (int i = 2; !taken.add(candidate); i++) {
      candidate = id + "" + i;
    }
    return candidate;
  }

  private static JsonObject errorSchemas() {
    JsonObject locItem = new JsonObject().put("anyOf", new JsonArray()
        .add(new JsonObject().put("type", "string")).add(new JsonObject().put("type", "integer")));
    return new JsonObject()
        .put("ErrorResponse", Schemas.object().required("detail", Schemas.string())
            .optional("errors", Schemas.arrayOf(Schemas.string())).build())
        .put("ValidationError", Schemas.object()
            .required("loc", Schemas.arrayOf(locItem))
            .required("msg", Schemas.string())
            .required("type", Schemas.string()).build())
        .put("HTTPValidationError", Schemas.object()
            .required("detail", Schemas.arrayOf(new JsonObject().put("$ref", ModelSchemas.COMPONENTS
                + "ValidationError"))).build());
  }
}
