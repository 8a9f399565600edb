package dev.turnpoint.engine.llm;

/**
 * An LLM call that failed. {@link #isConfigurationError()} tells a problem with the workflow's LLM settings (an
 * unsupported provider, a broken offline script), which retrying cannot fix, from a provider that failed or did not
 * answer.
 */
public class LlmException extends RuntimeException {
  private final boolean configurationError;

  private LlmException(String message, boolean configurationError, Throwable cause) {
    super(message, cause);
    this.configurationError = configurationError;
  }

  public static LlmException configuration(String message) {
    return new LlmException(message, true, null);
  }

  public static LlmException unavailable(String message, Throwable cause) {
    return new LlmException(message, false, cause);
  }

  public boolean isConfigurationError() {
    return configurationError;
  }
}
