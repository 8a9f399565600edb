package dev.turnpoint.engine.turn;

import dev.turnpoint.model.Ids;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link SmsProvider}: sends nothing, but logs each message (the number masked to its last four digits)
 * and accepts it, so workflows with {@code send_sms} nodes run in development and tests without a gateway.
 */
public final class LoggingSmsProvider implements SmsProvider {

  public static final String NAME = "log";
  private static final Logger LOG = LoggerFactory.getLogger(LoggingSmsProvider.class);

  @Override
  public Future<SmsReceipt> send(SmsMessage message) {
    String id = Ids.logicalId("sms");
    LOG.info("run {}: SMS {} to {} not sent (sms_provider is log): {}", message.runId(), id, masked(message.to()),
        message.body());
    return Future.succeededFuture(new SmsReceipt(NAME, id));
  }

  static String masked(String number) {
    int shown = Math.min(4, number.length());
    return "*".repeat(number.length() - shown) + number.substring(number.length() - shown);
  }
}
