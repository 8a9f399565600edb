package dev.turnpoint.engine.llm;

import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.StructuredOutputSchema;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What every remote provider sends and reads the same way, whatever its wire: the system prompt with the
 * instruction of the call's kind, the conversation ({@code truncated_max_recent_messages} applied), the
 * {@code decide_condition(holds)} function a freeform condition is decided by, and the reading of JSON and yes/no
 * answers. Providers differ only in how they put these on the wire.
 */
final class LlmConversation {

  /** The function a freeform condition is decided by. */
  static final String DECISION_FUNCTION = "decide_condition";
  /** The function Anthropic and Bedrock fill in for structured output (their tool input is the JSON object). */
  static final String STRUCTURED_FUNCTION = "structured_output";
  /** Sent when a provider needs a first user message and the user has not spoken yet. */
  static final String CONVERSATION_START = "(The conversation starts.)";

  private LlmConversation() {
  }

  /** Who said a message. */
  enum Role { SYSTEM, USER, ASSISTANT }

  /** One message of the conversation. */
  record Turn(Role role, String text) {
  }

  /**
   * The system prompt with the call kind's instruction; {@code structuredByFunction} says structured output comes
   * as a call of {@link #STRUCTURED_FUNCTION} rather than as a JSON reply.
   */
  static String systemPrompt(LlmRequest request, boolean structuredByFunction) {
    String system = request.systemPrompt() == null ? "" : request.systemPrompt();
    String described = request.schema() != null && !blank(request.schema().description)
        ? ": " + request.schema().description : "";
    return switch (request.kind()) {
      case REPLY -> system;
      case STRUCTURED -> join(system, structuredByFunction
          ? "Report the answer by calling " + STRUCTURED_FUNCTION + described
          + ". Leave out anything the conversation does not say."
          : "Answer only with a JSON object that follows the given schema" + described
          + ". Leave out anything the conversation does not say.");
      case DECISION -> join(system, "Decide whether this condition holds for the conversation so far, and report "
          + "it by calling " + DECISION_FUNCTION + ".\nCondition: " + request.question());
    };
  }

  /** The conversation in order, cut to {@code truncated_max_recent_messages}; unknown message types are left out. */
  static List<Turn> history(LlmConfig config, LlmRequest request) {
    List<JsonObject> messages = request.messages();
    if (config.truncatedMaxRecentMessages != null && config.truncatedMaxRecentMessages > 0
        && messages.size() > config.truncatedMaxRecentMessages) {
      messages = messages.subList(messages.size() - config.truncatedMaxRecentMessages, messages.size());
    }
    List<Turn> turns = new ArrayList<>();
    for (JsonObject message : messages) {
      Role role = switch (String.valueOf(message.getString("type"))) {
        case LlmMessages.HUMAN -> Role.USER;
        case LlmMessages.AI -> Role.ASSISTANT;
        case "system" -> Role.SYSTEM;
        default -> null;
      };
      if (role != null) {
        turns.add(new Turn(role, LlmMessages.content(message)));
      }
    }
    return turns;
  }

  /**
   * The conversation as the Messages, Gemini and Converse APIs want it: system messages folded into the system
   * prompt, user and assistant strictly alternating (a run of one role joined into one message), and a user message
   * first ({@link #CONVERSATION_START} when the assistant spoke first or nobody has spoken).
   */
  static Alternating alternating(LlmConfig config, LlmRequest request, boolean structuredByFunction) {
    StringBuilder system = new StringBuilder(systemPrompt(request, structuredByFunction));
    List<Turn> turns = new ArrayList<>();
    for (Turn turn : history(config, request)) {
      if (turn.role() == Role.SYSTEM) {
        system.append(system.isEmpty() ? "" : "\n\n").append(turn.text());
      } else if (!turns.isEmpty() && turns.get(turns.size() - 1).role() == turn.role()) {
        Turn last = turns.remove(turns.size() - 1);
        turns.add(new Turn(turn.role(), last.text() + "\n\n" + turn.text()));
      } else {
        turns.add(turn);
      }
    }
    if (turns.isEmpty() || turns.get(0).role() != Role.USER) {
      turns.add(0, new Turn(Role.USER, CONVERSATION_START));
    }
    return new Alternating(system.toString(), List.copyOf(turns));
  }

  /** A system prompt and alternating user/assistant turns, starting with the user. */
  record Alternating(String system, List<Turn> turns) {
  }

  /** The JSON schema of {@link #DECISION_FUNCTION}'s one argument. */
  static JsonObject decisionParameters() {
    return new JsonObject().put("type", "object")
        .put("properties", new JsonObject().put("holds", new JsonObject().put("type", "boolean")
            .put("description", "true when the condition holds")))
        .put("required", new JsonArray().add("holds"));
  }

  /** The description the model sees for {@link #DECISION_FUNCTION}. */
  static String decisionDescription() {
    return "Report whether the condition holds";
  }

  /** A schema name the providers accept: letters, digits, '_' and '-'. */
  static String schemaName(StructuredOutputSchema schema) {
    return schema == null || blank(schema.name) ? STRUCTURED_FUNCTION
        : schema.name.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  /** The schema's JSON schema, or any object when it has none. */
  static JsonObject inputSchema(StructuredOutputSchema schema) {
    return schema == null || schema.inputSchema == null ? new JsonObject().put("type", "object")
        : schema.inputSchema;
  }

  /** The description of the structured-output function. */
  static String schemaDescription(StructuredOutputSchema schema) {
    return schema == null || blank(schema.description) ? "The fields the conversation gives" : schema.description;
  }

  /** A reply's JSON object, fenced in Markdown or not. */
  static JsonObject jsonObject(String content) {
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
      throw LlmException.unavailable("the LLM's structured output is not a JSON object: "
          + LlmHttpExchange.excerpt(content), e);
    }
  }

  /** The {@code holds} argument of a {@link #DECISION_FUNCTION} call, given as an object or as JSON text. */
  static boolean holds(Object arguments) {
    try {
      JsonObject parsed = arguments instanceof JsonObject object ? object : new JsonObject(String.valueOf(arguments));
      return parsed.getBoolean("holds", false);
    } catch (DecodeException | ClassCastException e) {
      throw LlmException.unavailable("the LLM called " + DECISION_FUNCTION + " with unreadable arguments", e);
    }
  }

  /** A decision the model wrote out instead of calling the function. */
  static boolean holdsFromText(String content) {
    if (content == null) {
      throw LlmException.unavailable("the LLM did not decide the condition", null);
    }
    String answer = content.strip().toLowerCase();
    return answer.startsWith("yes") || answer.startsWith("true");
  }

  /** The reply of a call of {@code kind}, given its text, its JSON object and its decision. */
  static LlmReply reply(LlmRequest request, Answer answer, String model, String provider, long inputTokens,
                        long outputTokens, long latencyMillis, boolean userKey) {
    return switch (request.kind()) {
      case REPLY -> new LlmReply(answer.text() == null ? "" : answer.text(), null, null, model, provider,
          inputTokens, outputTokens, latencyMillis, userKey);
      case STRUCTURED -> new LlmReply(null, answer.structured() != null ? answer.structured()
          : jsonObject(answer.text()), null, model, provider, inputTokens, outputTokens, latencyMillis, userKey);
      case DECISION -> new LlmReply(null, null, answer.decision() != null ? answer.decision()
          : holdsFromText(answer.text()), model, provider, inputTokens, outputTokens, latencyMillis, userKey);
    };
  }

  /**
   * What a provider's answer said.
   *
   * @param text       the text content, or null
   * @param structured the structured-output function's input, or null
   * @param decision   the decision function's {@code holds}, or null
   */
  record Answer(String text, JsonObject structured, Boolean decision) {
  }

  /** A token count of a usage object: 0 when it is missing, null or not a number. */
  static long count(JsonObject usage, String key) {
    return usage != null && usage.getValue(key) instanceof Number number ? number.longValue() : 0L;
  }

  static String join(String first, String second) {
    return first.isBlank() ? second : first + "\n\n" + second;
  }

  static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
