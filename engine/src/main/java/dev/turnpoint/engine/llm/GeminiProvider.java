package dev.turnpoint.engine.llm;

import dev.turnpoint.engine.llm.LlmConversation.Alternating;
import dev.turnpoint.engine.llm.LlmConversation.Answer;
import dev.turnpoint.engine.llm.LlmConversation.Turn;
import dev.turnpoint.model.workflow.LlmConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls Google's Gemini API ({@code google_llm}): {@code POST <base>/models/<model>:generateContent} with an
 * {@code x-goog-api-key} header, the system prompt as {@code systemInstruction}, the conversation as
 * {@code contents} of roles {@code user}/{@code model}, and {@code usageMetadata} read back (thinking tokens count
 * as output).
 *
 * <p>Structured output asks for {@code responseMimeType: application/json} with the schema as
 * {@code responseJsonSchema}; a freeform condition is a function call forced by {@code functionCallingConfig} mode
 * {@code ANY}. A reply call offers the node's tools as {@code functionDeclarations}; the answer's
 * {@code functionCall} parts are the calls it asks for, and each later round sends them back with a
 * {@code functionResponse} per call. {@code thinking_budget} goes to {@code thinkingConfig.thinkingBudget};
 * {@code model_kwargs} join the {@code generationConfig}.
 *
 * <p>The URL is always the engine's {@code google_base_url}, checked like any outbound request; the config's own
 * {@code api_key} is preferred to the platform's {@code google_api_key}.
 */
public final class GeminiProvider implements LlmProvider {

  /**
   * The engine's Gemini settings.
   *
   * @param baseUrl the API's base URL ({@code https://generativelanguage.googleapis.com/v1beta})
   * @param apiKey  the platform key, or null
   */
  public record Settings(String baseUrl, String apiKey) {
  }

  private final LlmHttpExchange exchange;
  private final Settings settings;

  public GeminiProvider(LlmHttpExchange exchange, Settings settings) {
    this.exchange = exchange;
    this.settings = settings;
  }

  @Override
  public Future<LlmReply> call(LlmConfig config, LlmRequest request) {
    if (LlmConversation.blank(config.model)) {
      return Future.failedFuture(LlmException.configuration("llms_config of type google_llm needs a model"));
    }
    boolean userKey = !LlmConversation.blank(config.apiKey);
    String apiKey = userKey ? config.apiKey : settings.apiKey();
    if (LlmConversation.blank(apiKey)) {
      return Future.failedFuture(LlmException.configuration("llms_config of type google_llm needs an api_key "
          + "(its own or the engine's google_api_key)"));
    }
    String model = config.model.startsWith("models/") ? config.model.substring("models/".length()) : config.model;
    String url = OpenAiSettings.withoutTrailingSlash(settings.baseUrl()) + "/models/"
        + URLEncoder.encode(model, StandardCharsets.UTF_8) + ":generateContent";
    JsonObject body = requestBody(config, request);
    long started = System.nanoTime();
    return exchange.post(new LlmHttpExchange.Target(url, false), config, body.toBuffer(),
        http -> http.putHeader("x-goog-api-key", apiKey))
        .map(response -> toReply(config, request, response, userKey, (System.nanoTime() - started) / 1_000_000));
  }

  static JsonObject requestBody(LlmConfig config, LlmRequest request) {
    Alternating conversation = LlmConversation.alternating(config, request, false);
    JsonArray contents = new JsonArray();
    for (Turn turn : conversation.turns()) {
      contents.add(new JsonObject().put("role", turn.role() == LlmConversation.Role.USER ? "user" : "model")
          .put("parts", new JsonArray().add(new JsonObject().put("text", turn.text()))));
    }
    JsonObject generation = new JsonObject();
    if (config.temperature != null) {
      generation.put("temperature", config.temperature);
    }
    if (config.maxTokens != null) {
      generation.put("maxOutputTokens", config.maxTokens);
    }
    if (config.seed != null) {
      generation.put("seed", config.seed);
    }
    if (config.thinkingBudget != null) {
      generation.put("thinkingConfig", new JsonObject().put("thinkingBudget", config.thinkingBudget));
    }
    JsonObject body = new JsonObject().put("contents", contents);
    if (!conversation.system().isBlank()) {
      body.put("systemInstruction", new JsonObject().put("parts", new JsonArray()
          .add(new JsonObject().put("text", conversation.system()))));
    }
    switch (request.kind()) {
      case STRUCTURED -> generation.put("responseMimeType", "application/json")
          .put("responseJsonSchema", LlmConversation.inputSchema(request.schema()));
      case DECISION -> body
          .put("tools", new JsonArray().add(new JsonObject().put("functionDeclarations", new JsonArray()
              .add(new JsonObject().put("name", LlmConversation.DECISION_FUNCTION)
                  .put("description", LlmConversation.decisionDescription())
                  .put("parameters", LlmConversation.decisionParameters())))))
          .put("toolConfig", new JsonObject().put("functionCallingConfig", new JsonObject().put("mode", "ANY")
              .put("allowedFunctionNames", new JsonArray().add(LlmConversation.DECISION_FUNCTION))));
      case REPLY -> {
        if (!request.tools().isEmpty()) {
          JsonArray declarations = new JsonArray();
          request.tools().forEach(tool -> declarations.add(new JsonObject().put("name", tool.name())
              .put("description", tool.description()).put("parameters", tool.parameters())));
          body.put("tools", new JsonArray().add(new JsonObject().put("functionDeclarations", declarations)));
          addToolRounds(request, contents);
        }
      }
    }
    if (config.modelKwargs != null) {
      config.modelKwargs.forEach(entry -> generation.put(entry.getKey(), entry.getValue()));
    }
    if (!generation.isEmpty()) {
      body.put("generationConfig", generation);
    }
    return body;
  }

  /**
   * Each earlier round of tool use: the model's {@code functionCall} parts, then the user's {@code functionResponse}
   * parts, whose {@code response} is the tool's result object (or {@code {"result": text}} for a result that is not
   * one).
   */
  private static void addToolRounds(LlmRequest request, JsonArray contents) {
    request.toolRounds().forEach(round -> round.appendTo(contents, "model", "user", "parts",
        call -> new JsonObject().put("functionCall", new JsonObject().put("id", call.id()).put("name", call.name())
            .put("args", call.arguments())),
        (call, result) -> new JsonObject().put("functionResponse", new JsonObject().put("id", call.id())
            .put("name", call.name()).put("response", resultObject(result)))));
  }

  private static JsonObject resultObject(String result) {
    try {
      return new JsonObject(result);
    } catch (RuntimeException notAnObject) {
      return new JsonObject().put("result", result);
    }
  }

  private static LlmReply toReply(LlmConfig config, LlmRequest request, JsonObject response, boolean userKey,
                                  long latencyMillis) {
    JsonArray candidates = response.getJsonArray("candidates");
    if (candidates == null || candidates.isEmpty() || !(candidates.getValue(0) instanceof JsonObject candidate)) {
      JsonObject feedback = response.getJsonObject("promptFeedback", new JsonObject());
      throw LlmException.unavailable("the LLM answered without candidates"
          + (feedback.containsKey("blockReason") ? " (blocked: " + feedback.getString("blockReason") + ")" : ""), null);
    }
    StringBuilder text = new StringBuilder();
    boolean anyText = false;
    Boolean decision = null;
    List<LlmToolCall> toolCalls = new ArrayList<>();
    for (Object item : candidate.getJsonObject("content", new JsonObject()).getJsonArray("parts", new JsonArray())) {
      if (!(item instanceof JsonObject part) || Boolean.TRUE.equals(part.getValue("thought"))) {
        continue;
      }
      if (part.getValue("text") instanceof String partText) {
        text.append(partText);
        anyText = true;
      } else if (request.offersTools() && part.getValue("functionCall") instanceof JsonObject call
          && call.getValue("name") instanceof String name) {
        String id = call.getValue("id") instanceof String given ? given : "call_" + toolCalls.size();
        toolCalls.add(new LlmToolCall(id, name, call.getValue("args") instanceof JsonObject args ? args : null));
      } else if (part.getValue("functionCall") instanceof JsonObject call
          && LlmConversation.DECISION_FUNCTION.equals(call.getString("name"))) {
        decision = LlmConversation.holds(call.getValue("args", new JsonObject()));
      }
    }
    JsonObject usage = response.getJsonObject("usageMetadata", new JsonObject());
    long output = LlmConversation.count(usage, "candidatesTokenCount")
        + LlmConversation.count(usage, "thoughtsTokenCount");
    return LlmConversation.reply(request, new Answer(anyText ? text.toString() : null, null, decision),
        response.getString("modelVersion", config.model), LlmGateway.providerLabel(config),
        LlmConversation.count(usage, "promptTokenCount"), output, latencyMillis, userKey).withToolCalls(toolCalls);
  }
}
