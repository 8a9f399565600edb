package dev.turnpoint.engine.llm;

import java.util.List;

/**
 * Engine-wide settings of the OpenAI-compatible client.
 *
 * @param baseUrl           used by {@code openai_llm}/{@code custom_llm} configs without their own {@code base_url}
 * @param apiKey            the platform key (may be null), used when a config has no {@code api_key} of its own and
 *                          calls one of the operator's base URLs ({@link #isOperatorBaseUrl}); never sent elsewhere
 * @param defaultTimeoutMs  per-attempt timeout when a config has no {@code request_timeout_ms}
 * @param retryBaseDelayMs  the first back-off delay; it doubles with every retry
 * @param retryMaxDelayMs   the longest back-off delay
 * @param operatorBaseUrls  further base URLs the server's own configuration names (the platform default
 *                          {@code llms_config}'s); like {@code baseUrl} they are trusted, not checked against the
 *                          outbound policy
 */
public record OpenAiSettings(String baseUrl, String apiKey, long defaultTimeoutMs, long retryBaseDelayMs,
                             long retryMaxDelayMs, List<String> operatorBaseUrls) {

  public OpenAiSettings {
    operatorBaseUrls = List.copyOf(operatorBaseUrls);
  }

  /** Settings whose only trusted base URL is {@code baseUrl}. */
  public OpenAiSettings(String baseUrl, String apiKey, long defaultTimeoutMs, long retryBaseDelayMs,
                        long retryMaxDelayMs) {
    this(baseUrl, apiKey, defaultTimeoutMs, retryBaseDelayMs, retryMaxDelayMs, List.of());
  }

  /**
   * Whether {@code url} is a base URL the operator configured ({@code baseUrl} or one of {@code operatorBaseUrls},
   * trailing slashes aside). The operator chose it, so it is called as it is, even on loopback or a private network;
   * any other base URL, e.g. one a workflow names, goes through the outbound check.
   */
  public boolean isOperatorBaseUrl(String url) {
    String wanted = withoutTrailingSlash(url);
    return withoutTrailingSlash(baseUrl).equals(wanted)
        || operatorBaseUrls.stream().map(OpenAiSettings::withoutTrailingSlash).anyMatch(wanted::equals);
  }

  static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
