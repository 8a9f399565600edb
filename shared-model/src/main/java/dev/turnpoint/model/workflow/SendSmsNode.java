package dev.turnpoint.model.workflow;

/**
 * Sends {@link #message} (placeholders substituted) to {@link #destinationPhoneNumber} (E.164, placeholders
 * substituted) through the engine's configured SMS provider.
 */
public class SendSmsNode extends NodeConfig {
  public String destinationPhoneNumber;
  public String message;

  public SendSmsNode() {
    super(NodeTypes.SEND_SMS);
  }
}
