package dev.turnpoint.engine;

import dev.turnpoint.engine.http.OutboundClient;
import dev.turnpoint.engine.turn.LoggingSmsProvider;
import dev.turnpoint.engine.turn.SmsProvider;
import dev.turnpoint.engine.turn.WebhookSmsProvider;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Which {@link SmsProvider} the engine's {@code send_sms} nodes use: {@code sms_provider} {@code log} (the default:
 * messages are only logged) or {@code webhook} (POSTed to {@code sms_webhook_url}, an absolute http(s) URL, within
 * {@code sms_webhook_timeout_ms}, 10000 by default, at most 120000).
 *
 * @param provider         {@link LoggingSmsProvider#NAME} or {@link WebhookSmsProvider#NAME}
 * @param webhookUrl       the gateway's URL; set exactly when the provider is the webhook
 * @param webhookTimeoutMs how long one POST to the gateway may take
 */
public record SmsSettings(String provider, String webhookUrl, long webhookTimeoutMs) {

  public static final long DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
  static final long MAX_WEBHOOK_TIMEOUT_MS = 120_000;

  public SmsSettings {
    if (!LoggingSmsProvider.NAME.equals(provider) && !WebhookSmsProvider.NAME.equals(provider)) {
      throw new IllegalArgumentException("sms_provider must be '" + LoggingSmsProvider.NAME + "' or '"
          + WebhookSmsProvider.NAME + "', not '" + provider + "'");
    }
    if (webhookTimeoutMs <= 0 || webhookTimeoutMs > MAX_WEBHOOK_TIMEOUT_MS) {
      throw new IllegalArgumentException("sms_webhook_timeout_ms must be between 1 and " + MAX_WEBHOOK_TIMEOUT_MS);
    }
    if (WebhookSmsProvider.NAME.equals(provider) && !httpUrl(webhookUrl)) {
      throw new IllegalArgumentException("sms_provider 'webhook' needs sms_webhook_url, an absolute http(s) URL");
    }
  }

  static SmsSettings from(JsonObject slice) {
    String provider = slice.getString("sms_provider", LoggingSmsProvider.NAME);
    return new SmsSettings(provider == null ? null : provider.strip().toLowerCase(Locale.ROOT),
        slice.getString("sms_webhook_url"), slice.getLong("sms_webhook_timeout_ms", DEFAULT_WEBHOOK_TIMEOUT_MS));
  }

  /** The provider these settings choose; a webhook sends through {@code outbound}. */
  public SmsProvider provider(OutboundClient outbound) {
    return WebhookSmsProvider.NAME.equals(provider)
        ? new WebhookSmsProvider(outbound, webhookUrl, webhookTimeoutMs) : new LoggingSmsProvider();
  }

  private static boolean httpUrl(String url) {
    if (url == null || url.isBlank()) {
      return false;
    }
    try {
      URI uri = new URI(url.strip());
      return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
