package dev.turnpoint.engine.llm;

import dev.turnpoint.engine.http.OutboundClient;
import dev.turnpoint.engine.llm.LlmConversation.Answer;
import dev.turnpoint.engine.llm.LlmConversation.Turn;
import dev.turnpoint.model.workflow.LlmConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Calls any server that speaks OpenAI's chat-completions protocol ({@code POST <base_url>/chat/completions}).
 *
 * <p>Structured output uses {@code response_format: json_schema}; a freeform condition is decided by a forced call of
 * a {@code decide_condition(holds: boolean)} function. The workflow's own {@code api_key} is preferred (and counted as
 * a user-key call); otherwise the platform key applies, but only to a base URL the operator configured: a
 * {@code base_url} a workflow names without its own {@code api_key} is called without any key, so a workflow cannot
 * send the platform's key to a server of its choosing. Timeouts and retries are {@link LlmHttpExchange}'s.
 *
 * <p>{@code custom_llm}'s gateway options apply to any config that sets them: {@code default_headers} go on every
 * request, {@code rewrite_base_url} posts to {@code base_url} exactly (for gateways that take no path suffix),
 * {@code response_unwrap_key} reads the standard answer from under that key of the gateway's JSON, and
 * {@code use_responses_api} speaks the Responses API ({@code POST <base_url>/responses}, {@link OpenAiResponses})
 * instead of chat completions. {@code verify_ssl: false} is not honoured: certificates are always checked.
 *
 * <p>A base URL the server's own configuration names ({@link OpenAiSettings#isOperatorBaseUrl}) is called as it
 * is: the operator chose it, and a local model server is a common choice. A {@code base_url} a workflow gives is an
 * outbound request like any other ({@link OutboundClient}): when the policy refuses its address the call fails with a
 * configuration error, which no retry can fix.
 */
public final class OpenAiCompatibleProvider implements LlmProvider {

  static final String DECISION_FUNCTION = LlmConversation.DECISION_FUNCTION;

  private final LlmHttpExchange exchange;
  private final OpenAiSettings settings;

  public OpenAiCompatibleProvider(Vertx vertx, OutboundClient outbound, OpenAiSettings settings) {
    this(new LlmHttpExchange(vertx, outbound, settings.defaultTimeoutMs(), settings.retryBaseDelayMs(),
        settings.retryMaxDelayMs()), settings);
  }

  public OpenAiCompatibleProvider(LlmHttpExchange exchange, OpenAiSettings settings) {
    this.exchange = exchange;
    this.settings = settings;
  }

  @Override
  public Future<LlmReply> call(LlmConfig config, LlmRequest request) {
    if (LlmConversation.blank(config.model)) {
      return Future.failedFuture(LlmException.configuration(
          "llms_config of type " + config.type.wire() + " needs a model"));
    }
    String baseUrl = LlmConversation.blank(config.baseUrl) ? settings.baseUrl() : config.baseUrl;
    boolean operatorChosen = settings.isOperatorBaseUrl(baseUrl);
    boolean userKey = !LlmConversation.blank(config.apiKey);
    String apiKey = userKey ? config.apiKey : operatorChosen ? settings.apiKey() : null;
    boolean responses = Boolean.TRUE.equals(config.useResponsesApi);
    String url = Boolean.TRUE.equals(config.rewriteBaseUrl) ? baseUrl
        : OpenAiSettings.withoutTrailingSlash(baseUrl) + (responses ? "/responses" : "/chat/completions");
    JsonObject body = responses ? OpenAiResponses.requestBody(config, request) : requestBody(config, request);
    Consumer<HttpRequest<Buffer>> headers = http -> {
      if (!LlmConversation.blank(apiKey)) {
        http.putHeader("Authorization", "Bearer " + apiKey);
      }
      if (!LlmConversation.blank(config.organization)) {
        http.putHeader("OpenAI-Organization", config.organization);
      }
      if (config.defaultHeaders != null) {
        config.defaultHeaders.forEach(http::putHeader);
      }
    };
    long started = System.nanoTime();
    return exchange.post(new LlmHttpExchange.Target(url, operatorChosen), config, body.toBuffer(), headers)
        .map(response -> unwrapped(config, response))
        .map(response -> {
          long latency = (System.nanoTime() - started) / 1_000_000;
          return responses ? OpenAiResponses.toReply(config, request, response, userKey, latency)
              : toReply(config, request, response, userKey, latency);
        });
  }

  private static JsonObject unwrapped(LlmConfig config, JsonObject response) {
    if (LlmConversation.blank(config.responseUnwrapKey)) {
      return response;
    }
    if (response.getValue(config.responseUnwrapKey) instanceof JsonObject inner) {
      return inner;
    }
    throw LlmException.unavailable("the LLM's answer has no object under response_unwrap_key '"
        + config.responseUnwrapKey + "': " + LlmHttpExchange.excerpt(response.encode()), null);
  }

  /** The chat-completions body of a call (Azure OpenAI sends the same). */
  static JsonObject requestBody(LlmConfig config, LlmRequest request) {
    JsonArray messages = new JsonArray();
    String system = LlmConversation.systemPrompt(request, false);
    if (!system.isBlank()) {
      messages.add(new JsonObject().put("role", "system").put("content", system));
    }
    for (Turn turn : LlmConversation.history(config, request)) {
      String role = switch (turn.role()) {
        case USER -> "user";
        case ASSISTANT -> "assistant";
        case SYSTEM -> "system";
      };
      messages.add(new JsonObject().put("role", role).put("content", turn.text()));
    }
    addToolRounds(request, messages);
    JsonObject body = new JsonObject().put("model", config.model).put("messages", messages);
    if (config.temperature != null) {
      body.put("temperature", config.temperature);
    }
    if (config.maxTokens != null) {
      body.put("max_tokens", config.maxTokens);
    }
    if (config.seed != null) {
      body.put("seed", config.seed);
    }
    if (config.reasoningEffort != null) {
      body.put("reasoning_effort", config.reasoningEffort);
    }
    if (config.modelKwargs != null) {
      config.modelKwargs.forEach(entry -> body.put(entry.getKey(), entry.getValue()));
    }
    switch (request.kind()) {
      case STRUCTURED -> body.put("response_format", new JsonObject().put("type", "json_schema")
          .put("json_schema", new JsonObject().put("name", LlmConversation.schemaName(request.schema()))
              .put("schema", LlmConversation.inputSchema(request.schema())).put("strict", false)));
      case DECISION -> body
          .put("tools", new JsonArray().add(new JsonObject().put("type", "function").put("function",
              new JsonObject().put("name", DECISION_FUNCTION)
                  .put("description", LlmConversation.decisionDescription())
                  .put("parameters", LlmConversation.decisionParameters()))))
          .put("tool_choice", new JsonObject().put("type", "function")
              .put("function", new JsonObject().put("name", DECISION_FUNCTION)));
      case REPLY -> {
        if (!request.tools().isEmpty()) {
          JsonArray tools = new JsonArray();
          request.tools().forEach(tool -> tools.add(new JsonObject().put("type", "function").put("function",
              new JsonObject().put("name", tool.name()).put("description", tool.description())
                  .put("parameters", tool.parameters()))));
          body.put("tools", tools);
        }
      }
    }
    return body;
  }

  /** Each earlier round of tool use: the assistant's calls, then one {@code tool} message per result. */
  private static void addToolRounds(LlmRequest request, JsonArray messages) {
    for (LlmToolRound round : request.toolRounds()) {
      JsonArray calls = new JsonArray();
      round.calls().forEach(call -> calls.add(new JsonObject().put("id", call.id()).put("type", "function")
          .put("function", new JsonObject().put("name", call.name()).put("arguments", call.arguments().encode()))));
      messages.add(new JsonObject().put("role", "assistant").putNull("content").put("tool_calls", calls));
      for (int i = 0; i < round.calls().size(); i++) {
        messages.add(new JsonObject().put("role", "tool").put("tool_call_id", round.calls().get(i).id())
            .put("content", round.results().get(i)));
      }
    }
  }

  /** The arguments of a function call, a JSON object encoded as text; anything else gives no arguments. */
  static JsonObject arguments(Object encoded) {
    if (encoded instanceof JsonObject object) {
      return object;
    }
    if (encoded instanceof String text && !text.isBlank()) {
      try {
        return new JsonObject(text);
      } catch (DecodeException | ClassCastException notAnObject) {
        return new JsonObject();
      }
    }
    return new JsonObject();
  }

  /** The function calls of a reply that asks for tools; none for any other answer. */
  private static List<LlmToolCall> toolCalls(LlmRequest request, JsonArray calls) {
    List<LlmToolCall> asked = new ArrayList<>();
    if (!request.offersTools() || calls == null) {
      return asked;
    }
    for (int i = 0; i < calls.size(); i++) {
      if (calls.getValue(i) instanceof JsonObject call && call.getValue("function") instanceof JsonObject function
          && function.getValue("name") instanceof String name) {
        String id = call.getValue("id") instanceof String given ? given : "call_" + i;
        asked.add(new LlmToolCall(id, name, arguments(function.getValue("arguments"))));
      }
    }
    return asked;
  }

  /** Reads a chat-completions answer (Azure OpenAI answers the same). */
  static LlmReply toReply(LlmConfig config, LlmRequest request, JsonObject response, boolean userKey,
                          long latencyMillis) {
    JsonArray choices = response.getJsonArray("choices");
    JsonObject message = choices == null || choices.isEmpty() || !(choices.getValue(0) instanceof JsonObject choice)
        ? null : choice.getJsonObject("message");
    if (message == null) {
      throw LlmException.unavailable("the LLM answered without choices[0].message", null);
    }
    JsonObject usage = response.getJsonObject("usage", new JsonObject());
    String content = message.getValue("content") instanceof String text ? text : null;
    Boolean decision = null;
    JsonArray toolCalls = message.getJsonArray("tool_calls");
    if (request.kind() == LlmCallKind.DECISION && toolCalls != null && !toolCalls.isEmpty()
        && toolCalls.getValue(0) instanceof JsonObject call) {
      decision = LlmConversation.holds(call.getJsonObject("function", new JsonObject()).getValue("arguments"));
    }
    return LlmConversation.reply(request, new Answer(content, null, decision), response.getString("model",
            config.model), LlmGateway.providerLabel(config), usage.getLong("prompt_tokens", 0L),
        usage.getLong("completion_tokens", 0L), latencyMillis, userKey).withToolCalls(toolCalls(request, toolCalls));
  }
}
