package dev.turnpoint.model.workflow;

/** Does nothing but note, wait, write a variable or, for testing, fail. */
public class NoOpNode extends NodeConfig {
  public String note;
  public String outputRuntimeVariableName;
  public Double delaySeconds;
  public boolean simulateFailure = false;

  public NoOpNode() {
    super(NodeTypes.NO_OP);
  }
}
