package dev.turnpoint.model.workflow;

/** Background reasoning: an LLM call whose structured output fills runtime variables. */
public class WorkerLlmNode extends LlmNode {
  public WorkerLlmNode() {
    super(NodeTypes.WORKER_LLM, false);
  }

  protected WorkerLlmNode(String type) {
    super(type, false);
  }
}
