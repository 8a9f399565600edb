package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.http.OutboundClient;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * An {@link SmsProvider} that POSTs every message as JSON, {@code {"to", "message", "team_id", "workflow_run_id",
 * "node_logical_id"}}, to the operator's SMS gateway ({@code sms_webhook_url}), which sends it on. A 2xx answer means
 * accepted (its JSON {@code message_id} or {@code id}, if any, is kept); anything else, a timeout
 * ({@code sms_webhook_timeout_ms}) or a refusal fails the message. The request goes through the {@link OutboundClient}
 * like any workflow request, so the outbound allow-list applies: a gateway on a private address needs an
 * {@code outbound_allow} entry.
 */
public final class WebhookSmsProvider implements SmsProvider {

  public static final String NAME = "webhook";

  private final OutboundClient outbound;
  private final String url;
  private final long timeoutMs;

  public WebhookSmsProvider(OutboundClient outbound, String url, long timeoutMs) {
    this.outbound = outbound;
    this.url = url;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<SmsReceipt> send(SmsMessage message) {
    JsonObject body = new JsonObject().put("to", message.to()).put("message", message.body())
        .put("team_id", message.teamId()).put("workflow_run_id", message.runId())
        .put("node_logical_id", message.nodeLogicalId());
    return outbound.send(HttpMethod.POST, url, request -> request.timeout(timeoutMs), request ->
            request.sendJsonObject(body))
        .compose(response -> {
          if (response.statusCode() / 100 != 2) {
            return Future.failedFuture("the SMS gateway answered HTTP " + response.statusCode());
          }
          return Future.succeededFuture(new SmsReceipt(NAME, messageId(response.bodyAsString())));
        });
  }

  private static String messageId(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonObject answer = new JsonObject(body);
      Object id = answer.getValue("message_id", answer.getValue("id"));
      return id == null ? null : String.valueOf(id);
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
