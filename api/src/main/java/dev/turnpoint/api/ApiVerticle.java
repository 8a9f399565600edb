package dev.turnpoint.api;

import dev.turnpoint.api.http.AnswerWriter;
import dev.turnpoint.api.http.ApiFailureHandler;
import dev.turnpoint.api.http.ApiKeyAuthentication;
import dev.turnpoint.api.http.ApiPaths;
import dev.turnpoint.api.http.JsonBodyParser;
import dev.turnpoint.api.http.RateLimits;
import dev.turnpoint.api.http.SecurityHeaders;
import dev.turnpoint.api.keys.ApiKeyRoutes;
import dev.turnpoint.api.limits.ConnectionGuard;
import dev.turnpoint.api.limits.ConnectionLimits;
import dev.turnpoint.api.limits.RateLimitConfig;
import dev.turnpoint.api.openapi.ApiDocsRoutes;
import dev.turnpoint.api.openapi.ModelSchemas;
import dev.turnpoint.api.runs.CheckpointRoutes;
import dev.turnpoint.api.runs.EvaluationRoutes;
import dev.turnpoint.api.runs.ExecutionRoutes;
import dev.turnpoint.api.runs.RunRoutes;
import dev.turnpoint.api.workflows.ExecutionUrls;
import dev.turnpoint.api.workflows.VersionRoutes;
import dev.turnpoint.api.workflows.WorkflowRoutes;
import dev.turnpoint.model.validation.WorkflowLimits;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.ApiKeyStore;
import dev.turnpoint.service.CheckpointService;
import dev.turnpoint.service.EngineService;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The REST API, wire-compatible with the Interactly Workflows API, under {@code /workflows/v1}. It holds no state
 * of its own: workflows, runs and keys are reached through the store and engine services on the event bus.
 *
 * <p>Config (the {@code api} slice; each key is parsed once into {@link ApiConfig}):
 * <ul>
 *   <li>{@code http_port} (8080; 0 picks a free port, see {@link #actualPort()}), {@code host} ("0.0.0.0"),
 *       {@code public_url} (derived from host and port when absent; used in {@code execution_url});</li>
 *   <li>{@code api_key_cache_millis} (5000) and {@code turn_timeout_millis} (120000);</li>
 *   <li>request bodies: {@code body_limit_bytes} (5 MB; 413 above), {@code max_json_depth} (64; 422 deeper);</li>
 *   <li>rate limits ({@link RateLimitConfig}; 429 with {@code Retry-After} above): {@code rate_limit_per_key} (50
 *       requests/s) and {@code rate_limit_per_key_burst} (200) for requests with a valid key,
 *       {@code rate_limit_per_address} (10/s) and {@code rate_limit_per_address_burst} (50) per client address for
 *       everything else, {@code rate_limit_tracked_clients} (10000 keys and as many addresses; the longest idle is
 *       forgotten first); a rate of 0 turns a limit off;</li>
 *   <li>connections ({@link ConnectionLimits}): {@code max_connections} (1000; more are closed at once),
 *       {@code request_read_timeout_millis} (30000; a whole request must arrive within it, and a silent or idle
 *       connection is closed after it), {@code idle_timeout_seconds} (60; an answer the client takes nothing of for
 *       that long closes its connection), {@code max_header_bytes} (8192; 431 above), {@code max_initial_line_bytes}
 *       (4096; 414 above) and {@code max_answer_bytes_in_flight} (64 MB of answers over 64 KB being sent at once;
 *       503 with {@code Retry-After} above, see {@link AnswerWriter});</li>
 *   <li>workflow graphs ({@link WorkflowLimits}; 422 at the part too large, before the graph is read):
 *       {@code max_workflow_bytes} (2 MB of JSON in a create or config replacement body),
 *       {@code max_workflow_nodes} (1000), {@code max_workflow_edges} (3000), {@code max_global_nodes} (50),
 *       {@code max_workflow_text_chars} (100000 characters in any one prompt, message or other text),
 *       {@code max_condition_expression_chars} (4000) and {@code max_condition_expression_depth} (32 levels; at
 *       most 100).</li>
 * </ul>
 * The limits hold for each instance of this verticle.
 */
public class ApiVerticle extends VerticleBase {

  /** The version published in the OpenAPI document. */
  public static final String API_VERSION = "0.1.0";

  private ApiConfig config;
  private Router router;
  private HttpServer server;
  private ConnectionGuard connectionGuard;
  private AnswerWriter answers;

  @Override
  public Future<?> start() {
    config = ApiConfig.from(config());
    connectionGuard = new ConnectionGuard(vertx, config.connections());
    answers = new AnswerWriter(vertx, config.connections().maxAnswerBytesInFlight(),
        config.connections().idleTimeoutSeconds() * 1000L);
    router = router();
    // HTTP/1.1 only: the h2c upgrade path has been seen to corrupt large responses (the OpenAPI document).
    HttpServerOptions options = connectionGuard.configure(new HttpServerOptions().setHost(config.host())
        .setPort(config.httpPort()).setHttp2ClearTextEnabled(false));
    return vertx.createHttpServer(options)
        .connectionHandler(connectionGuard.connections())
        .requestHandler(router)
        .listen()
        .onSuccess(listening -> server = listening);
  }

  /** The port the server listens on (the chosen one when configured with 0). */
  public int actualPort() {
    if (server == null) {
      throw new IllegalStateException("the api is not listening yet");
    }
    return server.actualPort();
  }

  /** Open connections now, for tests of the connection limit. */
  int openConnections() {
    return connectionGuard.openConnections();
  }

  /** Bytes of large answers being sent now, for tests of backpressure. */
  long answerBytesInFlight() {
    return answers.bytesInFlight();
  }

  /** The routes as mounted, for tests that check the published description against them. */
  Router mountedRouter() {
    return router;
  }

  private Router router() {
    WorkflowStore workflows = ServiceProxies.client(vertx, WorkflowStore.class, Addresses.WORKFLOW_STORE);
    RunStore runs = ServiceProxies.client(vertx, RunStore.class, Addresses.RUN_STORE);
    EngineService engine = ServiceProxies.client(vertx, EngineService.class, Addresses.ENGINE,
        config.turnTimeoutMillis());
    CheckpointService checkpoints = ServiceProxies.client(vertx, CheckpointService.class, Addresses.CHECKPOINTS,
        config.turnTimeoutMillis());
    // A replay runs up to MAX_REPLAYED_TURNS turns in one request, each allowed the time of one turn.
    CheckpointService replayingCheckpoints = ServiceProxies.client(vertx, CheckpointService.class,
        Addresses.CHECKPOINTS, config.turnTimeoutMillis() * (CheckpointService.MAX_REPLAYED_TURNS + 1));
    ApiKeyStore keys = ServiceProxies.client(vertx, ApiKeyStore.class, Addresses.API_KEY_STORE);
    RateLimits rateLimits = new RateLimits(config.rateLimits(), System::nanoTime);
    ApiKeyAuthentication authentication = new ApiKeyAuthentication(keys, config.apiKeyCacheMillis(), rateLimits);
    ExecutionUrls executionUrls = new ExecutionUrls(() -> config.publicBaseUrl(actualPort()));
    ModelSchemas models = ModelSchemas.forOpenApi();
    ApiFailureHandler failures = new ApiFailureHandler(config.bodyLimitBytes());

    JsonBodyParser bodyParser = new JsonBodyParser(config.maxJsonDepth());

    Router router = Router.router(vertx);
    router.route().handler(connectionGuard.requests());
    router.route().handler(SecurityHeaders.everyAnswer());
    router.route().handler(ctx -> {
      bodyParser.attachTo(ctx);
      answers.attachTo(ctx);
      ctx.next();
    });
    // The body is read before anything asynchronous happens, so no part of it can be lost while a key is checked.
    router.route(ApiPaths.BASE + "/*").handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
    router.route(ApiDocsRoutes.OPENAPI_PATH).handler(rateLimits.publicAccess());
    router.route("/docs*").handler(rateLimits.publicAccess());
    new ApiDocsRoutes(models, API_VERSION).mount(router);
    router.route(ApiPaths.BASE + "/*").handler(authentication);
    new WorkflowRoutes(workflows, executionUrls, models, config.workflowLimits()).mount(router);
    new VersionRoutes(workflows, models, config.workflowLimits()).mount(router);
    new ApiKeyRoutes(keys, authentication, models).mount(router);
    new ExecutionRoutes(engine, models).mount(router);
    new RunRoutes(runs, engine, models).mount(router);
    new EvaluationRoutes(runs).mount(router);
    new CheckpointRoutes(checkpoints, replayingCheckpoints, runs, models).mount(router);
    router.route().failureHandler(failures);
    for (int status : new int[]{400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, failures.refusal(status));
    }
    return router;
  }
}
