package dev.turnpoint.model.workflow;

/** Talks to the user: an LLM reply to the conversation, usually waiting for the next user message. */
public class SayLlmNode extends LlmNode {
  public SayLlmNode() {
    super(NodeTypes.SAY_LLM, true);
  }
}
