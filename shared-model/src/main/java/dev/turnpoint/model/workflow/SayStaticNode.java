package dev.turnpoint.model.workflow;

/** Says one of a fixed set of messages. */
public class SayStaticNode extends NodeConfig {
  public StaticMessagesConfig staticMessagesConfig = new StaticMessagesConfig();

  public SayStaticNode() {
    super(NodeTypes.SAY_STATIC);
  }
}
