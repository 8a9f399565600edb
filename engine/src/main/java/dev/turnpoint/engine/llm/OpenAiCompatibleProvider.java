package dev.turnpoint.engine.llm;

import dev.turnpoint.engine.http.OutboundClient;
import dev.turnpoint.engine.http.OutboundRefusedException;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.StructuredOutputSchema;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;

import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Calls any server that speaks OpenAI's chat-completions protocol ({@code POST <base_url>/chat/completions}).
 *
 * <p>Structured output uses {@code response_format: json_schema}; a freeform condition is decided by a forced call of
 * a {@code decide_condition(holds: boolean)} function. The workflow's own {@code api_key} is preferred (and counted as
 * a user-key call); otherwise the platform key applies, but only to a base URL the operator configured: a
 * {@code base_url} a workflow names without its own {@code api_key} is called without any key, so a workflow cannot
 * send the platform's key to a server of its choosing. HTTP 429 and 5xx answers and connection failures are retried
 * {@code max_retries} times with exponential back-off (honouring a numeric {@code Retry-After}); other 4xx answers and
 * per-attempt timeouts are not retried.
 *
 * <p>A base URL the server's own configuration names ({@link OpenAiSettings#isOperatorBaseUrl}) is called as it
 * is: the operator chose it, and a local model server is a common choice. A {@code base_url} a workflow gives is an
 * outbound request like any other ({@link OutboundClient}): when the policy refuses its address the call fails with a
 * configuration error, which no retry can fix.
 */
public final class OpenAiCompatibleProvider implements LlmProvider {

  static final String DECISION_FUNCTION = "decide_condition";
  private static final int ERROR_EXCERPT = 300;

  private final Vertx vertx;
  private final OutboundClient outbound;
  private final OpenAiSettings settings;

  public OpenAiCompatibleProvider(Vertx vertx, OutboundClient outbound, OpenAiSettings settings) {
    this.vertx = vertx;
    this.outbound = outbound;
    this.settings = settings;
  }

  @Override
  public Future<LlmReply> call(LlmConfig config, LlmRequest request) {
    if (config.model == null || config.model.isBlank()) {
      return Future.failedFuture(LlmException.configuration(
          "llms_config of type " + config.type.wire() + " needs a model"));
    }
    String baseUrl = blank(config.baseUrl) ? settings.baseUrl() : config.baseUrl;
    boolean operatorChosen = settings.isOperatorBaseUrl(baseUrl);
    boolean userKey = !blank(config.apiKey);
    String apiKey = userKey ? config.apiKey : operatorChosen ? settings.apiKey() : null;
    long timeout = config.requestTimeoutMs != null && config.requestTimeoutMs > 0
        ? config.requestTimeoutMs : settings.defaultTimeoutMs();
    JsonObject body = requestBody(config, request);
    String url = OpenAiSettings.withoutTrailingSlash(baseUrl) + "/chat/completions";
    Target target = new Target(url, operatorChosen);
    long started = System.nanoTime();
    return attempt(target, apiKey, config, body, timeout, 0)
        .map(response -> toReply(config, request, response, userKey, (System.nanoTime() - started) / 1_000_000));
  }

  /** Where the chat completions go, and whether the operator's configuration named that base URL. */
  private record Target(String url, boolean operatorChosen) {
  }

  private Future<JsonObject> attempt(Target target, String apiKey, LlmConfig config, JsonObject body, long timeout,
                                     int attempt) {
    String url = target.url();
    Consumer<HttpRequest<Buffer>> prepare = http -> {
      http.timeout(timeout).putHeader("Content-Type", "application/json");
      if (!blank(apiKey)) {
        http.putHeader("Authorization", "Bearer " + apiKey);
      }
      if (!blank(config.organization)) {
        http.putHeader("OpenAI-Organization", config.organization);
      }
      if (config.defaultHeaders != null) {
        config.defaultHeaders.forEach(http::putHeader);
      }
    };
    Function<HttpRequest<Buffer>, Future<HttpResponse<Buffer>>> send = http -> http.sendJsonObject(body);
    Future<HttpResponse<Buffer>> sent = target.operatorChosen()
        ? outbound.sendTrusted(HttpMethod.POST, url, prepare, send)
        : outbound.send(HttpMethod.POST, url, prepare, send);
    int maxRetries = Math.max(0, config.maxRetries);
    return sent.transform(done -> {
      if (done.failed()) {
        Throwable cause = done.cause();
        boolean badTarget = cause instanceof IllegalArgumentException && !target.operatorChosen();
        if (cause instanceof OutboundRefusedException || badTarget) {
          return Future.failedFuture(LlmException.configuration(
              "cannot call the LLM at " + url + ": " + cause.getMessage()));
        }
        if (cause instanceof TimeoutException) {
          return Future.failedFuture(LlmException.unavailable(
              "the LLM at " + url + " did not answer within " + timeout + " ms", cause));
        }
        if (attempt < maxRetries) {
          return retryLater(attempt, null)
              .compose(v -> attempt(target, apiKey, config, body, timeout, attempt + 1));
        }
        return Future.failedFuture(LlmException.unavailable(
            "cannot reach the LLM at " + url + ": " + cause.getMessage(), cause));
      }
      HttpResponse<Buffer> response = done.result();
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return parseJson(response, url);
      }
      boolean retryable = status == 429 || status >= 500;
      if (retryable && attempt < maxRetries) {
        return retryLater(attempt, response.getHeader("Retry-After"))
            .compose(v -> attempt(target, apiKey, config, body, timeout, attempt + 1));
      }
      return Future.failedFuture(LlmException.unavailable("the LLM at " + url + " answered HTTP " + status
          + " after " + (attempt + 1) + " attempt(s): " + excerpt(response.bodyAsString()), null));
    });
  }

  private Future<Void> retryLater(int attempt, String retryAfter) {
    long delay = Math.min(settings.retryMaxDelayMs(), settings.retryBaseDelayMs() << Math.min(attempt, 20));
    if (retryAfter != null && retryAfter.chars().allMatch(Character::isDigit) && !retryAfter.isEmpty()) {
      delay = Math.min(settings.retryMaxDelayMs(), Long.parseLong(retryAfter) * 1000);
    }
    return delay <= 0 ? Future.succeededFuture() : vertx.timer(delay).mapEmpty();
  }

  private static Future<JsonObject> parseJson(HttpResponse<Buffer> response, String url) {
    try {
      return Future.succeededFuture(response.bodyAsJsonObject());
    } catch (DecodeException e) {
      return Future.failedFuture(LlmException.unavailable(
          "the LLM at " + url + " answered something other than JSON: " + excerpt(response.bodyAsString()), e));
    }
  }

  static JsonObject requestBody(LlmConfig config, LlmRequest request) {
    JsonArray messages = new JsonArray();
    String system = systemPrompt(request);
    if (!system.isBlank()) {
      messages.add(new JsonObject().put("role", "system").put("content", system));
    }
    List<JsonObject> history = request.messages();
    if (config.truncatedMaxRecentMessages != null && config.truncatedMaxRecentMessages > 0
        && history.size() > config.truncatedMaxRecentMessages) {
      history = history.subList(history.size() - config.truncatedMaxRecentMessages, history.size());
    }
    for (JsonObject message : history) {
      String role = switch (String.valueOf(message.getString("type"))) {
        case LlmMessages.HUMAN -> "user";
        case LlmMessages.AI -> "assistant";
        case "system" -> "system";
        default -> null;
      };
      if (role != null) {
        messages.add(new JsonObject().put("role", role).put("content", LlmMessages.content(message)));
      }
    }
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
          .put("json_schema", jsonSchema(request.schema())));
      case DECISION -> body
          .put("tools", new JsonArray().add(decisionTool()))
          .put("tool_choice", new JsonObject().put("type", "function")
              .put("function", new JsonObject().put("name", DECISION_FUNCTION)));
      case REPLY -> {
      }
    }
    return body;
  }

  private static String systemPrompt(LlmRequest request) {
    String system = request.systemPrompt() == null ? "" : request.systemPrompt();
    return switch (request.kind()) {
      case REPLY -> system;
      case STRUCTURED -> join(system, "Answer only with a JSON object that follows the given schema"
          + (request.schema() != null && !blank(request.schema().description)
          ? ": " + request.schema().description : "") + ". Leave out anything the conversation does not say.");
      case DECISION -> join(system, "Decide whether this condition holds for the conversation so far, and report "
          + "it by calling " + DECISION_FUNCTION + ".\nCondition: " + request.question());
    };
  }

  private static JsonObject jsonSchema(StructuredOutputSchema schema) {
    String name = schema == null || blank(schema.name) ? "structured_output"
        : schema.name.replaceAll("[^A-Za-z0-9_-]", "_");
    JsonObject inputSchema = schema == null || schema.inputSchema == null
        ? new JsonObject().put("type", "object") : schema.inputSchema;
    return new JsonObject().put("name", name).put("schema", inputSchema).put("strict", false);
  }

  private static JsonObject decisionTool() {
    JsonObject parameters = new JsonObject().put("type", "object")
        .put("properties", new JsonObject().put("holds", new JsonObject().put("type", "boolean")
            .put("description", "true when the condition holds")))
        .put("required", new JsonArray().add("holds"));
    return new JsonObject().put("type", "function").put("function", new JsonObject()
        .put("name", DECISION_FUNCTION)
        .put("description", "Report whether the condition holds")
        .put("parameters", parameters));
  }

  private static LlmReply toReply(LlmConfig config, LlmRequest request, JsonObject response, boolean userKey,
                                  long latencyMillis) {
    JsonArray choices = response.getJsonArray("choices");
    JsonObject message = choices == null || choices.isEmpty() || !(choices.getValue(0) instanceof JsonObject choice)
        ? null : choice.getJsonObject("message");
    if (message == null) {
      throw LlmException.unavailable("the LLM answered without choices[0].message", null);
    }
    JsonObject usage = response.getJsonObject("usage", new JsonObject());
    long input = usage.getLong("prompt_tokens", 0L);
    long output = usage.getLong("completion_tokens", 0L);
    String model = response.getString("model", config.model);
    String provider = LlmGateway.providerLabel(config);
    String content = message.getValue("content") instanceof String text ? text : null;
    return switch (request.kind()) {
      case REPLY -> new LlmReply(content == null ? "" : content, null, null, model, provider, input, output,
          latencyMillis, userKey);
      case STRUCTURED -> new LlmReply(null, structured(content), null, model, provider, input, output,
          latencyMillis, userKey);
      case DECISION -> new LlmReply(null, null, decision(message, content), model, provider, input, output,
          latencyMillis, userKey);
    };
  }

  private static JsonObject structured(String content) {
    if (content == null) {
      throw LlmException.unavailable("the LLM answered a structured-output call without content", null);
    }
    String json = content.strip();
    if (json.startsWith("```")) {
      json = json.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "");
    }
    try {
      return new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      throw LlmException.unavailable("the LLM's structured output is not a JSON object: " + excerpt(content), e);
    }
  }

  private static boolean decision(JsonObject message, String content) {
    JsonArray toolCalls = message.getJsonArray("tool_calls");
    if (toolCalls != null && !toolCalls.isEmpty() && toolCalls.getValue(0) instanceof JsonObject call) {
      JsonObject function = call.getJsonObject("function", new JsonObject());
      try {
        Object arguments = function.getValue("arguments");
        JsonObject parsed = arguments instanceof JsonObject object ? object : new JsonObject(String.valueOf(arguments));
        return parsed.getBoolean("holds", false);
      } catch (DecodeException | ClassCastException e) {
        throw LlmException.unavailable("the LLM called " + DECISION_FUNCTION + " with unreadable arguments", e);
      }
    }
    if (content != null) {
      String answer = content.strip().toLowerCase();
      return answer.startsWith("yes") || answer.startsWith("true");
    }
    throw LlmException.unavailable("the LLM did not decide the condition", null);
  }

  private static String join(String first, String second) {
    return first.isBlank() ? second : first + "\n\n" + second;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static String excerpt(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= ERROR_EXCERPT ? text : text.substring(0, ERROR_EXCERPT) + "…";
  }
}
