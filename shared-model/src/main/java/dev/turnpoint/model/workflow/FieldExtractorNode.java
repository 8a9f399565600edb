package dev.turnpoint.model.workflow;

import java.util.ArrayList;
import java.util.List;

/**
 * Copies the object in runtime variable {@link #inputRuntimeVariableName}, keeping only {@link #keysToRetain} (or
 * the keys listed in runtime variable {@link #keysToRetainRuntimeVariableName}), into
 * {@link #outputRuntimeVariableName}: a pure data transform, so what follows sees just the fields it needs.
 */
public class FieldExtractorNode extends NodeConfig {
  public String inputRuntimeVariableName;
  public List<String> keysToRetain = new ArrayList<>();
  public String keysToRetainRuntimeVariableName;
  public String outputRuntimeVariableName = "field_extractor_result";

  public FieldExtractorNode() {
    super(NodeTypes.FIELD_EXTRACTOR);
  }
}
