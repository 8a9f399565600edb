package dev.turnpoint.engine.llm;

import dev.turnpoint.engine.http.OutboundAllowList;
import dev.turnpoint.engine.http.OutboundClient;
import dev.turnpoint.engine.http.OutboundPolicy;
import dev.turnpoint.model.expression.JsonVariables;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.LlmType;
import dev.turnpoint.model.workflow.StructuredOutputSchema;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The OpenAI-compatible client against a fake chat-completions server on loopback. */
class OpenAiCompatibleProviderTest {

  private static Vertx vertx;
  private static HttpServer server;
  private static String baseUrl;
  private static final Queue<Consumer<RoutingContext>> answers = new ConcurrentLinkedQueue<>();
  private static final Queue<JsonObject> requests = new ConcurrentLinkedQueue<>();
  private static OpenAiCompatibleProvider provider;

  @BeforeAll
  static void startServer() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.post("/v1/chat/completions").handler(ctx -> {
      requests.add(new JsonObject().put("authorization", ctx.request().getHeader("Authorization"))
          .put("organization", ctx.request().getHeader("OpenAI-Organization"))
          .put("body", ctx.body().asJsonObject()));
      Consumer<RoutingContext> answer = answers.poll();
      (answer == null ? reply("Hello from the fake") : answer).accept(ctx);
    });
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    baseUrl = "http://127.0.0.1:" + server.actualPort() + "/v1";
    // The server's own base URL is trusted; any other base_url to the fake passes the check by the allow-list.
    provider = new OpenAiCompatibleProvider(vertx, outbound(List.of("127.0.0.1:" + server.actualPort())),
        new OpenAiSettings(baseUrl, "platform-key", 5_000, 5, 20));
  }

  private static OutboundClient outbound(List<String> allow) {
    return new OutboundClient(vertx, WebClient.create(vertx),
        new OutboundPolicy(OutboundAllowList.parse(allow), OutboundPolicy.DEFAULT_MAX_REDIRECTS));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    answers.clear();
    requests.clear();
  }

  static Consumer<RoutingContext> reply(String content) {
    return completion(new JsonObject().put("role", "assistant").put("content", content));
  }

  static Consumer<RoutingContext> completion(JsonObject message) {
    return ctx -> ctx.json(new JsonObject()
        .put("id", "chatcmpl-1").put("object", "chat.completion").put("model", "gpt-test-2024")
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("message", message)
            .put("finish_reason", "stop")))
        .put("usage", new JsonObject().put("prompt_tokens", 12).put("completion_tokens", 5).put("total_tokens", 17)));
  }

  static Consumer<RoutingContext> status(int code) {
    return ctx -> ctx.response().setStatusCode(code).putHeader("Retry-After", "0").end("{\"error\":\"busy\"}");
  }

  static LlmConfig config() {
    LlmConfig config = new LlmConfig();
    config.type = LlmType.OPENAI_LLM;
    config.model = "gpt-test";
    return config;
  }

  /** A reply call offering an {@code add} tool, after one round in which the LLM called it and got 5. */
  static LlmRequest toolRequest() {
    LlmRequest offered = new LlmRequest(LlmCallKind.REPLY, "Be brief.", List.of(LlmMessages.human("Add 2 and 3")),
        null, null, List.of(), "node_x", dev.turnpoint.model.expression.JsonVariables.empty(),
        List.of(new LlmTool("add", "Adds a and b", new JsonObject().put("type", "object")
            .put("properties", new JsonObject().put("a", new JsonObject().put("type", "number"))))), List.of());
    return offered.withRound(new LlmToolRound(
        List.of(new LlmToolCall("call_7", "add", new JsonObject().put("a", 2).put("b", 3))),
        List.of("{\"result\":5}")));
  }

  static LlmRequest request(LlmCallKind kind) {
    List<JsonObject> messages = List.of(LlmMessages.human("Hi"), LlmMessages.ai("Hello, who is this?"),
        LlmMessages.human("Ana"));
    StructuredOutputSchema schema = null;
    if (kind == LlmCallKind.STRUCTURED) {
      schema = new StructuredOutputSchema();
      schema.name = "Intake Fields";
      schema.description = "What the caller said";
      schema.inputSchema = new JsonObject().put("type", "object")
          .put("properties", new JsonObject().put("full_name", new JsonObject().put("type", "string")));
    }
    return new LlmRequest(kind, "Be brief.", messages, schema,
        kind == LlmCallKind.DECISION ? "The caller gave a name" : null, List.of("edge_1"), "node_x",
        JsonVariables.empty());
  }

  @Test
  void aReplySendsTheConversationWithTheUsersKeyAndRecordsUsage() {
    LlmConfig config = config();
    config.baseUrl = baseUrl + "/";
    config.apiKey = "user-key";
    config.organization = "org-1";
    config.temperature = 0.3;
    config.maxTokens = 50;
    config.modelKwargs = new JsonObject().put("top_p", 0.9);

    LlmReply reply = provider.call(config, request(LlmCallKind.REPLY)).await();

    assertThat(reply.content()).isEqualTo("Hello from the fake");
    assertThat(reply.model()).isEqualTo("gpt-test-2024");
    assertThat(reply.provider()).isEqualTo("openai");
    assertThat(reply.inputTokens()).isEqualTo(12);
    assertThat(reply.outputTokens()).isEqualTo(5);
    assertThat(reply.userKey()).isTrue();
    assertThat(reply.latencyMillis()).isGreaterThanOrEqualTo(0);
    JsonObject sent = requests.poll();
    assertThat(sent.getString("authorization")).isEqualTo("Bearer user-key");
    assertThat(sent.getString("organization")).isEqualTo("org-1");
    JsonObject body = sent.getJsonObject("body");
    assertThat(body.getString("model")).isEqualTo("gpt-test");
    assertThat(body.getDouble("temperature")).isEqualTo(0.3);
    assertThat(body.getInteger("max_tokens")).isEqualTo(50);
    assertThat(body.getDouble("top_p")).isEqualTo(0.9);
    assertThat(body.containsKey("response_format")).isFalse();
    assertThat(body.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("role")).toList())
        .containsExactly("system", "user", "assistant", "user");
    assertThat(body.getJsonArray("messages").getJsonObject(0).getString("content")).isEqualTo("Be brief.");
    assertThat(body.getJsonArray("messages").getJsonObject(3).getString("content")).isEqualTo("Ana");
  }

  @Test
  void withoutItsOwnKeyOrUrlTheCallUsesThePlatformsAndCountsAsAFallbackCall() {
    LlmReply reply = provider.call(config(), request(LlmCallKind.REPLY)).await();
    assertThat(reply.userKey()).isFalse();
    assertThat(requests.poll().getString("authorization")).isEqualTo("Bearer platform-key");
  }

  @Test
  void structuredOutputAsksForTheSchemaAndReadsTheJsonObject() {
    answers.add(reply("```json\n{\"full_name\": \"Ana Silva\"}\n```"));
    LlmReply reply = provider.call(config(), request(LlmCallKind.STRUCTURED)).await();
    assertThat(reply.structuredOutput().getString("full_name")).isEqualTo("Ana Silva");
    JsonObject format = requests.poll().getJsonObject("body").getJsonObject("response_format");
    assertThat(format.getString("type")).isEqualTo("json_schema");
    assertThat(format.getJsonObject("json_schema").getString("name")).isEqualTo("Intake_Fields");
    assertThat(format.getJsonObject("json_schema").getJsonObject("schema").getJsonObject("properties")
        .containsKey("full_name")).isTrue();

    answers.add(reply("not json"));
    assertThatThrownBy(() -> provider.call(config(), request(LlmCallKind.STRUCTURED)).await())
        .isInstanceOf(LlmException.class).hasMessageContaining("not a JSON object");
  }

  @Test
  void aFreeformConditionIsDecidedByAForcedFunctionCall() {
    answers.add(completion(new JsonObject().put("role", "assistant").putNull("content").put("tool_calls",
        new JsonArray().add(new JsonObject().put("id", "call_1").put("type", "function").put("function",
            new JsonObject().put("name", "decide_condition").put("arguments", "{\"holds\": true}"))))));
    LlmReply reply = provider.call(config(), request(LlmCallKind.DECISION)).await();
    assertThat(reply.decision()).isTrue();
    JsonObject body = requests.poll().getJsonObject("body");
    assertThat(body.getJsonObject("tool_choice").getJsonObject("function").getString("name"))
        .isEqualTo("decide_condition");
    assertThat(body.getJsonArray("tools").getJsonObject(0).getJsonObject("function").getJsonObject("parameters")
        .getJsonObject("properties").containsKey("holds")).isTrue();
    assertThat(body.getJsonArray("messages").getJsonObject(0).getString("content"))
        .contains("Condition: The caller gave a name");
  }

  @Test
  void serverErrorsAndRateLimitsAreRetriedWithBackoff() {
    answers.add(status(500));
    answers.add(status(429));
    answers.add(reply("third time lucky"));
    LlmReply reply = provider.call(config(), request(LlmCallKind.REPLY)).await();
    assertThat(reply.content()).isEqualTo("third time lucky");
    assertThat(requests).hasSize(3);
  }

  @Test
  void retriesStopAfterMaxRetriesAndClientErrorsAreNotRetried() {
    LlmConfig config = config();
    config.maxRetries = 2;
    for (int i = 0; i < 5; i++) {
      answers.add(status(503));
    }
    assertThatThrownBy(() -> provider.call(config, request(LlmCallKind.REPLY)).await())
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.isConfigurationError()).isFalse())
        .hasMessageContaining("HTTP 503 after 3 attempt(s)");
    assertThat(requests).hasSize(3);

    reset();
    answers.add(status(401));
    assertThatThrownBy(() -> provider.call(config(), request(LlmCallKind.REPLY)).await())
        .hasMessageContaining("HTTP 401 after 1 attempt(s)");
    assertThat(requests).hasSize(1);
  }

  @Test
  void aServerThatDoesNotAnswerTimesOut() {
    answers.add(ctx -> {
    });
    LlmConfig config = config();
    config.requestTimeoutMs = 200;
    long started = System.nanoTime();
    Future<LlmReply> call = provider.call(config, request(LlmCallKind.REPLY));
    assertThatThrownBy(call::await).isInstanceOf(LlmException.class)
        .hasMessageContaining("did not answer within 200 ms");
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_000);
    assertThat(requests).hasSize(1);
  }

  @Test
  void aConfigWithoutAModelIsAConfigurationError() {
    LlmConfig config = config();
    config.model = null;
    assertThatThrownBy(() -> provider.call(config, request(LlmCallKind.REPLY)).await())
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.isConfigurationError()).isTrue());
  }

  @Test
  void aBaseUrlTheWorkflowGivesIsRefusedOnLoopbackUnlessTheAllowListNamesIt() {
    OpenAiSettings hosted = new OpenAiSettings("https://api.openai.com/v1", "platform-key", 5_000, 5, 20);
    LlmConfig config = config();
    config.baseUrl = baseUrl;
    config.maxRetries = 3;
    OpenAiCompatibleProvider guarded = new OpenAiCompatibleProvider(vertx, outbound(List.of()), hosted);
    assertThatThrownBy(() -> guarded.call(config, request(LlmCallKind.REPLY)).await())
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.isConfigurationError()).isTrue())
        .hasMessage("cannot call the LLM at " + baseUrl + "/chat/completions: refused: 127.0.0.1 is a loopback "
            + "address and outbound_allow does not permit it");
    assertThat(requests).as("neither sent nor retried").isEmpty();

    OpenAiCompatibleProvider allowed = new OpenAiCompatibleProvider(vertx,
        outbound(List.of("127.0.0.1:" + server.actualPort())), hosted);
    assertThat(allowed.call(config, request(LlmCallKind.REPLY)).await().content()).isEqualTo("Hello from the fake");
    assertThat(requests).hasSize(1);
  }

  @Test
  void thePlatformKeyGoesOnlyToTheOperatorsBaseUrlsNeverToOneAWorkflowNames() {
    OpenAiCompatibleProvider hosted = new OpenAiCompatibleProvider(vertx,
        outbound(List.of("127.0.0.1:" + server.actualPort())),
        new OpenAiSettings("https://api.openai.com/v1", "platform-key", 5_000, 5, 20));
    LlmConfig workflowUrl = config();
    workflowUrl.baseUrl = baseUrl;

    LlmReply keyless = hosted.call(workflowUrl, request(LlmCallKind.REPLY)).await();
    assertThat(keyless.content()).isEqualTo("Hello from the fake");
    assertThat(keyless.userKey()).isFalse();
    JsonObject sent = requests.poll();
    assertThat(sent.containsKey("authorization")).isTrue();
    assertThat(sent.getString("authorization")).as("no key at all, the platform's least of all").isNull();

    workflowUrl.apiKey = "workflow-key";
    hosted.call(workflowUrl, request(LlmCallKind.REPLY)).await();
    assertThat(requests.poll().getString("authorization")).isEqualTo("Bearer workflow-key");

    OpenAiCompatibleProvider operatorsOwn = new OpenAiCompatibleProvider(vertx, outbound(List.of()),
        new OpenAiSettings("https://api.openai.com/v1", "platform-key", 5_000, 5, 20, List.of(baseUrl)));
    LlmConfig trusted = config();
    trusted.baseUrl = baseUrl + "/";
    operatorsOwn.call(trusted, request(LlmCallKind.REPLY)).await();
    assertThat(requests.poll().getString("authorization")).isEqualTo("Bearer platform-key");
  }

  @Test
  void theOperatorsOwnBaseUrlsAreTrustedOnLoopback() {
    OpenAiCompatibleProvider trusting = new OpenAiCompatibleProvider(vertx, outbound(List.of()),
        new OpenAiSettings(baseUrl, "platform-key", 5_000, 5, 20));
    assertThat(trusting.call(config(), request(LlmCallKind.REPLY)).await().content())
        .isEqualTo("Hello from the fake");

    OpenAiCompatibleProvider defaultLlmTrusted = new OpenAiCompatibleProvider(vertx, outbound(List.of()),
        new OpenAiSettings("https://api.openai.com/v1", "platform-key", 5_000, 5, 20, List.of(baseUrl + "/")));
    LlmConfig config = config();
    config.baseUrl = baseUrl;
    assertThat(defaultLlmTrusted.call(config, request(LlmCallKind.REPLY)).await().content())
        .isEqualTo("Hello from the fake");
    assertThat(requests).hasSize(2);
  }
}
