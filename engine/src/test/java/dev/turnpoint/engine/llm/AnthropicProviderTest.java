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

/** The Anthropic provider against a loopback stub of the Messages API. */
class AnthropicProviderTest {

  private static Vertx vertx;
  private static LoopbackLlmStub stub;
  private static AnthropicProvider provider;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    stub = new LoopbackLlmStub(vertx, message(new JsonArray().add(text("Hello from Claude"))));
    provider = new AnthropicProvider(stub.exchange(), settings());
  }

  private static AnthropicProvider.Settings settings() {
    return new AnthropicProvider.Settings(stub.baseUrl(), "platform-key", "2023-06-01", 1024);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    stub.reset();
  }

  static JsonObject text(String text) {
    return new JsonObject().put("type", "text").put("text", text);
  }

  static JsonObject toolUse(String name, JsonObject input) {
    return new JsonObject().put("type", "tool_use").put("id", "toolu_1").put("name", name).put("input", input);
  }

  static JsonObject message(JsonArray content) {
    return new JsonObject().put("id", "msg_1").put("type", "message").put("role", "assistant")
        .put("model", "claude-test-20250101").put("content", content).put("stop_reason", "end_turn")
        .put("usage", new JsonObject().put("input_tokens", 21).put("output_tokens", 7)
            .put("cache_read_input_tokens", 3));
  }

  static LlmConfig config() {
    LlmConfig config = new LlmConfig();
    config.type = LlmType.ANTHROPIC_LLM;
    config.model = "claude-test";
    return config;
  }

  @Test
  void aReplyPostsMessagesWithTheKeyAndVersionHeadersAndReadsUsage() {
    LlmConfig config = config();
    config.apiKey = "user-key";
    config.temperature = 0.2;

    LlmReply reply = provider.call(config, request(LlmCallKind.REPLY)).await();

    assertThat(reply.content()).isEqualTo("Hello from Claude");
    assertThat(reply.model()).isEqualTo("claude-test-20250101");
    assertThat(reply.provider()).isEqualTo("anthropic");
    assertThat(reply.inputTokens()).as("input plus cached input").isEqualTo(24);
    assertThat(reply.outputTokens()).isEqualTo(7);
    assertThat(reply.userKey()).isTrue();
    Received sent = stub.requests.poll();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/v1/messages");
    assertThat(sent.header("x-api-key")).isEqualTo("user-key");
    assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(sent.header("Authorization")).isNull();
    JsonObject body = sent.json();
    assertThat(body.getString("model")).isEqualTo("claude-test");
    assertThat(body.getInteger("max_tokens")).as("the engine's default, the API requires one").isEqualTo(1024);
    assertThat(body.getDouble("temperature")).isEqualTo(0.2);
    assertThat(body.getString("system")).isEqualTo("Be brief.");
    JsonArray messages = body.getJsonArray("messages");
    assertThat(messages.stream().map(m -> ((JsonObject) m).getString("role")).toList())
        .containsExactly("user", "assistant", "user");
    assertThat(messages.getJsonObject(2).getJsonArray("content").getJsonObject(0))
        .isEqualTo(new JsonObject().put("type", "text").put("text", "Ana"));
    assertThat(body.containsKey("tools")).isFalse();
  }

  @Test
  void aReplyOffersTheNodesToolsSendsEarlierRoundsBackAndReadsTheToolUseBlocks() {
    stub.answers.add(Answer.ok(message(new JsonArray().add(text("Let me add those."))
        .add(toolUse("add", new JsonObject().put("a", 5).put("b", 1))))));

    LlmReply reply = provider.call(config(), OpenAiCompatibleProviderTest.toolRequest()).await();

    assertThat(reply.toolCalls()).containsExactly(new LlmToolCall("toolu_1", "add",
        new JsonObject().put("a", 5).put("b", 1)));
    JsonObject body = stub.requests.poll().json();
    assertThat(body.getJsonArray("tools")).containsExactly(new JsonObject().put("name", "add")
        .put("description", "Adds a and b").put("input_schema", new JsonObject().put("type", "object")
            .put("properties", new JsonObject().put("a", new JsonObject().put("type", "number")))));
    assertThat(body.containsKey("tool_choice")).as("the model chooses").isFalse();
    JsonArray messages = body.getJsonArray("messages");
    assertThat(messages.getJsonObject(1)).isEqualTo(new JsonObject().put("role", "assistant")
        .put("content", new JsonArray().add(new JsonObject().put("type", "tool_use").put("id", "call_7")
            .put("name", "add").put("input", new JsonObject().put("a", 2).put("b", 3)))));
    assertThat(messages.getJsonObject(2)).isEqualTo(new JsonObject().put("role", "user")
        .put("content", new JsonArray().add(new JsonObject().put("type", "tool_result").put("tool_use_id", "call_7")
            .put("content", "{\"result\":5}"))));

    LlmConfig thinking = config();
    thinking.thinkingBudget = 2000;
    provider.call(thinking, OpenAiCompatibleProviderTest.toolRequest()).await();
    assertThat(stub.requests.poll().json().containsKey("tools")).as("no tools with extended thinking").isFalse();
  }

  @Test
  void withoutItsOwnKeyTheCallUsesThePlatformsAndAConversationStartsWithTheUser() {
    LlmRequest greeting = new LlmRequest(LlmCallKind.REPLY, "", List.of(LlmMessages.ai("Welcome!")), null, null,
        List.of(), "node_x", dev.turnpoint.model.expression.JsonVariables.empty());
    LlmReply reply = provider.call(config(), greeting).await();
    assertThat(reply.userKey()).isFalse();
    Received sent = stub.requests.poll();
    assertThat(sent.header("x-api-key")).isEqualTo("platform-key");
    JsonObject body = sent.json();
    assertThat(body.containsKey("system")).isFalse();
    assertThat(body.getJsonArray("messages").getJsonObject(0).getString("role")).isEqualTo("user");
    assertThat(body.getJsonArray("messages").getJsonObject(1).getString("role")).isEqualTo("assistant");
  }

  @Test
  void structuredOutputIsAForcedToolCallWhoseInputIsTheObject() {
    stub.answers.add(Answer.ok(message(new JsonArray().add(toolUse("structured_output",
        new JsonObject().put("full_name", "Ana Silva"))))));
    LlmReply reply = provider.call(config(), request(LlmCallKind.STRUCTURED)).await();
    assertThat(reply.structuredOutput()).isEqualTo(new JsonObject().put("full_name", "Ana Silva"));
    JsonObject body = stub.requests.poll().json();
    JsonObject tool = body.getJsonArray("tools").getJsonObject(0);
    assertThat(tool.getString("name")).isEqualTo("structured_output");
    assertThat(tool.getJsonObject("input_schema").getJsonObject("properties").containsKey("full_name")).isTrue();
    assertThat(body.getJsonObject("tool_choice"))
        .isEqualTo(new JsonObject().put("type", "tool").put("name", "structured_output"));
  }

  @Test
  void aFreeformConditionIsDecidedByAForcedDecisionTool() {
    stub.answers.add(Answer.ok(message(new JsonArray().add(toolUse("decide_condition",
        new JsonObject().put("holds", true))))));
    assertThat(provider.call(config(), request(LlmCallKind.DECISION)).await().decision()).isTrue();
    JsonObject body = stub.requests.poll().json();
    assertThat(body.getJsonObject("tool_choice").getString("name")).isEqualTo("decide_condition");
    assertThat(body.getString("system")).contains("Condition: The caller gave a name");

    stub.answers.add(Answer.ok(message(new JsonArray().add(toolUse("decide_condition",
        new JsonObject().put("holds", false))))));
    assertThat(provider.call(config(), request(LlmCallKind.DECISION)).await().decision()).isFalse();
  }

  @Test
  void aThinkingBudgetTurnsThinkingOnAndLeavesTheToolChoiceToTheModel() {
    LlmConfig config = config();
    config.thinkingBudget = 2048;
    config.temperature = 0.5;
    stub.answers.add(Answer.ok(message(new JsonArray().add(new JsonObject().put("type", "thinking")
        .put("thinking", "hmm")).add(text("Yes, they did.")))));
    assertThat(provider.call(config, request(LlmCallKind.DECISION)).await().decision()).isTrue();
    JsonObject body = stub.requests.poll().json();
    assertThat(body.getJsonObject("thinking"))
        .isEqualTo(new JsonObject().put("type", "enabled").put("budget_tokens", 2048));
    assertThat(body.getInteger("max_tokens")).isGreaterThan(2048);
    assertThat(body.containsKey("temperature")).as("thinking requires the default temperature").isFalse();
    assertThat(body.getJsonObject("tool_choice")).isEqualTo(new JsonObject().put("type", "auto"));
  }

  @Test
  void rateLimitsAndServerErrorsAreRetriedAndClientErrorsAreNot() {
    stub.answers.add(Answer.status(529));
    stub.answers.add(Answer.status(429));
    assertThat(provider.call(config(), request(LlmCallKind.REPLY)).await().content())
        .isEqualTo("Hello from Claude");
    assertThat(stub.requests).hasSize(3);

    stub.reset();
    stub.answers.add(Answer.status(400));
    assertThatThrownBy(() -> provider.call(config(), request(LlmCallKind.REPLY)).await())
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.isConfigurationError()).isFalse())
        .hasMessageContaining("HTTP 400 after 1 attempt(s)");
    assertThat(stub.requests).hasSize(1);
  }

  @Test
  void theCallPassesTheOutboundCheckAndNeedsAKey() {
    AnthropicProvider unlisted = new AnthropicProvider(stub.exchange(List.of()), settings());
    assertThatThrownBy(() -> unlisted.call(config(), request(LlmCallKind.REPLY)).await())
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.isConfigurationError()).isTrue())
        .hasMessageContaining("refused: 127.0.0.1 is a loopback address");
    assertThat(stub.requests).isEmpty();

    AnthropicProvider keyless = new AnthropicProvider(stub.exchange(),
        new AnthropicProvider.Settings(stub.baseUrl(), null, "2023-06-01", 1024));
    assertThatThrownBy(() -> keyless.call(config(), request(LlmCallKind.REPLY)).await())
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.isConfigurationError()).isTrue())
        .hasMessageContaining("anthropic_api_key");
  }
}
