package dev.turnpoint.engine.llm;

import dev.turnpoint.engine.llm.LlmConversation.Answer;
import dev.turnpoint.engine.llm.LlmConversation.Turn;
import dev.turnpoint.model.workflow.LlmConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The body and answer of OpenAI's Responses API ({@code POST <base_url>/responses}), which {@code custom_llm}'s
 * {@code use_responses_api} selects: the system prompt goes in {@code instructions}, the conversation in
 * {@code input}, structured output in {@code text.format} and the decision function in {@code tools} with a forced
 * {@code tool_choice}; the answer is a list of {@code output} items ({@code message} with {@code output_text}
 * parts, or {@code function_call}) and {@code usage.input_tokens}/{@code output_tokens}. A reply call offers the
 * node's tools as {@code function} tools; the answer's {@code function_call} items are the calls it asks for, and
 * each later round sends them back as input items with a {@code function_call_output} per call.
 */
final class OpenAiResponses {

  private OpenAiResponses() {
  }

  static JsonObject requestBody(LlmConfig config, LlmRequest request) {
    JsonArray input = new JsonArray();
    for (Turn turn : LlmConversation.history(config, request)) {
      String role = switch (turn.role()) {
        case USER -> "user";
        case ASSISTANT -> "assistant";
        case SYSTEM -> "system";
      };
      input.add(new JsonObject().put("role", role).put("content", turn.text()));
    }
    JsonObject body = new JsonObject().put("model", config.model).put("input", input);
    String system = LlmConversation.systemPrompt(request, false);
    if (!system.isBlank()) {
      body.put("instructions", system);
    }
    if (config.temperature != null) {
      body.put("temperature", config.temperature);
    }
    if (config.maxTokens != null) {
      body.put("max_output_tokens", config.maxTokens);
    }
    if (config.reasoningEffort != null) {
      body.put("reasoning", new JsonObject().put("effort", config.reasoningEffort));
    }
    if (config.modelKwargs != null) {
      config.modelKwargs.forEach(entry -> body.put(entry.getKey(), entry.getValue()));
    }
    switch (request.kind()) {
      case STRUCTURED -> body.put("text", new JsonObject().put("format", new JsonObject().put("type", "json_schema")
          .put("name", LlmConversation.schemaName(request.schema()))
          .put("schema", LlmConversation.inputSchema(request.schema())).put("strict", false)));
      case DECISION -> body
          .put("tools", new JsonArray().add(new JsonObject().put("type", "function")
              .put("name", LlmConversation.DECISION_FUNCTION)
              .put("description", LlmConversation.decisionDescription())
              .put("parameters", LlmConversation.decisionParameters())))
          .put("tool_choice", new JsonObject().put("type", "function")
              .put("name", LlmConversation.DECISION_FUNCTION));
      case REPLY -> {
        if (!request.tools().isEmpty()) {
          JsonArray tools = new JsonArray();
          request.tools().forEach(tool -> tools.add(new JsonObject().put("type", "function").put("name", tool.name())
              .put("description", tool.description()).put("parameters", tool.parameters())));
          body.put("tools", tools);
          addToolRounds(request, input);
        }
      }
    }
    return body;
  }

  /** Each earlier round of tool use: a {@code function_call} item per call, then its {@code function_call_output}. */
  private static void addToolRounds(LlmRequest request, JsonArray input) {
    for (LlmToolRound round : request.toolRounds()) {
      for (LlmToolCall call : round.calls()) {
        input.add(new JsonObject().put("type", "function_call").put("call_id", call.id()).put("name", call.name())
            .put("arguments", call.arguments().encode()));
      }
      for (int i = 0; i < round.calls().size(); i++) {
        input.add(new JsonObject().put("type", "function_call_output").put("call_id", round.calls().get(i).id())
            .put("output", round.results().get(i)));
      }
    }
  }

  static LlmReply toReply(LlmConfig config, LlmRequest request, JsonObject response, boolean userKey,
                          long latencyMillis) {
    JsonArray output = response.getJsonArray("output");
    if (output == null) {
      throw LlmException.unavailable("the LLM answered a Responses API call without output", null);
    }
    StringBuilder text = new StringBuilder();
    boolean anyText = false;
    Boolean decision = null;
    List<LlmToolCall> toolCalls = new ArrayList<>();
    for (Object item : output) {
      if (!(item instanceof JsonObject entry)) {
        continue;
      }
      if (request.offersTools() && "function_call".equals(entry.getString("type"))
          && entry.getValue("name") instanceof String name) {
        String id = entry.getValue("call_id") instanceof String given ? given : "call_" + toolCalls.size();
        toolCalls.add(new LlmToolCall(id, name, OpenAiCompatibleProvider.arguments(entry.getValue("arguments"))));
      } else if ("function_call".equals(entry.getString("type"))
          && LlmConversation.DECISION_FUNCTION.equals(entry.getString("name"))) {
        decision = LlmConversation.holds(entry.getValue("arguments"));
      } else if ("message".equals(entry.getString("type"))) {
        for (Object part : entry.getJsonArray("content", new JsonArray())) {
          if (part instanceof JsonObject block && "output_text".equals(block.getString("type"))) {
            text.append(block.getString("text", ""));
            anyText = true;
          }
        }
      }
    }
    JsonObject usage = response.getJsonObject("usage", new JsonObject());
    return LlmConversation.reply(request, new Answer(anyText ? text.toString() : null, null, decision),
        response.getString("model", config.model), LlmGateway.providerLabel(config),
        usage.getLong("input_tokens", 0L), usage.getLong("output_tokens", 0L), latencyMillis, userKey)
        .withToolCalls(toolCalls);
  }
}
