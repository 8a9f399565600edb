package dev.turnpoint.model.workflow;

/**
 * Drops the items of the list in runtime variable {@link #inputRuntimeVariableName} that repeat an earlier item's
 * {@link #dedupKey} (the key named literally, or by runtime variable {@link #dedupKeyRuntimeVariableName}; without
 * either, whole items are compared) and writes the rest, in order, to {@link #outputRuntimeVariableName}.
 */
public class DeduplicateNode extends NodeConfig {
  public String inputRuntimeVariableName;
  public String dedupKey;
  public String dedupKeyRuntimeVariableName;
  public String outputRuntimeVariableName = "deduplicate_result";

  public DeduplicateNode() {
    super(NodeTypes.DEDUPLICATE);
  }
}
