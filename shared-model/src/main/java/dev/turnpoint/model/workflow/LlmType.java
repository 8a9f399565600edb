package dev.turnpoint.model.workflow;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The {@code type} discriminator of {@code llms_config} (spec §4.7). Constants are only ever added, so stored
 * configs keep reading.
 */
public enum LlmType {
  OPENAI_LLM, AZURE_OPENAI_LLM, GOOGLE_LLM, ANTHROPIC_LLM, BEDROCK_LLM, CUSTOM_LLM, GLOBAL_DEFAULT_LLM, NO_LLM,
  /** Several LLMs in preferred order, raced or fallen back across ({@link LlmGroupConfig}). */
  LLM_GROUP,
  /** A main group and a backchannel filler ({@link LlmGroupWithBackchannelConfig}). */
  LLM_GROUP_WITH_BACKCHANNEL,
  /** Turnpoint's deterministic offline provider: scripted replies and rules, no network. */
  OFFLINE_LLM;

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }

  /** Whether the type names a group of LLMs rather than one. */
  public boolean isGroup() {
    return this == LLM_GROUP || this == LLM_GROUP_WITH_BACKCHANNEL;
  }
}
