package dev.turnpoint.engine.llm;

import dev.turnpoint.engine.llm.LlmConversation.Alternating;
import dev.turnpoint.engine.llm.LlmConversation.Answer;
import dev.turnpoint.engine.llm.LlmConversation.Turn;
import dev.turnpoint.model.workflow.LlmConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Calls Anthropic's Messages API ({@code anthropic_llm}): {@code POST <base>/v1/messages} with {@code x-api-key} and
 * {@code anthropic-version} headers, the conversation as text content blocks, {@code usage.input_tokens} and
 * {@code output_tokens} read back.
 *
 * <p>Structured output and freeform conditions are forced tool calls ({@code structured_output} with the schema as
 * its {@code input_schema}, {@code decide_condition(holds)}); their {@code tool_use} block's {@code input} is the
 * answer. A {@code thinking_budget} above 0 turns extended thinking on; the tool choice is then {@code auto}, since
 * Anthropic forbids forcing a tool while thinking, and a written yes/no or JSON answer is read instead.
 * {@code max_tokens}, which the API requires, defaults to the engine's {@code anthropic_max_tokens}. A reply call
 * offers the node's tools ({@code tools} with each one's {@code input_schema}); the {@code tool_use} blocks of the
 * answer are the calls it asks for, and each later round sends them back with a {@code tool_result} per call. Tools
 * are not offered with extended thinking.
 *
 * <p>The URL is always the engine's {@code anthropic_base_url}, checked like any outbound request; the config's own
 * {@code api_key} is preferred to the platform's {@code anthropic_api_key}.
 */
public final class AnthropicProvider implements LlmProvider {

  /**
   * The engine's Anthropic settings.
   *
   * @param baseUrl          the API's base URL ({@code https://api.anthropic.com})
   * @param apiKey           the platform key, or null
   * @param version          the {@code anthropic-version} header
   * @param defaultMaxTokens {@code max_tokens} for configs without their own
   */
  public record Settings(String baseUrl, String apiKey, String version, int defaultMaxTokens) {
  }

  private final LlmHttpExchange exchange;
  private final Settings settings;

  public AnthropicProvider(LlmHttpExchange exchange, Settings settings) {
    this.exchange = exchange;
    this.settings = settings;
  }

  @Override
  public Future<LlmReply> call(LlmConfig config, LlmRequest request) {
    if (LlmConversation.blank(config.model)) {
      return Future.failedFuture(LlmException.configuration("llms_config of type anthropic_llm needs a model"));
    }
    boolean userKey = !LlmConversation.blank(config.apiKey);
    String apiKey = userKey ? config.apiKey : settings.apiKey();
    if (LlmConversation.blank(apiKey)) {
      return Future.failedFuture(LlmException.configuration("llms_config of type anthropic_llm needs an api_key "
          + "(its own or the engine's anthropic_api_key)"));
    }
    String url = OpenAiSettings.withoutTrailingSlash(settings.baseUrl()) + "/v1/messages";
    JsonObject body = requestBody(config, request);
    long started = System.nanoTime();
    return exchange.post(new LlmHttpExchange.Target(url, false), config, body.toBuffer(),
        http -> http.putHeader("x-api-key", apiKey).putHeader("anthropic-version", settings.version()))
        .map(response -> toReply(config, request, response, userKey, (System.nanoTime() - started) / 1_000_000));
  }

  JsonObject requestBody(LlmConfig config, LlmRequest request) {
    Alternating conversation = LlmConversation.alternating(config, request, true);
    JsonArray messages = new JsonArray();
    for (Turn turn : conversation.turns()) {
      messages.add(new JsonObject().put("role", turn.role() == LlmConversation.Role.USER ? "user" : "assistant")
          .put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", turn.text()))));
    }
    int budget = config.thinkingBudget == null ? 0 : config.thinkingBudget;
    int maxTokens = config.maxTokens != null ? config.maxTokens : settings.defaultMaxTokens();
    if (budget > 0 && maxTokens <= budget) {
      maxTokens = budget + settings.defaultMaxTokens();
    }
    JsonObject body = new JsonObject().put("model", config.model).put("max_tokens", maxTokens)
        .put("messages", messages);
    if (!conversation.system().isBlank()) {
      body.put("system", conversation.system());
    }
    if (budget > 0) {
      body.put("thinking", new JsonObject().put("type", "enabled").put("budget_tokens", budget));
    } else if (config.temperature != null) {
      body.put("temperature", config.temperature);
    }
    JsonObject tool = switch (request.kind()) {
      case STRUCTURED -> new JsonObject().put("name", LlmConversation.STRUCTURED_FUNCTION)
          .put("description", LlmConversation.schemaDescription(request.schema()))
          .put("input_schema", LlmConversation.inputSchema(request.schema()));
      case DECISION -> new JsonObject().put("name", LlmConversation.DECISION_FUNCTION)
          .put("description", LlmConversation.decisionDescription())
          .put("input_schema", LlmConversation.decisionParameters());
      case REPLY -> null;
    };
    if (tool != null) {
      body.put("tools", new JsonArray().add(tool)).put("tool_choice", budget > 0
          ? new JsonObject().put("type", "auto")
          : new JsonObject().put("type", "tool").put("name", tool.getString("name")));
    } else if (offersTools(request, budget)) {
      JsonArray tools = new JsonArray();
      request.tools().forEach(offered -> tools.add(new JsonObject().put("name", offered.name())
          .put("description", offered.description()).put("input_schema", offered.parameters())));
      body.put("tools", tools);
      addToolRounds(request, messages);
    }
    if (config.modelKwargs != null) {
      config.modelKwargs.forEach(entry -> body.put(entry.getKey(), entry.getValue()));
    }
    return body;
  }

  /**
   * Whether a reply call offers the node's tools: not with extended thinking, whose tool use would need the thinking
   * blocks of every earlier round sent back, which a turn does not keep.
   */
  private static boolean offersTools(LlmRequest request, int thinkingBudget) {
    return request.offersTools() && thinkingBudget <= 0;
  }

  /** Each earlier round of tool use: the assistant's {@code tool_use} blocks, then the user's {@code tool_result}s. */
  private static void addToolRounds(LlmRequest request, JsonArray messages) {
    request.toolRounds().forEach(round -> round.appendTo(messages, "assistant", "user", "content",
        call -> new JsonObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
            .put("input", call.arguments()),
        (call, result) -> new JsonObject().put("type", "tool_result").put("tool_use_id", call.id())
            .put("content", result)));
  }

  private static LlmReply toReply(LlmConfig config, LlmRequest request, JsonObject response, boolean userKey,
                                  long latencyMillis) {
    JsonArray content = response.getJsonArray("content");
    if (content == null) {
      throw LlmException.unavailable("the LLM answered without content blocks", null);
    }
    StringBuilder text = new StringBuilder();
    boolean anyText = false;
    JsonObject structured = null;
    Boolean decision = null;
    List<LlmToolCall> toolCalls = new ArrayList<>();
    for (Object item : content) {
      if (!(item instanceof JsonObject block)) {
        continue;
      }
      if ("text".equals(block.getString("type"))) {
        text.append(block.getString("text", ""));
        anyText = true;
      } else if ("tool_use".equals(block.getString("type"))) {
        Object input = block.getValue("input");
        if (request.offersTools() && block.getValue("name") instanceof String name) {
          String id = block.getValue("id") instanceof String given ? given : "toolu_" + toolCalls.size();
          toolCalls.add(new LlmToolCall(id, name, input instanceof JsonObject object ? object : null));
        } else if (LlmConversation.DECISION_FUNCTION.equals(block.getString("name"))) {
          decision = LlmConversation.holds(input);
        } else if (LlmConversation.STRUCTURED_FUNCTION.equals(block.getString("name"))
            && input instanceof JsonObject object) {
          structured = object;
        }
      }
    }
    JsonObject usage = response.getJsonObject("usage", new JsonObject());
    long input = LlmConversation.count(usage, "input_tokens")
        + LlmConversation.count(usage, "cache_creation_input_tokens")
        + LlmConversation.count(usage, "cache_read_input_tokens");
    return LlmConversation.reply(request, new Answer(anyText ? text.toString() : null, structured, decision),
        response.getString("model", config.model), LlmGateway.providerLabel(config), input,
        LlmConversation.count(usage, "output_tokens"), latencyMillis, userKey).withToolCalls(toolCalls);
  }
}
