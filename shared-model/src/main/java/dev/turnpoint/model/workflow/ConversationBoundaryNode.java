package dev.turnpoint.model.workflow;

/** {@code start_conversation} and {@code end_conversation}: markers of where a conversation begins and ends. */
public class ConversationBoundaryNode extends NodeConfig {
  public ConversationBoundaryNode() {
    super(NodeTypes.START_CONVERSATION);
  }
}
