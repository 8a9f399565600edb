package dev.turnpoint.engine;

import dev.turnpoint.engine.http.OutboundAllowList;
import dev.turnpoint.engine.http.OutboundPolicy;
import dev.turnpoint.engine.llm.AnthropicProvider;
import dev.turnpoint.engine.llm.AzureOpenAiProvider;
import dev.turnpoint.engine.llm.BedrockProvider;
import dev.turnpoint.engine.llm.GeminiProvider;
import dev.turnpoint.engine.llm.HostedProviders;
import dev.turnpoint.engine.llm.OpenAiSettings;
import dev.turnpoint.engine.sandbox.SandboxSettings;
import dev.turnpoint.engine.turn.TurnLimits;
import dev.turnpoint.engine.turn.TurnSizeLimits;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.LlmType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The engine slice of the configuration, parsed once when {@link EngineVerticle} starts. Every key is optional; see
 * {@link EngineVerticle} for what each one means.
 *
 * <p>{@code outbound} comes from {@code outbound_allow} (a list of CIDR blocks, IP addresses and {@code host:port}
 * entries, see {@link OutboundAllowList}; none by default), {@code outbound_max_redirects} (5) and
 * {@code outbound_max_response_bytes} (10 MiB, each answer's body): outbound requests reach public addresses only
 * unless the allow-list names them. The operator's own LLM base URLs
 * ({@code openai_base_url}, {@code default_llm.base_url}) are trusted and not checked.
 *
 * <p>{@code hostedLlms} comes from the {@code azure_openai_*}, {@code anthropic_*}, {@code google_*} and
 * {@code bedrock_*} keys (see {@link EngineVerticle}).
 *
 * <p>{@code sizeLimits} comes from {@code max_rendered_chars}, {@code max_variable_bytes},
 * {@code max_run_variables_bytes}, {@code max_history_messages}, {@code max_history_bytes} and
 * {@code max_turn_output_bytes} (defaults in {@link TurnSizeLimits#DEFAULT}).
 */
public record EngineConfig(String openAiBaseUrl, String openAiApiKey, LlmConfig defaultLlm, long llmRequestTimeoutMs,
                           long llmRetryBaseDelayMs, long llmRetryMaxDelayMs, long turnLeaseMs,
                           int maxNodeExecutionsPerTurn, int maxConditionalHopsPerTurn, double maxNoOpDelaySeconds,
                           long reaperIntervalMs, long staleRunAfterMs, int reaperBatchSize, long storeTimeoutMs,
                           OutboundPolicy outbound, HostedProviders hostedLlms, TurnSizeLimits sizeLimits,
                           SmsSettings sms, SandboxSettings python, int maxConcurrentEvaluations,
                           int maxWaitingEvaluations) {

  public static final String DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
  public static final String DEFAULT_MODEL = "gpt-4o-mini";
  /**
   * A turn lease's duration: short, since its holder renews it while the turn runs, so that after a crash the run is
   * free again within seconds.
   */
  public static final long DEFAULT_TURN_LEASE_MS = 15_000;
  /** The run store's bounds on a lease and on one stale-run batch. */
  static final long MAX_TURN_LEASE_MS = 24L * 60 * 60 * 1000;
  static final int MAX_REAPER_BATCH = 1000;

  public EngineConfig {
    requirePositive(llmRequestTimeoutMs, "llm_request_timeout_ms");
    requirePositive(turnLeaseMs, "turn_lease_ms");
    requirePositive(maxNodeExecutionsPerTurn, "max_node_executions_per_turn");
    requirePositive(maxConditionalHopsPerTurn, "max_conditional_hops_per_turn");
    requirePositive(staleRunAfterMs, "stale_run_after_ms");
    requirePositive(reaperBatchSize, "reaper_batch_size");
    requirePositive(storeTimeoutMs, "store_timeout_ms");
    requirePositive(maxConcurrentEvaluations, "max_concurrent_evaluations");
    if (maxWaitingEvaluations < 0) {
      throw new IllegalArgumentException("max_waiting_evaluations must not be negative");
    }
    if (turnLeaseMs > MAX_TURN_LEASE_MS) {
      throw new IllegalArgumentException("turn_lease_ms must be at most " + MAX_TURN_LEASE_MS);
    }
    if (reaperBatchSize > MAX_REAPER_BATCH) {
      throw new IllegalArgumentException("reaper_batch_size must be at most " + MAX_REAPER_BATCH);
    }
    if (llmRetryBaseDelayMs < 0 || llmRetryMaxDelayMs < 0 || reaperIntervalMs < 0 || maxNoOpDelaySeconds < 0) {
      throw new IllegalArgumentException("delays and intervals must not be negative");
    }
    if (openAiBaseUrl == null || openAiBaseUrl.isBlank()) {
      throw new IllegalArgumentException("openai_base_url must not be blank");
    }
    if (defaultLlm == null || defaultLlm.type == null || defaultLlm.type == LlmType.GLOBAL_DEFAULT_LLM) {
      throw new IllegalArgumentException("default_llm needs a concrete type");
    }
    if (outbound == null) {
      throw new IllegalArgumentException("the outbound policy must not be null");
    }
    if (hostedLlms == null) {
      throw new IllegalArgumentException("the hosted LLM settings must not be null");
    }
    requirePositive(hostedLlms.anthropic().defaultMaxTokens(), "anthropic_max_tokens");
    if (sizeLimits == null) {
      throw new IllegalArgumentException("the turn size limits must not be null");
    }
    if (sms == null) {
      throw new IllegalArgumentException("the SMS settings must not be null");
    }
    if (python == null) {
      throw new IllegalArgumentException("the Python sandbox settings must not be null");
    }
  }

  public static EngineConfig from(JsonObject config) {
    JsonObject slice = config == null ? new JsonObject() : config;
    String apiKey = slice.getString("openai_api_key");
    return new EngineConfig(
        slice.getString("openai_base_url", DEFAULT_OPENAI_BASE_URL),
        apiKey == null || apiKey.isBlank() ? null : apiKey,
        defaultLlm(slice.getJsonObject("default_llm")),
        slice.getLong("llm_request_timeout_ms", 60_000L),
        slice.getLong("llm_retry_base_delay_ms", 500L),
        slice.getLong("llm_retry_max_delay_ms", 8_000L),
        slice.getLong("turn_lease_ms", DEFAULT_TURN_LEASE_MS),
        slice.getInteger("max_node_executions_per_turn", TurnLimits.DEFAULT.maxNodeExecutionsPerTurn()),
        slice.getInteger("max_conditional_hops_per_turn", TurnLimits.DEFAULT.maxConditionalHopsPerTurn()),
        slice.getDouble("max_no_op_delay_seconds", TurnLimits.DEFAULT.maxDelaySeconds()),
        slice.getLong("reaper_interval_ms", 60_000L),
        slice.getLong("stale_run_after_ms", 30 * 60_000L),
        slice.getInteger("reaper_batch_size", 100),
        slice.getLong("store_timeout_ms", 30_000L),
        new OutboundPolicy(OutboundAllowList.parse(strings(slice.getValue("outbound_allow"), "outbound_allow")),
            slice.getInteger("outbound_max_redirects", OutboundPolicy.DEFAULT_MAX_REDIRECTS),
            slice.getLong("outbound_max_response_bytes", OutboundPolicy.DEFAULT_MAX_RESPONSE_BYTES)),
        hostedLlms(slice), sizeLimits(slice), SmsSettings.from(slice),
        python(slice),
        slice.getInteger("max_concurrent_evaluations", 2),
        slice.getInteger("max_waiting_evaluations", 1000));
  }

  private static HostedProviders hostedLlms(JsonObject slice) {
    return new HostedProviders(
        new AzureOpenAiProvider.Settings(optional(slice, "azure_openai_endpoint"),
            optional(slice, "azure_openai_api_key"),
            slice.getString("azure_openai_api_version", HostedProviders.DEFAULT_AZURE_API_VERSION)),
        new AnthropicProvider.Settings(
            slice.getString("anthropic_base_url", HostedProviders.DEFAULT_ANTHROPIC_BASE_URL),
            optional(slice, "anthropic_api_key"),
            slice.getString("anthropic_version", HostedProviders.DEFAULT_ANTHROPIC_VERSION),
            slice.getInteger("anthropic_max_tokens", HostedProviders.DEFAULT_ANTHROPIC_MAX_TOKENS)),
        new GeminiProvider.Settings(slice.getString("google_base_url", HostedProviders.DEFAULT_GOOGLE_BASE_URL),
            optional(slice, "google_api_key")),
        new BedrockProvider.Settings(slice.getString("bedrock_region", HostedProviders.DEFAULT_BEDROCK_REGION),
            optional(slice, "bedrock_base_url"), optional(slice, "bedrock_api_key"),
            optional(slice, "bedrock_access_key_id"), optional(slice, "bedrock_secret_access_key"),
            optional(slice, "bedrock_session_token")));
  }

  /** A string key whose blank value means unset. */
  private static String optional(JsonObject slice, String key) {
    String value = slice.getString(key);
    return value == null || value.isBlank() ? null : value;
  }

  private static TurnSizeLimits sizeLimits(JsonObject slice) {
    TurnSizeLimits defaults = TurnSizeLimits.DEFAULT;
    long rendered = slice.getLong("max_rendered_chars", defaults.maxRenderedChars());
    long variable = slice.getLong("max_variable_bytes", defaults.maxVariableBytes());
    long variables = slice.getLong("max_run_variables_bytes", defaults.maxRunVariablesBytes());
    int messages = slice.getInteger("max_history_messages", defaults.maxHistoryMessages());
    long history = slice.getLong("max_history_bytes", defaults.maxHistoryBytes());
    long output = slice.getLong("max_turn_output_bytes", defaults.maxTurnOutputBytes());
    requirePositive(rendered, "max_rendered_chars");
    requirePositive(variable, "max_variable_bytes");
    requirePositive(variables, "max_run_variables_bytes");
    requirePositive(messages, "max_history_messages");
    requirePositive(history, "max_history_bytes");
    requirePositive(output, "max_turn_output_bytes");
    return new TurnSizeLimits(rendered, variable, variables, messages, history, output);
  }

  private static SandboxSettings python(JsonObject slice) {
    SandboxSettings defaults = SandboxSettings.DEFAULT;
    return new SandboxSettings(slice.getString("python_interpreter", defaults.interpreter()),
        slice.getString("python_bwrap", defaults.bubblewrap()),
        slice.getString("python_prlimit", defaults.prlimit()),
        slice.getInteger("python_cpu_seconds", defaults.cpuSeconds()),
        slice.getLong("python_wall_timeout_ms", defaults.wallTimeoutMs()),
        slice.getInteger("python_memory_mb", defaults.memoryMb()),
        slice.getInteger("python_max_output_bytes", defaults.maxOutputBytes()),
        slice.getInteger("python_max_open_files", defaults.maxOpenFiles()),
        slice.getInteger("python_max_concurrent", defaults.maxConcurrent()));
  }

  private static List<String> strings(Object value, String key) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException(key + " must be a list of strings");
    }
    List<String> strings = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String text)) {
        throw new IllegalArgumentException(key + " must be a list of strings");
      }
      strings.add(text);
    }
    return strings;
  }

  private static LlmConfig defaultLlm(JsonObject json) {
    if (json == null) {
      LlmConfig config = new LlmConfig();
      config.type = LlmType.OPENAI_LLM;
      config.model = DEFAULT_MODEL;
      return config;
    }
    try {
      return Json.fromJson(json, LlmConfig.class);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("default_llm is not an llms_config: " + e.getMessage(), e);
    }
  }

  public OpenAiSettings openAiSettings() {
    List<String> operatorBaseUrls = defaultLlm.baseUrl == null || defaultLlm.baseUrl.isBlank() ? List.of()
        : List.of(defaultLlm.baseUrl);
    return new OpenAiSettings(openAiBaseUrl, openAiApiKey, llmRequestTimeoutMs, llmRetryBaseDelayMs,
        llmRetryMaxDelayMs, operatorBaseUrls);
  }

  public TurnLimits turnLimits() {
    return new TurnLimits(maxNodeExecutionsPerTurn, maxConditionalHopsPerTurn, maxNoOpDelaySeconds);
  }

  /** Without the API key, which must never reach a log. */
  @Override
  public String toString() {
    return "EngineConfig[openai_base_url=" + openAiBaseUrl
        + ", openai_api_key=" + (openAiApiKey == null ? "none" : "***") + ", default_llm=" + defaultLlm.type.wire()
        + "/" + defaultLlm.model + ", turn_lease_ms=" + turnLeaseMs
        + ", max_node_executions_per_turn=" + maxNodeExecutionsPerTurn + ", max_conditional_hops_per_turn="
        + maxConditionalHopsPerTurn + ", reaper_interval_ms=" + reaperIntervalMs + ", stale_run_after_ms="
        + staleRunAfterMs + ", outbound_allow=" + outbound.allow() + ", outbound_max_redirects="
        + outbound.maxRedirects() + ", outbound_max_response_bytes=" + outbound.maxResponseBytes() + ", "
        + hostedLlms + ", " + sizeLimits + ", sms_provider=" + sms.provider()
        + ", python=" + python + ", max_concurrent_evaluations=" + maxConcurrentEvaluations
        + ", max_waiting_evaluations=" + maxWaitingEvaluations + "]";
  }

  private static void requirePositive(double value, String key) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive");
    }
  }
}
