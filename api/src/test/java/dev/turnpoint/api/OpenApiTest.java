package dev.turnpoint.api;

import dev.turnpoint.api.openapi.OpenApiDocument;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.vertx.core.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class OpenApiTest {

  private static ApiFixture api;
  private static JsonObject document;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx);
    HttpResponse<Buffer> response = api.send(GET, "/workflows/v1/openapi.json", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    document = response.bodyAsJsonObject();
  }

  @Test
  void theDocumentIsOpenApi31WithBearerSecurity() {
    assertThat(document.getString("openapi")).isEqualTo("3.1.0");
    assertThat(document.getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("bearer"))
        .isEqualTo(new JsonObject().put("type", "http").put("scheme", "bearer").put("description", "An API key"));
    assertThat(document.getJsonArray("security")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("bearer", new JsonArray())));
    assertThat(document.getJsonObject("paths").getJsonObject("/workflows/v1/openapi.json").getJsonObject("get")
        .getJsonArray("security")).isEmpty();
  }

  @Test
  void everyMountedRouteIsDescribedAndEveryDescribedRouteIsMounted() {
    Set<String> mounted = new HashSet<>();
    for (Route route : api.api.mountedRouter().getRoutes()) {
      if (route.getPath() == null || !route.getPath().startsWith("/workflows/v1/") || route.methods() == null
          || route.methods().isEmpty()) {
        continue;
      }
      for (HttpMethod method : route.methods()) {
        mounted.add(method.name().toLowerCase(Locale.ROOT) + " " + OpenApiDocument.openApiPath(route.getPath()));
      }
    }
    Set<String> described = new HashSet<>();
    JsonObject paths = document.getJsonObject("paths");
    paths.fieldNames().forEach(path -> paths.getJsonObject(path).fieldNames()
        .forEach(method -> described.add(method + " " + path)));

    assertThat(mounted).isNotEmpty().isEqualTo(described);
    assertThat(described).contains("post /workflows/v1/workflows", "get /workflows/v1/workflows/{workflow_id}",
        "get /workflows/v1/workflows/{workflow_id}/versions/{version_number}/diff/{other_version_number}",
        "delete /workflows/v1/api-keys/{key_id}");
  }

  @Test
  void everyOperationDeclaresItsPathParametersAndASuccessAnswer() {
    Pattern parameter = Pattern.compile("\\{([a-z_]+)}");
    Set<String> operationIds = new HashSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        JsonObject operation = paths.getJsonObject(path).getJsonObject(method);
        List<String> declared = new ArrayList<>();
        operation.getJsonArray("parameters", new JsonArray()).stream().map(JsonObject.class::cast)
            .filter(p -> p.getString("in").equals("path")).forEach(p -> declared.add(p.getString("name")));
        Matcher matcher = parameter.matcher(path);
        List<String> inPath = new ArrayList<>();
        while (matcher.find()) {
          inPath.add(matcher.group(1));
        }
        assertThat(declared).as(method + " " + path).containsExactlyInAnyOrderElementsOf(inPath);
        assertThat(operation.getJsonObject("responses").fieldNames()).as(method + " " + path)
            .anyMatch(status -> status.startsWith("2"));
        assertThat(operationIds.add(operation.getString("operationId"))).as(operation.getString("operationId"))
            .isTrue();
        assertThat(operation.getString("summary")).isNotBlank();
      }
    }
  }

  @Test
  void everyReferenceResolves() {
    JsonObject schemas = document.getJsonObject("components").getJsonObject("schemas");
    List<String> refs = new ArrayList<>();
    collectRefs(document, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/components/schemas/");
      assertThat(schemas.containsKey(ref.substring("#/components/schemas/".length()))).as(ref).isTrue();
    }
  }

  @Test
  void modelSchemasFollowTheWireMapping() {
    JsonObject schemas = document.getJsonObject("components").getJsonObject("schemas");
    JsonObject nodeConfig = schemas.getJsonObject("NodeConfig");
    assertThat(nodeConfig.getJsonObject("discriminator").getString("propertyName")).isEqualTo("type");
    assertThat(nodeConfig.getJsonObject("discriminator").getJsonObject("mapping").getString("say_llm"))
        .isEqualTo("#/components/schemas/SayLlmNode");
    JsonObject sayLlm = schemas.getJsonObject("SayLlmNode").getJsonObject("properties");
    assertThat(sayLlm.getJsonObject("type").getJsonArray("enum")).containsExactly("say_llm");
    assertThat(sayLlm.getJsonObject("self_loop").getBoolean("default")).isTrue();
    assertThat(sayLlm.getJsonObject("wait_for_user_message").getBoolean("default")).isTrue();
    JsonObject document = schemas.getJsonObject("WorkflowDocument").getJsonObject("properties");
    assertThat(document.fieldNames()).contains("_id", "team_id", "created_at", "workflow_config",
        "active_version_number");
  }

  @Test
  void swaggerUiIsServedFromTheWebjar() {
    HttpResponse<Buffer> page = api.send(GET, "/docs", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("/docs/assets/swagger-ui-bundle.js").doesNotContain("//cdn");

    HttpResponse<Buffer> bundle = api.send(GET, "/docs/assets/swagger-ui-bundle.js", null);
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.body().length()).isGreaterThan(100_000);
    assertThat(api.send(GET, "/docs/swagger-init.js", null).bodyAsString())
        .contains("/workflows/v1/openapi.json");
    assertThat(api.send(GET, "/docs/assets/swagger-ui.css", null).statusCode()).isEqualTo(200);
  }

  private static void collectRefs(Object json, List<String> refs) {
    if (json instanceof JsonObject object) {
      object.forEach(entry -> {
        if (entry.getKey().equals("$ref")) {
          refs.add((String) entry.getValue());
        } else {
          collectRefs(entry.getValue(), refs);
        }
      });
    } else if (json instanceof JsonArray array) {
      array.forEach(item -> collectRefs(item, refs));
    }
  }
}
