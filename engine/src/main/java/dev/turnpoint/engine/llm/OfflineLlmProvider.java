package dev.turnpoint.engine.llm;

import dev.turnpoint.model.expression.RenderBudget;
import dev.turnpoint.model.expression.Templates;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.StructuredOutputSchema;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic LLM without a network, for {@code llms_config.type = "offline_llm"}: the same conversation always
 * gets the same answer, so samples and tests run anywhere. Its behaviour is the script in {@code llms_config.offline}
 * (see {@link OfflineScript}). Tokens are counted as whitespace-separated words (input: system prompt, question and
 * messages; output: the reply or the JSON written); latency is recorded as 0 ms so replays are identical. A scripted
 * reply renders to at most the engine's {@code max_rendered_chars}, like every other template of a turn.
 */
public final class OfflineLlmProvider implements LlmProvider {

  private static final Pattern WORD = Pattern.compile("\\S+");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");
  private static final List<String> TRUE_WORDS = List.of("true", "yes", "y", "1");
  private static final List<String> FALSE_WORDS = List.of("false", "no", "n", "0");

  private final long maxRenderedChars;

  /** A provider whose scripted replies render to at most {@code maxRenderedChars} characters. */
  public OfflineLlmProvider(long maxRenderedChars) {
    this.maxRenderedChars = maxRenderedChars;
  }

  @Override
  public Future<LlmReply> call(LlmConfig config, LlmRequest request) {
    OfflineScript script = OfflineScript.parse(config.offline, config.model);
    String provider = LlmGateway.providerLabel(config);
    long input = words(request.systemPrompt()) + words(request.question())
        + request.messages().stream().mapToLong(m -> words(LlmMessages.content(m))).sum();
    return Future.succeededFuture(switch (request.kind()) {
      case REPLY -> {
        String reply = reply(script, request);
        yield new LlmReply(reply, null, null, script.model, provider, input, words(reply), 0, false);
      }
      case STRUCTURED -> {
        JsonObject output = structured(script, request);
        yield new LlmReply(null, output, null, script.model, provider, input, words(output.encode()), 0, false);
      }
      case DECISION -> new LlmReply(null, null, decide(script, request), script.model, provider, input, 1, 0, false);
    });
  }

  private String reply(OfflineScript script, LlmRequest request) {
    String last = request.lastUserMessage();
    String text = script.rules.stream()
        .filter(rule -> rule.reply() != null && rule.appliesTo(request.nodeLogicalId()) && rule.matches(last))
        .map(OfflineScript.Rule::reply)
        .findFirst()
        .orElseGet(() -> {
          int said = request.userMessages().size();
          return said < script.replies.size() ? script.replies.get(said) : script.defaultReply;
        });
    return request.variables() == null ? text
        : Templates.render(text, request.variables(), new RenderBudget(maxRenderedChars));
  }

  private static JsonObject structured(OfflineScript script, LlmRequest request) {
    JsonObject output = script.structuredOutput.copy();
    for (String message : request.userMessages()) {
      for (Map.Entry<String, Pattern> field : script.extract.entrySet()) {
        Matcher matcher = field.getValue().matcher(message);
        if (matcher.find()) {
          output.put(field.getKey(), (matcher.groupCount() >= 1 && matcher.group(1) != null
              ? matcher.group(1) : matcher.group()).strip());
        }
      }
      for (OfflineScript.Rule rule : script.rules) {
        if (rule.whenUserSays() != null && rule.appliesTo(request.nodeLogicalId()) && rule.matches(message)) {
          output.mergeIn(rule.set());
        }
      }
    }
    return conform(output, request.schema());
  }

  /** Keeps the schema's declared properties, coerced to their declared types; undeclared schemas keep everything. */
  private static JsonObject conform(JsonObject output, StructuredOutputSchema schema) {
    JsonObject properties = schema == null || schema.inputSchema == null
        ? null : schema.inputSchema.getJsonObject("properties");
    if (properties == null || properties.isEmpty()) {
      return output;
    }
    JsonObject conformed = new JsonObject();
    for (String name : properties.fieldNames()) {
      if (!output.containsKey(name) || output.getValue(name) == null) {
        continue;
      }
      Object type = properties.getJsonObject(name, new JsonObject()).getValue("type");
      Object value = coerce(output.getValue(name), type instanceof String t ? t : null);
      if (value != null) {
        conformed.put(name, value);
      }
    }
    return conformed;
  }

  private static Object coerce(Object value, String type) {
    if (type == null) {
      return value;
    }
    String text = String.valueOf(value).strip();
    return switch (type) {
      case "integer" -> {
        if (value instanceof Number number) {
          yield number.longValue();
        }
        Matcher number = NUMBER.matcher(text);
        yield number.find() ? (long) Double.parseDouble(number.group()) : null;
      }
      case "number" -> {
        if (value instanceof Number number) {
          yield number.doubleValue();
        }
        Matcher number = NUMBER.matcher(text);
        yield number.find() ? Double.parseDouble(number.group()) : null;
      }
      case "boolean" -> {
        if (value instanceof Boolean) {
          yield value;
        }
        String lower = text.toLowerCase();
        yield TRUE_WORDS.contains(lower) ? Boolean.TRUE : FALSE_WORDS.contains(lower) ? Boolean.FALSE : null;
      }
      case "string" -> value instanceof String ? value : text;
      default -> value;
    };
  }

  private static boolean decide(OfflineScript script, LlmRequest request) {
    for (String key : request.decisionKeys()) {
      if (key == null || !script.conditions.containsKey(key)) {
        continue;
      }
      Object rule = script.conditions.getValue(key);
      if (rule instanceof Boolean holds) {
        return holds;
      }
      try {
        return Pattern.compile(String.valueOf(rule)).matcher(request.lastUserMessage()).find();
      } catch (java.util.regex.PatternSyntaxException e) {
        throw LlmException.configuration("offline script: conditions." + key + " is not a valid regex: "
            + e.getDescription());
      }
    }
    return false;
  }

  private static long words(String text) {
    if (text == null) {
      return 0;
    }
    return WORD.matcher(text).results().count();
  }
}
