package dev.turnpoint.api.openapi;

import dev.turnpoint.api.http.ApiPaths;
import dev.turnpoint.api.http.SecurityHeaders;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import static dev.turnpoint.api.openapi.OpenApiOperation.operation;

/**
 * The published API description: {@code GET /workflows/v1/openapi.json} (no key needed) and Swagger UI at
 * {@code /docs}, served from the swagger-ui webjar under a strict Content-Security-Policy
 * ({@link SecurityHeaders#DOCS_POLICY}). The document is built once, on first request, from the routes mounted by
 * then.
 */
public final class ApiDocsRoutes {

  public static final String OPENAPI_PATH = ApiPaths.BASE + "/openapi.json";
  private static final String WEBJAR_PROPERTIES = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

  private final ModelSchemas models;
  private final String apiVersion;
  private Router router;
  private Buffer document;

  public ApiDocsRoutes(ModelSchemas models, String apiVersion) {
    this.models = models;
    this.apiVersion = apiVersion;
  }

  public void mount(Router router) {
    this.router = router;
    router.get(OPENAPI_PATH).handler(this::openApi)
        .putMetadata(OpenApiOperation.METADATA_KEY, operation("Docs", "Get OpenAPI Document").publicAccess()
            .description("This document: every route of the API with its parameters, bodies and answers.")
            .response(200, "The OpenAPI 3.1 document", new JsonObject().put("type", "object")));
    router.route("/docs*").handler(SecurityHeaders.docsPages());
    router.get("/docs").handler(this::page);
    router.get("/docs/").handler(this::page);
    router.get("/docs/swagger-init.js").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/javascript; charset=utf-8")
        .sendFile("docs-ui/swagger-init.js"));
    router.get("/docs/assets/*").handler(StaticHandler.create("META-INF/resources/webjars/swagger-ui/"
        + swaggerUiVersion()));
  }

  private void openApi(RoutingContext ctx) {
    if (document == null) {
      document = OpenApiDocument.build(router, models, apiVersion).toBuffer();
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(document);
  }

  private void page(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").sendFile("docs-ui/index.html");
  }

  private static String swaggerUiVersion() {
    try (InputStream in = ApiDocsRoutes.class.getClassLoader().getResourceAsStream(WEBJAR_PROPERTIES)) {
      if (in == null) {
        throw new IllegalStateException("the swagger-ui webjar is not on the class path");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
