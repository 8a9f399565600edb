package dev.turnpoint.engine.turn;

import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.SendSmsNode;
import io.vertx.core.Future;

import java.util.regex.Pattern;

/**
 * {@code send_sms}: renders {@code destination_phone_number} (spaces, dashes, dots and brackets dropped; it must then
 * be E.164) and {@code message} (not empty) and hands them to the engine's {@link SmsProvider}. A {@code send_sms}
 * event records the outcome, and the node's output {@code success}, {@code sent_sms_message}, {@code provider} and
 * {@code message_id} (or {@code error_message}). A message that is invalid or not accepted does not fail the run: the
 * workflow goes on, as after a failed HTTP call.
 */
final class SendSmsRunner implements NodeRunner {

  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
  private static final Pattern SEPARATORS = Pattern.compile("[\\s().-]");

  private final SmsProvider provider;

  SendSmsRunner(SmsProvider provider) {
    this.provider = provider;
  }

  @Override
  public Future<NodeResult> run(NodeRun run) {
    SendSmsNode node = (SendSmsNode) run.node;
    String to = SEPARATORS.matcher(run.render(node.destinationPhoneNumber)).replaceAll("");
    String text = run.render(node.message);
    String problem = !E164.matcher(to).matches()
        ? "destination_phone_number '" + to + "' is not an E.164 number such as +14155550123"
        : text.isBlank() ? "the message is empty" : null;
    if (problem != null) {
      return Future.succeededFuture(record(run, to, text, null, null, problem));
    }
    SmsProvider.SmsMessage message = new SmsProvider.SmsMessage(to, text, run.turn.context().teamId(),
        run.turn.context().runId(), node.logicalId);
    return provider.send(message).transform(sent -> Future.succeededFuture(sent.succeeded()
        ? record(run, to, text, sent.result().provider(), sent.result().messageId(), null)
        : record(run, to, text, null, null, "the SMS was not sent: " + sent.cause().getMessage())));
  }

  private static NodeResult record(NodeRun run, String to, String text, String provider, String messageId,
                                   String error) {
    boolean success = error == null;
    run.emit(run.event(TurnEventType.SEND_SMS).put("destination_phone_number", to).put("message", text)
        .put("success", success).put("provider", provider).put("message_id", messageId).put("error_message", error));
    run.output.put("success", success).put("sent_sms_message", success ? text : null).put("provider", provider)
        .put("message_id", messageId).put("error_message", error);
    if (!success) {
      run.emit(run.event(TurnEventType.WORKFLOW_WARNING).put("message", "send_sms node "
          + GraphIndex.describe(run.node) + ": " + error));
    }
    return NodeResult.CONTINUE;
  }
}
