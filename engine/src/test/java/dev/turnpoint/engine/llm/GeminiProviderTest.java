package dev.turnpoint.engine.llm;

import dev.turnpoint.engine.llm.LoopbackLlmStub.Answer;
import dev.turnpoint.engine.llm.LoopbackLlmStub.Received;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.LlmType;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.turnpoint.engine.llm.OpenAiCompatibleProviderTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Gemini provider against a loopback stub of generateContent. */
class GeminiProviderTest {

  private static Vertx vertx;
  private static LoopbackLlmStub stub;
  private static GeminiProvider provider;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    stub = new LoopbackLlmStub(vertx, answer(new JsonArray().add(new JsonObject().put("text", "Hello from Gemini"))));
    provider = new GeminiProvider(stub.exchange(), new GeminiProvider.Settings(stub.baseUrl() + "/v1beta",
        "platform-key"));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    stub.reset();
  }

  static JsonObject answer(JsonArray parts) {
    return new JsonObject().put("candidates", new JsonArray().add(new JsonObject()
            .put("content", new JsonObject().put("role", "model").put("parts", parts)).put("finishReason", "STOP")))
        .put("usageMetadata", new JsonObject().put("promptTokenCount", 30).put("candidatesTokenCount", 8)
            .put("thoughtsTokenCount", 4).put("totalTokenCount", 42))
        .put("modelVersion", "gemini-test-001");
  }

  static LlmConfig config() {
    LlmConfig config = new LlmConfig();
    config.type = LlmType.GOOGLE_LLM;
    config.model = "gemini-test";
    return config;
  }

  @Test
  void aReplyPostsGenerateContentWithTheKeyHeaderAndReadsUsageMetadata() {
    LlmConfig config = config();
    config.apiKey = "user-key";
    config.maxTokens = 64;
    config.thinkingBudget = 0;

    LlmReply reply = provider.call(config, request(LlmCallKind.REPLY)).await();

    assertThat(reply.content()).isEqualTo("Hello from Gemini");
    assertThat(reply.model()).isEqualTo("gemini-test-001");
    assertThat(reply.provider()).isEqualTo("google");
    assertThat(reply.inputTokens()).isEqualTo(30);
    assertThat(reply.outputTokens()).as("candidates plus thoughts").isEqualTo(12);
    assertThat(reply.userKey()).isTrue();
    Received sent = stub.requests.poll();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-test:generateContent");
    assertThat(sent.header("x-goog-api-key")).isEqualTo("user-key");
    assertThat(sent.query()).as("the key travels in the header, not the URL").isNull();
    JsonObject body = sent.json();
    assertThat(body.getJsonObject("systemInstruction").getJsonArray("parts").getJsonObject(0).getString("text"))
        .isEqualTo("Be brief.");
    JsonArray contents = body.getJsonArray("contents");
    assertThat(contents.stream().map(c -> ((JsonObject) c).getString("role")).toList())
        .containsExactly("user", "model", "user");
    assertThat(contents.getJsonObject(2).getJsonArray("parts").getJsonObject(0).getString("text")).isEqualTo("Ana");
    JsonObject generation = body.getJsonObject("generationConfig");
    assertThat(generation.getInteger("maxOutputTokens")).isEqualTo(64);
    assertThat(generation.getJsonObject("thinkingConfig").getInteger("thinkingBudget")).isZero();
  }

  @Test
  void withoutItsOwnKeyTheCallUsesThePlatformsAndAModelsPrefixIsDropped() {
    LlmConfig config = config();
    config.model = "models/gemini-test";
    assertThat(provider.call(config, request(LlmCallKind.REPLY)).await().userKey()).isFalse();
    Received sent = stub.requests.poll();
    assertThat(sent.header("x-goog-api-key")).isEqualTo("platform-key");
    assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-test:generateContent");
  }

  @Test
  void structuredOutputAsksForJsonWithTheSchema() {
    stub.answers.add(Answer.ok(answer(new JsonArray().add(new JsonObject().put("text", "{\"full_name\":\"Ana\"}")))));
    LlmReply reply = provider.call(config(), request(LlmCallKind.STRUCTURED)).await();
    assertThat(reply.structuredOutput()).isEqualTo(new JsonObject().put("full_name", "Ana"));
    JsonObject generation = stub.requests.poll().json().getJsonObject("generationConfig");
    assertThat(generation.getString("responseMimeType")).isEqualTo("application/json");
    assertThat(generation.getJsonObject("responseJsonSchema").getJsonObject("properties").containsKey("full_name"))
        .isTrue();
  }

  @Test
  void aFreeformConditionIsAForcedFunctionCall() {
    stub.answers.add(Answer.ok(answer(new JsonArray().add(new JsonObject().put("functionCall",
        new JsonObject().put("name", "decide_condition").put("args", new JsonObject().put("holds", true)))))));
    assertThat(provider.call(config(), request(LlmCallKind.DECISION)).await().decision()).isTrue();
    JsonObject body = stub.requests.poll().json();
    assertThat(body.getJsonArray("tools").getJsonObject(0).getJsonArray("functionDeclarations").getJsonObject(0)
        .getString("name")).isEqualTo("decide_condition");
    JsonObject calling = body.getJsonObject("toolConfig").getJsonObject("functionCallingConfig");
    assertThat(calling.getString("mode")).isEqualTo("ANY");
    assertThat(calling.getJsonArray("allowedFunctionNames")).containsExactly("decide_condition");
  }

  @Test
  void aReplyOffersTheNodesToolsSendsEarlierRoundsBackAndReadsTheFunctionCalls() {
    stub.answers.add(Answer.ok(answer(new JsonArray().add(new JsonObject().put("functionCall",
        new JsonObject().put("name", "add").put("args", new JsonObject().put("a", 5).put("b", 1)))))));

    LlmReply reply = provider.call(config(), OpenAiCompatibleProviderTest.toolRequest()).await();

    assertThat(reply.toolCalls()).containsExactly(new LlmToolCall("call_0", "add",
        new JsonObject().put("a", 5).put("b", 1)));
    JsonObject body = stub.requests.poll().json();
    assertThat(body.getJsonArray("tools")).containsExactly(new JsonObject().put("functionDeclarations",
        new JsonArray().add(new JsonObject().put("name", "add").put("description", "Adds a and b")
            .put("parameters", new JsonObject().put("type", "object")
                .put("properties", new JsonObject().put("a", new JsonObject().put("type", "number")))))));
    assertThat(body.containsKey("toolConfig")).as("the model chooses").isFalse();
    JsonArray contents = body.getJsonArray("contents");
    assertThat(contents.getJsonObject(1)).isEqualTo(new JsonObject().put("role", "model")
        .put("parts", new JsonArray().add(new JsonObject().put("functionCall", new JsonObject().put("id", "call_7")
            .put("name", "add").put("args", new JsonObject().put("a", 2).put("b", 3))))));
    assertThat(contents.getJsonObject(2)).isEqualTo(new JsonObject().put("role", "user")
        .put("parts", new JsonArray().add(new JsonObject().put("functionResponse", new JsonObject()
            .put("id", "call_7").put("name", "add").put("response", new JsonObject().put("result", 5))))));
  }

  @Test
  void serverErrorsAreRetriedAndABlockedPromptFails() {
    stub.answers.add(Answer.status(503));
    assertThat(provider.call(config(), request(LlmCallKind.REPLY)).await().content())
        .isEqualTo("Hello from Gemini");
    assertThat(stub.requests).hasSize(2);

    stub.answers.add(Answer.ok(new JsonObject().put("promptFeedback",
        new JsonObject().put("blockReason", "SAFETY"))));
    assertThatThrownBy(() -> provider.call(config(), request(LlmCallKind.REPLY)).await())
        .isInstanceOf(LlmException.class).hasMessageContaining("blocked: SAFETY");
  }

  @Test
  void theCallPassesTheOutboundCheck() {
    GeminiProvider unlisted = new GeminiProvider(stub.exchange(List.of()),
        new GeminiProvider.Settings(stub.baseUrl() + "/v1beta", "platform-key"));
    assertThatThrownBy(() -> unlisted.call(config(), request(LlmCallKind.REPLY)).await())
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.isConfigurationError()).isTrue())
        .hasMessageContaining("refused");
    assertThat(stub.requests).isEmpty();
  }
}
