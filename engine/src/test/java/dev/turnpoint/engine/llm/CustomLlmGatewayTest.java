package dev.turnpoint.engine.llm;

import dev.turnpoint.engine.http.OutboundAllowList;
import dev.turnpoint.engine.http.OutboundClient;
import dev.turnpoint.engine.http.OutboundPolicy;
import dev.turnpoint.engine.llm.LoopbackLlmStub.Answer;
import dev.turnpoint.engine.llm.LoopbackLlmStub.Received;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.LlmType;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.turnpoint.engine.llm.OpenAiCompatibleProviderTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** custom_llm's gateway options against a loopback gateway a workflow names. */
class CustomLlmGatewayTest {

  private static Vertx vertx;
  private static LoopbackLlmStub stub;
  private static OpenAiCompatibleProvider provider;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    stub = new LoopbackLlmStub(vertx, completion("Hello from the gateway"));
    OutboundClient outbound = new OutboundClient(vertx, WebClient.create(vertx), new OutboundPolicy(
        OutboundAllowList.parse(List.of("127.0.0.1:" + stub.port())), OutboundPolicy.DEFAULT_MAX_REDIRECTS));
    provider = new OpenAiCompatibleProvider(vertx, outbound,
        new OpenAiSettings("https://api.openai.com/v1", "platform-key", 5_000, 5, 20));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @BeforeEach
  void reset() {
    stub.reset();
  }

  static JsonObject completion(String content) {
    return new JsonObject().put("model", "gateway-model")
        .put("choices", new JsonArray().add(new JsonObject().put("message", new JsonObject()
            .put("role", "assistant").put("content", content))))
        .put("usage", new JsonObject().put("prompt_tokens", 3).put("completion_tokens", 2));
  }

  static JsonObject responsesAnswer(JsonArray output) {
    return new JsonObject().put("id", "resp_1").put("object", "response").put("model", "gpt-5-test")
        .put("output", output)
        .put("usage", new JsonObject().put("input_tokens", 17).put("output_tokens", 4));
  }

  LlmConfig config() {
    LlmConfig config = new LlmConfig();
    config.type = LlmType.CUSTOM_LLM;
    config.model = "gateway-model";
    config.baseUrl = stub.baseUrl() + "/gw/v1";
    config.apiKey = "gateway-key";
    return config;
  }

  @Test
  void defaultHeadersGoOnTheRequestAndTheLabelIsCustom() {
    LlmConfig config = config();
    config.defaultHeaders = Map.of("X-Tenant", "clinic-7");
    LlmReply reply = provider.call(config, request(LlmCallKind.REPLY)).await();
    assertThat(reply.provider()).isEqualTo("custom");
    Received sent = stub.requests.poll();
    assertThat(sent.path()).isEqualTo("/gw/v1/chat/completions");
    assertThat(sent.header("X-Tenant")).isEqualTo("clinic-7");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer gateway-key");
  }

  @Test
  void rewriteBaseUrlPostsToTheBaseUrlExactly() {
    LlmConfig config = config();
    config.baseUrl = stub.baseUrl() + "/invoke/chat";
    config.rewriteBaseUrl = true;
    assertThat(provider.call(config, request(LlmCallKind.REPLY)).await().content())
        .isEqualTo("Hello from the gateway");
    assertThat(stub.requests.poll().path()).isEqualTo("/invoke/chat");
  }

  @Test
  void responseUnwrapKeyReadsTheStandardAnswerFromUnderTheKey() {
    LlmConfig config = config();
    config.responseUnwrapKey = "data";
    stub.answers.add(Answer.ok(new JsonObject().put("status", "ok").put("data", completion("wrapped answer"))));
    LlmReply reply = provider.call(config, request(LlmCallKind.REPLY)).await();
    assertThat(reply.content()).isEqualTo("wrapped answer");
    assertThat(reply.inputTokens()).isEqualTo(3);

    stub.answers.add(Answer.ok(completion("not wrapped")));
    assertThatThrownBy(() -> provider.call(config, request(LlmCallKind.REPLY)).await())
        .isInstanceOf(LlmException.class).hasMessageContaining("no object under response_unwrap_key 'data'");
  }

  @Test
  void theResponsesApiSendsInstructionsAndInputAndReadsOutputItems() {
    LlmConfig config = config();
    config.useResponsesApi = true;
    config.maxTokens = 80;
    config.reasoningEffort = "low";
    stub.answers.add(Answer.ok(responsesAnswer(new JsonArray().add(new JsonObject().put("type", "reasoning"))
        .add(new JsonObject().put("type", "message").put("role", "assistant").put("content", new JsonArray()
            .add(new JsonObject().put("type", "output_text").put("text", "Hi Ana.")))))));

    LlmReply reply = provider.call(config, request(LlmCallKind.REPLY)).await();

    assertThat(reply.content()).isEqualTo("Hi Ana.");
    assertThat(reply.model()).isEqualTo("gpt-5-test");
    assertThat(reply.inputTokens()).isEqualTo(17);
    assertThat(reply.outputTokens()).isEqualTo(4);
    Received sent = stub.requests.poll();
    assertThat(sent.path()).isEqualTo("/gw/v1/responses");
    JsonObject body = sent.json();
    assertThat(body.getString("instructions")).isEqualTo("Be brief.");
    assertThat(body.getJsonArray("input").stream().map(m -> ((JsonObject) m).getString("role")).toList())
        .containsExactly("user", "assistant", "user");
    assertThat(body.getInteger("max_output_tokens")).isEqualTo(80);
    assertThat(body.getJsonObject("reasoning").getString("effort")).isEqualTo("low");
    assertThat(body.containsKey("messages")).isFalse();
  }

  @Test
  void theResponsesApiOffersTheNodesToolsAndSendsEarlierRoundsBackAsItems() {
    LlmConfig config = config();
    config.useResponsesApi = true;
    stub.answers.add(Answer.ok(responsesAnswer(new JsonArray().add(new JsonObject().put("type", "function_call")
        .put("call_id", "c2").put("name", "add").put("arguments", "{\"a\":5,\"b\":1}")))));

    LlmReply reply = provider.call(config, OpenAiCompatibleProviderTest.toolRequest()).await();

    assertThat(reply.toolCalls()).containsExactly(new LlmToolCall("c2", "add",
        new JsonObject().put("a", 5).put("b", 1)));
    JsonObject body = stub.requests.poll().json();
    assertThat(body.getJsonArray("tools")).containsExactly(new JsonObject().put("type", "function")
        .put("name", "add").put("description", "Adds a and b").put("parameters", new JsonObject()
            .put("type", "object").put("properties", new JsonObject()
                .put("a", new JsonObject().put("type", "number")))));
    assertThat(body.containsKey("tool_choice")).as("the model chooses").isFalse();
    JsonArray input = body.getJsonArray("input");
    assertThat(input.getJsonObject(1)).isEqualTo(new JsonObject().put("type", "function_call")
        .put("call_id", "call_7").put("name", "add").put("arguments", "{\"a\":2,\"b\":3}"));
    assertThat(input.getJsonObject(2)).isEqualTo(new JsonObject().put("type", "function_call_output")
        .put("call_id", "call_7").put("output", "{\"result\":5}"));
  }

  @Test
  void theResponsesApiDecidesByAFunctionCallAndStructuresByTextFormat() {
    LlmConfig config = config();
    config.useResponsesApi = true;
    stub.answers.add(Answer.ok(responsesAnswer(new JsonArray().add(new JsonObject().put("type", "function_call")
        .put("call_id", "c1").put("name", "decide_condition").put("arguments", "{\"holds\":true}")))));
    assertThat(provider.call(config, request(LlmCallKind.DECISION)).await().decision()).isTrue();
    JsonObject body = stub.requests.poll().json();
    assertThat(body.getJsonObject("tool_choice"))
        .isEqualTo(new JsonObject().put("type", "function").put("name", "decide_condition"));
    assertThat(body.getJsonArray("tools").getJsonObject(0).getString("name")).isEqualTo("decide_condition");

    stub.answers.add(Answer.ok(responsesAnswer(new JsonArray().add(new JsonObject().put("type", "message")
        .put("content", new JsonArray().add(new JsonObject().put("type", "output_text")
            .put("text", "{\"full_name\":\"Ana\"}")))))));
    assertThat(provider.call(config, request(LlmCallKind.STRUCTURED)).await().structuredOutput())
        .isEqualTo(new JsonObject().put("full_name", "Ana"));
    JsonObject format = stub.requests.poll().json().getJsonObject("text").getJsonObject("format");
    assertThat(format.getString("type")).isEqualTo("json_schema");
    assertThat(format.getString("name")).isEqualTo("Intake_Fields");
  }
}
