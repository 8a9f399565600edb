package dev.turnpoint.engine.turn;

import io.vertx.core.Future;

/**
 * Where {@code send_sms} nodes hand their messages: {@link LoggingSmsProvider} (the default, for development: it
 * only logs) or {@link WebhookSmsProvider} (POSTs each message to the operator's gateway), chosen by the engine's
 * {@code sms_provider} setting. An application embedding the engine may pass its own.
 */
public interface SmsProvider {

  /** Sends one message; the future fails when it was not accepted, with the reason as its message. */
  Future<SmsReceipt> send(SmsMessage message);

  /**
   * One text message.
   *
   * @param to            the destination, E.164 ({@code +14155550123})
   * @param body          the text, placeholders already substituted
   * @param teamId        the run's team
   * @param runId         the run that sends it
   * @param nodeLogicalId the {@code send_sms} node
   */
  record SmsMessage(String to, String body, String teamId, String runId, String nodeLogicalId) {
  }

  /**
   * What a provider answers for a message it accepted.
   *
   * @param provider  the provider's name, as the node's output records it ({@code log}, {@code webhook})
   * @param messageId the provider's id for the message, or null when it gives none
   */
  record SmsReceipt(String provider, String messageId) {
  }
}
