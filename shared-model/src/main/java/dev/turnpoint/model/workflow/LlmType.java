package dev.turnpoint.model.workflow;

import com.fasterxml.jackson.annotation.JsonValue;

/** The {@code type} discriminator of {@code llms_config} (spec §4.7). */
public enum LlmType {
  OPENAI_LLM, AZURE_OPENAI_LLM, GOOGLE_LLM, ANTHROPIC_LLM, BEDROCK_LLM, CUSTOM_LLM, GLOBAL_DEFAULT_LLM, NO_LLM,
  /** Turnpoint's deterministic offline provider: scripted replies and rules, no network. */
  OFFLINE_LLM;

  @JsonValue
  public String wire() {
    return name().toLowerCase();
  }
}
