package dev.turnpoint.model.workflow;

/** A prompt, as in {@code main_response_config} and {@code backchannel_response_config}. */
public class PromptConfig {
  public String prompt;

  public PromptConfig() {
  }

  public PromptConfig(String prompt) {
    this.prompt = prompt;
  }
}
