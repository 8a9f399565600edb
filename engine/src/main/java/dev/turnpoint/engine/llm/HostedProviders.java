package dev.turnpoint.engine.llm;

/**
 * The engine's settings of the hosted providers besides OpenAI: where each API is and the platform's credentials
 * for configs that bring none of their own.
 *
 * @param azure     {@code azure_openai_llm}
 * @param anthropic {@code anthropic_llm}
 * @param google    {@code google_llm}
 * @param bedrock   {@code bedrock_llm}
 */
public record HostedProviders(AzureOpenAiProvider.Settings azure, AnthropicProvider.Settings anthropic,
                              GeminiProvider.Settings google, BedrockProvider.Settings bedrock) {

  public static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";
  public static final String DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com";
  public static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";
  public static final int DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;
  public static final String DEFAULT_GOOGLE_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";
  public static final String DEFAULT_BEDROCK_REGION = "us-east-1";

  /** The public APIs, no platform credentials. */
  public static HostedProviders defaults() {
    return new HostedProviders(new AzureOpenAiProvider.Settings(null, null, DEFAULT_AZURE_API_VERSION),
        new AnthropicProvider.Settings(DEFAULT_ANTHROPIC_BASE_URL, null, DEFAULT_ANTHROPIC_VERSION,
            DEFAULT_ANTHROPIC_MAX_TOKENS),
        new GeminiProvider.Settings(DEFAULT_GOOGLE_BASE_URL, null),
        new BedrockProvider.Settings(DEFAULT_BEDROCK_REGION, null, null, null, null, null));
  }

  /** Without any credential, which must never reach a log. */
  @Override
  public String toString() {
    return "HostedProviders[azure_openai_endpoint=" + azure.endpoint() + ", anthropic_base_url="
        + anthropic.baseUrl() + ", google_base_url=" + google.baseUrl() + ", bedrock_region=" + bedrock.region()
        + "]";
  }
}
