package dev.turnpoint.api;

import dev.turnpoint.engine.EngineVerticle;
import dev.turnpoint.model.Ids;
import dev.turnpoint.persistence.PersistenceVerticle;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.service.ApiKeyStore;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceProxies;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The real persistence (in-memory MongoDB) and engine verticles and the api on a free port, a platform-admin key
 * bootstrapped through the key store, and helpers to make team keys and send requests.
 */
final class ApiFixture {

  static final String PLATFORM_TEAM = "platform";
  /** The offline LLM as platform default, no stale-run reaper, fast retries: no network, nothing in the background. */
  private static final JsonObject ENGINE_CONFIG = new JsonObject()
      .put("default_llm", new JsonObject().put("type", "offline_llm"))
      .put("reaper_interval_ms", 0)
      .put("llm_retry_base_delay_ms", 5);

  final Vertx vertx;
  final ApiVerticle api;
  final WebClient client;
  final ApiKeyStore keys;
  /** The run store itself, for tests that write runs without executing any ({@link TestRuns}). */
  final RunStore runs;
  final String platformAdminKey;

  private ApiFixture(Vertx vertx, ApiVerticle api, String platformAdminKey) {
    this.vertx = vertx;
    this.api = api;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(api.actualPort()));
    this.keys = ServiceProxies.client(vertx, ApiKeyStore.class, Addresses.API_KEY_STORE);
    this.runs = ServiceProxies.client(vertx, RunStore.class, Addresses.RUN_STORE);
    this.platformAdminKey = platformAdminKey;
  }

  static ApiFixture start(Vertx vertx) {
    return start(vertx, new JsonObject());
  }

  /** Deploys the stores, the engine and the api with {@code apiConfig} (on port 0 unless it says otherwise). */
  static ApiFixture start(Vertx vertx, JsonObject apiConfig) {
    return start(vertx, apiConfig, new JsonObject());
  }

  /** Like {@link #start(Vertx, JsonObject)}, the engine's configuration overridden by {@code engineConfig}. */
  static ApiFixture start(Vertx vertx, JsonObject apiConfig, JsonObject engineConfig) {
    vertx.deployVerticle(new PersistenceVerticle(), new DeploymentOptions()
        .setConfig(new JsonObject().put("embedded_backend", "memory"))).await();
    vertx.deployVerticle(new EngineVerticle(), new DeploymentOptions()
        .setConfig(ENGINE_CONFIG.copy().mergeIn(engineConfig))).await();
    ApiVerticle api = deployApi(vertx, apiConfig);
    ApiKeyStore keys = ServiceProxies.client(vertx, ApiKeyStore.class, Addresses.API_KEY_STORE);
    String adminKey = keys.bootstrapPlatformAdmin(PLATFORM_TEAM, null).await().key();
    return new ApiFixture(vertx, api, adminKey);
  }

  /** A second api with {@code apiConfig}, on this fixture's stores and engine and with its platform-admin key. */
  ApiFixture anotherApi(JsonObject apiConfig) {
    return new ApiFixture(vertx, deployApi(vertx, apiConfig), platformAdminKey);
  }

  private static ApiVerticle deployApi(Vertx vertx, JsonObject apiConfig) {
    ApiVerticle api = new ApiVerticle();
    vertx.deployVerticle(api, new DeploymentOptions()
        .setConfig(new JsonObject().put("http_port", 0).mergeIn(apiConfig))).await();
    return api;
  }

  /** A new team with one admin key; answers the key. */
  String newTeamAdmin() {
    return teamKey(newTeamId(), ApiKeyRole.ADMIN);
  }

  String teamKey(String teamId, ApiKeyRole role) {
    return keys.createKey(teamId, role, "test " + role.wire(), "fixture").await().key();
  }

  static String newTeamId() {
    return "team-" + Ids.randomToken(6);
  }

  HttpRequest<Buffer> request(HttpMethod method, String path, String key) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (key != null) {
      request.bearerTokenAuthentication(key);
    }
    return request;
  }

  HttpResponse<Buffer> send(HttpMethod method, String path, String key) {
    return request(method, path, key).send().await();
  }

  HttpResponse<Buffer> send(HttpMethod method, String path, String key, JsonObject body) {
    return request(method, path, key).sendJsonObject(body).await();
  }

  HttpResponse<Buffer> sendRaw(HttpMethod method, String path, String key, String contentType, Buffer body) {
    HttpRequest<Buffer> request = request(method, path, key);
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    return request.sendBuffer(body).await();
  }

  /** Creates a workflow for the key's team and answers its id. */
  String createWorkflow(String key, JsonObject body) {
    HttpResponse<Buffer> created = send(HttpMethod.POST, "/workflows/v1/workflows", key, body);
    if (created.statusCode() != 200) {
      throw new AssertionError("creating a workflow answered " + created.statusCode() + ": "
          + created.bodyAsString());
    }
    return created.bodyAsJsonObject().getJsonObject("workflow").getString("_id");
  }

  String createWorkflow(String key, String name) {
    return createWorkflow(key, TestGraphs.simpleCreateBody(name));
  }
}
