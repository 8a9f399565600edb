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

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static dev.turnpoint.engine.llm.OpenAiCompatibleProviderTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Bedrock provider against a loopback stub of the Converse API. */
class BedrockProviderTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
  private static Vertx vertx;
  private static LoopbackLlmStub stub;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    stub = new LoopbackLlmStub(vertx, converse(new JsonArray()
        .add(new JsonObject().put("text", "Hello from Bedrock"))));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    stub.reset();
  }

  private static BedrockProvider provider(BedrockProvider.Settings settings) {
    return new BedrockProvider(stub.exchange(), settings, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static BedrockProvider.Settings platformKeys() {
    return new BedrockProvider.Settings("us-east-1", stub.baseUrl(), null, "AKIDPLATFORM", "platform-secret",
        "platform-session");
  }

  static JsonObject converse(JsonArray content) {
    return new JsonObject().put("output", new JsonObject().put("message", new JsonObject().put("role", "assistant")
            .put("content", content)))
        .put("stopReason", "end_turn")
        .put("usage", new JsonObject().put("inputTokens", 40).put("outputTokens", 9).put("totalTokens", 49));
  }

  static LlmConfig config() {
    LlmConfig config = new LlmConfig();
    config.type = LlmType.BEDROCK_LLM;
    config.model = "anthropic.claude-test-v1:0";
    return config;
  }

  @Test
  void aReplyIsSignedWithSigV4ForTheRegionAndReadsUsage() {
    LlmConfig config = config();
    config.region = "eu-west-3";
    config.awsAccessKeyId = "AKIDWORKFLOW";
    config.awsSecretAccessKey = "workflow-secret";
    config.maxTokens = 100;

    LlmReply reply = provider(platformKeys()).call(config, request(LlmCallKind.REPLY)).await();

    assertThat(reply.content()).isEqualTo("Hello from Bedrock");
    assertThat(reply.provider()).isEqualTo("bedrock");
    assertThat(reply.model()).isEqualTo("anthropic.claude-test-v1:0");
    assertThat(reply.inputTokens()).isEqualTo(40);
    assertThat(reply.outputTokens()).isEqualTo(9);
    assertThat(reply.userKey()).isTrue();
    Received sent = stub.requests.poll();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/model/anthropic.claude-test-v1%3A0/converse");
    assertThat(sent.header("X-Amz-Date")).isEqualTo("20260301T101530Z");
    assertThat(sent.header("X-Amz-Security-Token")).isNull();
    assertThat(sent.header("Authorization")).matches("AWS4-HMAC-SHA256 Credential=AKIDWORKFLOW/20260301/eu-west-3/"
        + "bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}");
    // Signed again from what arrived: the Host header, path and body the stub saw are those that were signed.
    Map<String, String> expected = AwsSigV4.sign("POST", URI.create(stub.baseUrl() + sent.path()),
        Map.of("host", sent.header("Host"), "content-type", sent.header("Content-Type")), sent.body().getBytes(),
        new AwsSigV4.Credentials("AKIDWORKFLOW", "workflow-secret", null), "eu-west-3", "bedrock", NOW);
    assertThat(sent.header("Authorization")).isEqualTo(expected.get("Authorization"));
    JsonObject body = sent.json();
    assertThat(body.getJsonArray("system").getJsonObject(0).getString("text")).isEqualTo("Be brief.");
    JsonArray messages = body.getJsonArray("messages");
    assertThat(messages.stream().map(m -> ((JsonObject) m).getString("role")).toList())
        .containsExactly("user", "assistant", "user");
    assertThat(messages.getJsonObject(2).getJsonArray("content").getJsonObject(0).getString("text")).isEqualTo("Ana");
    assertThat(body.getJsonObject("inferenceConfig").getInteger("maxTokens")).isEqualTo(100);
  }

  @Test
  void thePlatformsTemporaryCredentialsCarryTheirSessionToken() {
    LlmReply reply = provider(platformKeys()).call(config(), request(LlmCallKind.REPLY)).await();
    assertThat(reply.userKey()).isFalse();
    Received sent = stub.requests.poll();
    assertThat(sent.header("X-Amz-Security-Token")).isEqualTo("platform-session");
    assertThat(sent.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDPLATFORM/20260301/us-east-1/"
        + "bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=");
  }

  @Test
  void aBedrockApiKeyIsABearerToken() {
    LlmConfig config = config();
    config.apiKey = "bedrock-api-key";
    provider(platformKeys()).call(config, request(LlmCallKind.REPLY)).await();
    Received sent = stub.requests.poll();
    assertThat(sent.header("Authorization")).isEqualTo("Bearer bedrock-api-key");
    assertThat(sent.header("X-Amz-Date")).isNull();
  }

  @Test
  void aReplyOffersTheNodesToolsSendsEarlierRoundsBackAndReadsTheToolUses() {
    stub.answers.add(Answer.ok(converse(new JsonArray().add(new JsonObject().put("toolUse", new JsonObject()
        .put("toolUseId", "tooluse_9").put("name", "add").put("input", new JsonObject().put("a", 5).put("b", 1)))))));

    LlmReply reply = provider(platformKeys()).call(config(), OpenAiCompatibleProviderTest.toolRequest()).await();

    assertThat(reply.toolCalls()).containsExactly(new LlmToolCall("tooluse_9", "add",
        new JsonObject().put("a", 5).put("b", 1)));
    JsonObject body = stub.requests.poll().json();
    assertThat(body.getJsonObject("toolConfig")).as("the model chooses").isEqualTo(new JsonObject()
        .put("tools", new JsonArray().add(new JsonObject().put("toolSpec", new JsonObject().put("name", "add")
            .put("description", "Adds a and b").put("inputSchema", new JsonObject().put("json", new JsonObject()
                .put("type", "object").put("properties", new JsonObject()
                    .put("a", new JsonObject().put("type", "number")))))))));
    JsonArray messages = body.getJsonArray("messages");
    assertThat(messages.getJsonObject(1)).isEqualTo(new JsonObject().put("role", "assistant")
        .put("content", new JsonArray().add(new JsonObject().put("toolUse", new JsonObject()
            .put("toolUseId", "call_7").put("name", "add").put("input", new JsonObject().put("a", 2).put("b", 3))))));
    assertThat(messages.getJsonObject(2)).isEqualTo(new JsonObject().put("role", "user")
        .put("content", new JsonArray().add(new JsonObject().put("toolResult", new JsonObject()
            .put("toolUseId", "call_7").put("content", new JsonArray()
                .add(new JsonObject().put("text", "{\"result\":5}")))))));
  }

  @Test
  void structuredOutputAndDecisionsAreForcedToolUses() {
    BedrockProvider provider = provider(platformKeys());
    stub.answers.add(Answer.ok(converse(new JsonArray().add(new JsonObject().put("toolUse", new JsonObject()
        .put("toolUseId", "t1").put("name", "structured_output").put("input", new JsonObject().put("full_name",
            "Ana")))))));
    assertThat(provider.call(config(), request(LlmCallKind.STRUCTURED)).await().structuredOutput())
        .isEqualTo(new JsonObject().put("full_name", "Ana"));
    JsonObject toolConfig = stub.requests.poll().json().getJsonObject("toolConfig");
    JsonObject spec = toolConfig.getJsonArray("tools").getJsonObject(0).getJsonObject("toolSpec");
    assertThat(spec.getString("name")).isEqualTo("structured_output");
    assertThat(spec.getJsonObject("inputSchema").getJsonObject("json").getJsonObject("properties")
        .containsKey("full_name")).isTrue();
    assertThat(toolConfig.getJsonObject("toolChoice").getJsonObject("tool").getString("name"))
        .isEqualTo("structured_output");

    stub.answers.add(Answer.ok(converse(new JsonArray().add(new JsonObject().put("toolUse", new JsonObject()
        .put("toolUseId", "t2").put("name", "decide_condition").put("input", new JsonObject().put("holds",
            true)))))));
    assertThat(provider.call(config(), request(LlmCallKind.DECISION)).await().decision()).isTrue();
  }

  @Test
  void throttlingIsRetriedAndEachAttemptIsSignedAgain() {
    stub.answers.add(Answer.status(429));
    stub.answers.add(Answer.status(500));
    provider(platformKeys()).call(config(), request(LlmCallKind.REPLY)).await();
    assertThat(stub.requests).hasSize(3).allSatisfy(sent -> assertThat(sent.header("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 "));
  }

  @Test
  void badRegionsMissingCredentialsAndRefusedAddressesAreConfigurationErrors() {
    LlmConfig hostile = config();
    hostile.region = "evil.example/x";
    assertThatThrownBy(() -> provider(new BedrockProvider.Settings("us-east-1", null, null, "a", "b", null))
        .call(hostile, request(LlmCallKind.REPLY)).await())
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.isConfigurationError()).isTrue())
        .hasMessageContaining("not an AWS region name");

    BedrockProvider none = provider(new BedrockProvider.Settings("us-east-1", stub.baseUrl(), null, null, null,
        null));
    assertThatThrownBy(() -> none.call(config(), request(LlmCallKind.REPLY)).await())
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.isConfigurationError()).isTrue())
        .hasMessageContaining("needs credentials");
    LlmConfig half = config();
    half.awsAccessKeyId = "AKID";
    assertThatThrownBy(() -> none.call(half, request(LlmCallKind.REPLY)).await())
        .hasMessageContaining("both aws_access_key_id and aws_secret_access_key");

    BedrockProvider unlisted = new BedrockProvider(stub.exchange(List.of()), platformKeys());
    assertThatThrownBy(() -> unlisted.call(config(), request(LlmCallKind.REPLY)).await())
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.isConfigurationError()).isTrue())
        .hasMessageContaining("refused");
    assertThat(stub.requests).isEmpty();
  }
}
