package dev.turnpoint.model.workflow;

/** Sends an SMS. Stored and shown, but Turnpoint has no SMS gateway: running it fails with a clear error. */
public class SendSmsNode extends NodeConfig {
  public String destinationPhoneNumber;
  public String message;

  public SendSmsNode() {
    super(NodeTypes.SEND_SMS);
  }
}
