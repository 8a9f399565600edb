package dev.turnpoint.model.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@code llm_group_with_backchannel} {@code llms_config}, for voice-like conversations that must not fall silent:
 * {@link #mainLlmConfig} answers as a group does; when it has not answered within
 * {@link #backchannelMinPatienceTimeMs}, a short filler is said first, from {@link #backchannelLlmConfig} (prompted
 * by the node's, else the workflow's {@code backchannel_response_config}) or else one of
 * {@link #backchannelStaticResponses}. Once a filler was said, only the main reply's text after
 * {@link #nonBackchannelResponsePrefix} follows it. Its identifier is {@link #id}, not {@code logical_id}.
 */
@JsonIgnoreProperties({"logical_id", "provider", "streaming", "max_retries", "max_parse_retries", "max_tokens",
    "temperature", "request_timeout_ms", "seed", "model_kwargs", "api_key", "do_not_split_sentences",
    "truncated_max_recent_messages", "model", "base_url", "organization", "reasoning_effort", "endpoint",
    "api_version", "thinking_budget", "region", "aws_access_key_id", "aws_secret_access_key", "default_headers",
    "rewrite_base_url", "verify_ssl", "response_unwrap_key", "use_responses_api", "offline"})
public class LlmGroupWithBackchannelConfig extends LlmConfig {

  /** The SDK's default {@code backchannel_min_patience_time_ms}. */
  public static final int DEFAULT_BACKCHANNEL_MIN_PATIENCE_MS = 2000;

  public String id;
  public LlmGroupConfig mainLlmConfig;
  public String nonBackchannelResponsePrefix;
  public LlmGroupConfig backchannelLlmConfig;
  public List<String> backchannelStaticResponses = new ArrayList<>();
  public StaticMessagesConfig.SelectionMode backchannelStaticResponsesSelectionMode =
      StaticMessagesConfig.SelectionMode.RANDOM;
  public Integer backchannelMinPatienceTimeMs = DEFAULT_BACKCHANNEL_MIN_PATIENCE_MS;

  public LlmGroupWithBackchannelConfig() {
    type = LlmType.LLM_GROUP_WITH_BACKCHANNEL;
  }
}
