package dev.turnpoint.model.turn;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What a turn's LLM calls used, summed over the events that report an {@code llm_usage_info}. This engine reports
 * {@value #INPUT_TOKENS}, {@value #OUTPUT_TOKENS} and {@value #LATENCY_MILLISECONDS}; runs of other engines may
 * report {@value #TOTAL_TOKENS} or the OpenAI names instead, which {@code tokens} counts too.
 *
 * @param llmCalls             events that report usage
 * @param inputTokens          their {@value #INPUT_TOKENS}
 * @param outputTokens         their {@value #OUTPUT_TOKENS}
 * @param tokens               every token they report ({@value #TOTAL_TOKENS}, else the sum of the parts), or null
 *                             when none reports a count
 * @param latencyMilliseconds  their summed latency, or null when none reports one
 */
public record TurnUsage(long llmCalls, long inputTokens, long outputTokens, Long tokens,
                        Double latencyMilliseconds) {

  public static final String INPUT_TOKENS = "input_tokens";
  public static final String OUTPUT_TOKENS = "output_tokens";
  public static final String TOTAL_TOKENS = "total_tokens";
  public static final String PROMPT_TOKENS = "prompt_tokens";
  public static final String COMPLETION_TOKENS = "completion_tokens";
  public static final String LATENCY_MILLISECONDS = "latency_milliseconds";

  private static final List<String> TOKEN_PARTS = List.of(INPUT_TOKENS, OUTPUT_TOKENS, PROMPT_TOKENS,
      COMPLETION_TOKENS);

  /** The usage the events report. */
  public static TurnUsage of(List<TurnEvent> events) {
    long calls = 0;
    long input = 0;
    long output = 0;
    long tokens = 0;
    boolean tokensReported = false;
    double latency = 0;
    boolean latencyReported = false;
    for (TurnEvent event : events) {
      JsonObject usage = event.llmUsage();
      if (usage == null) {
        continue;
      }
      calls++;
      input += whole(usage, INPUT_TOKENS);
      output += whole(usage, OUTPUT_TOKENS);
      Long reported = reportedTokens(usage);
      if (reported != null) {
        tokens += reported;
        tokensReported = true;
      }
      if (usage.getValue(LATENCY_MILLISECONDS) instanceof Number millis) {
        latency += millis.doubleValue();
        latencyReported = true;
      }
    }
    return new TurnUsage(calls, input, output, tokensReported ? tokens : null, latencyReported ? latency : null);
  }

  /** The summed latency in whole milliseconds, 0 when none was reported. */
  public long latencyWholeMilliseconds() {
    return latencyMilliseconds == null ? 0 : latencyMilliseconds.longValue();
  }

  private static Long reportedTokens(JsonObject usage) {
    if (usage.getValue(TOTAL_TOKENS) instanceof Number total) {
      return total.longValue();
    }
    long sum = 0;
    boolean any = false;
    for (String part : TOKEN_PARTS) {
      if (usage.getValue(part) instanceof Number count) {
        sum += count.longValue();
        any = true;
      }
    }
    return any ? sum : null;
  }

  private static long whole(JsonObject usage, String field) {
    return usage.getValue(field) instanceof Number number ? number.longValue() : 0;
  }
}
