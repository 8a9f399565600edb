package dev.turnpoint.engine.llm;

/**
 * Engine-wide settings of the OpenAI-compatible client.
 *
 * @param baseUrl           used by {@code openai_llm}/{@code custom_llm} configs without their own {@code base_url}
 * @param apiKey            the platform key, used when a config has no {@code api_key} of its own (may be null)
 * @param defaultTimeoutMs  per-attempt timeout when a config has no {@code request_timeout_ms}
 * @param retryBaseDelayMs  the first back-off delay; it doubles with every retry
 * @param retryMaxDelayMs   the longest back-off delay
 */
public record OpenAiSettings(String baseUrl, String apiKey, long defaultTimeoutMs, long retryBaseDelayMs,
                             long retryMaxDelayMs) {
}
