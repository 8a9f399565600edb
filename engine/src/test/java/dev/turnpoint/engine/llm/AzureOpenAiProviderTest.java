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

/** The Azure OpenAI provider against a loopback stub of a deployment's chat completions. */
class AzureOpenAiProviderTest {

  private static Vertx vertx;
  private static LoopbackLlmStub stub;
  private static AzureOpenAiProvider provider;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    stub = new LoopbackLlmStub(vertx, completion(new JsonObject().put("role", "assistant")
        .put("content", "Hello from Azure")));
    provider = new AzureOpenAiProvider(stub.exchange(),
        new AzureOpenAiProvider.Settings(stub.baseUrl() + "/", "platform-key", "2024-10-21"));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    stub.reset();
  }

  static JsonObject completion(JsonObject message) {
    return new JsonObject().put("id", "chatcmpl-1").put("object", "chat.completion").put("model", "gpt-4o-2024")
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("message", message)))
        .put("usage", new JsonObject().put("prompt_tokens", 15).put("completion_tokens", 6));
  }

  static LlmConfig config() {
    LlmConfig config = new LlmConfig();
    config.type = LlmType.AZURE_OPENAI_LLM;
    config.model = "my-deployment";
    return config;
  }

  @Test
  void aReplyPostsToTheDeploymentWithTheApiVersionAndApiKeyHeader() {
    LlmConfig config = config();
    config.apiKey = "user-key";
    config.apiVersion = "2025-01-01-preview";
    config.endpoint = stub.baseUrl();

    LlmReply reply = provider.call(config, request(LlmCallKind.REPLY)).await();

    assertThat(reply.content()).isEqualTo("Hello from Azure");
    assertThat(reply.provider()).isEqualTo("azure_openai");
    assertThat(reply.inputTokens()).isEqualTo(15);
    assertThat(reply.outputTokens()).isEqualTo(6);
    assertThat(reply.userKey()).isTrue();
    Received sent = stub.requests.poll();
    assertThat(sent.path()).isEqualTo("/openai/deployments/my-deployment/chat/completions");
    assertThat(sent.query()).isEqualTo("api-version=2025-01-01-preview");
    assertThat(sent.header("api-key")).isEqualTo("user-key");
    assertThat(sent.header("Authorization")).isNull();
    assertThat(sent.json().getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("role")).toList())
        .containsExactly("system", "user", "assistant", "user");
  }

  @Test
  void thePlatformKeyAndVersionApplyOnlyAtTheOperatorsEndpoint() {
    LlmReply reply = provider.call(config(), request(LlmCallKind.REPLY)).await();
    assertThat(reply.userKey()).isFalse();
    Received sent = stub.requests.poll();
    assertThat(sent.header("api-key")).isEqualTo("platform-key");
    assertThat(sent.query()).isEqualTo("api-version=2024-10-21");

    LlmConfig elsewhere = config();
    elsewhere.endpoint = "http://localhost:" + stub.port();
    AzureOpenAiProvider allowingLocalhost = new AzureOpenAiProvider(stub.exchange(List.of("127.0.0.1:" + stub.port(),
        "::1")), new AzureOpenAiProvider.Settings(stub.baseUrl(), "platform-key", "2024-10-21"));
    allowingLocalhost.call(elsewhere, request(LlmCallKind.REPLY)).await();
    assertThat(stub.requests.poll().header("api-key")).as("a workflow's endpoint never gets the platform key")
        .isNull();
  }

  @Test
  void structuredOutputAndDecisionsUseTheChatCompletionsForms() {
    stub.answers.add(Answer.ok(completion(new JsonObject().put("role", "assistant")
        .put("content", "{\"full_name\":\"Ana\"}"))));
    assertThat(provider.call(config(), request(LlmCallKind.STRUCTURED)).await().structuredOutput()
        .getString("full_name")).isEqualTo("Ana");
    assertThat(stub.requests.poll().json().getJsonObject("response_format").getString("type"))
        .isEqualTo("json_schema");

    stub.answers.add(Answer.ok(completion(new JsonObject().put("role", "assistant").put("tool_calls",
        new JsonArray().add(new JsonObject().put("type", "function").put("function", new JsonObject()
            .put("name", "decide_condition").put("arguments", "{\"holds\":true}")))))));
    assertThat(provider.call(config(), request(LlmCallKind.DECISION)).await().decision()).isTrue();
  }

  @Test
  void retriesAndConfigurationErrors() {
    stub.answers.add(Answer.status(429));
    provider.call(config(), request(LlmCallKind.REPLY)).await();
    assertThat(stub.requests).hasSize(2);

    AzureOpenAiProvider noEndpoint = new AzureOpenAiProvider(stub.exchange(),
        new AzureOpenAiProvider.Settings(null, null, "2024-10-21"));
    assertThatThrownBy(() -> noEndpoint.call(config(), request(LlmCallKind.REPLY)).await())
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.isConfigurationError()).isTrue())
        .hasMessageContaining("azure_openai_endpoint");

    AzureOpenAiProvider unlisted = new AzureOpenAiProvider(stub.exchange(List.of()),
        new AzureOpenAiProvider.Settings(stub.baseUrl(), "platform-key", "2024-10-21"));
    stub.reset();
    assertThatThrownBy(() -> unlisted.call(config(), request(LlmCallKind.REPLY)).await())
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.isConfigurationError()).isTrue())
        .hasMessageContaining("refused");
    assertThat(stub.requests).isEmpty();
  }
}
