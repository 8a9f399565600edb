package dev.turnpoint.model.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@code llm_group} {@code llms_config}: several LLMs in preferred order, so that a slow or failing model does not
 * stall the conversation. {@link OperationMode#PARALLEL_SELECT_ONE} asks every member at once and, once
 * {@link #minPatienceTimeMs} has passed (or nothing better can come), takes the most preferred answer;
 * {@link OperationMode#SEQUENTIAL_WITH_PROACTIVE} asks the first and, when it has not answered within
 * {@link #minPatienceTimeMs}, the rest at once. A member that fails gives way to the next. With
 * {@link #maxPatienceTimeMs} the group gives up when nobody has answered by then.
 *
 * <p>Members are single LLMs ({@code global_default_llm} meaning the workflow's). The single-LLM fields this class
 * inherits do not apply to a group and are neither read nor written.
 */
@JsonIgnoreProperties({"provider", "streaming", "max_retries", "max_parse_retries", "max_tokens", "temperature",
    "request_timeout_ms", "seed", "model_kwargs", "api_key", "do_not_split_sentences", "truncated_max_recent_messages",
    "model", "base_url", "organization", "reasoning_effort", "endpoint", "api_version", "thinking_budget", "region",
    "aws_access_key_id", "aws_secret_access_key", "default_headers", "rewrite_base_url", "verify_ssl",
    "response_unwrap_key", "use_responses_api", "offline"})
public class LlmGroupConfig extends LlmConfig {

  /** The SDK's default {@code min_patience_time_ms}. */
  public static final int DEFAULT_MIN_PATIENCE_MS = 1500;

  public List<LlmConfig> llms = new ArrayList<>();
  public OperationMode operationMode = OperationMode.SEQUENTIAL_WITH_PROACTIVE;
  public Integer minPatienceTimeMs = DEFAULT_MIN_PATIENCE_MS;
  public Integer maxPatienceTimeMs;

  public LlmGroupConfig() {
    type = LlmType.LLM_GROUP;
  }

  /** How a group asks its members. */
  public enum OperationMode {
    @JsonProperty("parallel_select_one") PARALLEL_SELECT_ONE,
    @JsonProperty("sequential_with_proactive") SEQUENTIAL_WITH_PROACTIVE
  }
}
