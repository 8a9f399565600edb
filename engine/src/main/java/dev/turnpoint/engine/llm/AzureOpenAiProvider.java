package dev.turnpoint.engine.llm;

import dev.turnpoint.model.workflow.LlmConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Calls Azure OpenAI ({@code azure_openai_llm}): the chat-completions protocol of {@link OpenAiCompatibleProvider} at
 * {@code POST <endpoint>/openai/deployments/<model>/chat/completions?api-version=<api_version>} with an
 * {@code api-key} header. The config's {@code model} names the deployment.
 *
 * <p>{@code endpoint} and {@code api_version} come from the config, else from the engine's
 * {@code azure_openai_endpoint}/{@code azure_openai_api_version}. The config's own {@code api_key} is preferred;
 * the platform's {@code azure_openai_api_key} is sent only to the operator's endpoint, never to one a workflow names.
 * Every call passes the outbound check, the operator's endpoint included.
 */
public final class AzureOpenAiProvider implements LlmProvider {

  /**
   * The engine's Azure OpenAI settings.
   *
   * @param endpoint   the resource endpoint ({@code https://<resource>.openai.azure.com}), or null
   * @param apiKey     the platform key for {@code endpoint}, or null
   * @param apiVersion the {@code api-version} for configs without their own
   */
  public record Settings(String endpoint, String apiKey, String apiVersion) {
  }

  private final LlmHttpExchange exchange;
  private final Settings settings;

  public AzureOpenAiProvider(LlmHttpExchange exchange, Settings settings) {
    this.exchange = exchange;
    this.settings = settings;
  }

  @Override
  public Future<LlmReply> call(LlmConfig config, LlmRequest request) {
    if (LlmConversation.blank(config.model)) {
      return Future.failedFuture(LlmException.configuration(
          "llms_config of type azure_openai_llm needs a model (the deployment name)"));
    }
    String endpoint = LlmConversation.blank(config.endpoint) ? settings.endpoint() : config.endpoint;
    if (LlmConversation.blank(endpoint)) {
      return Future.failedFuture(LlmException.configuration("llms_config of type azure_openai_llm needs an endpoint "
          + "(its own endpoint or the engine's azure_openai_endpoint)"));
    }
    boolean operatorEndpoint = !LlmConversation.blank(settings.endpoint()) && OpenAiSettings
        .withoutTrailingSlash(settings.endpoint()).equals(OpenAiSettings.withoutTrailingSlash(endpoint));
    boolean userKey = !LlmConversation.blank(config.apiKey);
    String apiKey = userKey ? config.apiKey : operatorEndpoint ? settings.apiKey() : null;
    String apiVersion = LlmConversation.blank(config.apiVersion) ? settings.apiVersion() : config.apiVersion;
    String url = OpenAiSettings.withoutTrailingSlash(endpoint) + "/openai/deployments/" + encode(config.model)
        + "/chat/completions?api-version=" + encode(apiVersion);
    JsonObject body = OpenAiCompatibleProvider.requestBody(config, request);
    long started = System.nanoTime();
    return exchange.post(new LlmHttpExchange.Target(url, false), config, body.toBuffer(), http -> {
      if (!LlmConversation.blank(apiKey)) {
        http.putHeader("api-key", apiKey);
      }
    }).map(response -> OpenAiCompatibleProvider.toReply(config, request, response, userKey,
        (System.nanoTime() - started) / 1_000_000));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
