package dev.turnpoint.model.workflow;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** An edge of a workflow graph (spec §4.3), discriminated by {@code type}; an unknown type is rejected. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type",
    visible = true)
@JsonSubTypes({
    @JsonSubTypes.Type(value = DirectEdge.class, name = EdgeConfig.DIRECT),
    @JsonSubTypes.Type(value = ConditionalEdge.class, name = EdgeConfig.CONDITIONAL),
    @JsonSubTypes.Type(value = CompanionEdge.class, name = EdgeConfig.COMPANION)
})
public abstract class EdgeConfig {
  public static final String DIRECT = "direct";
  public static final String CONDITIONAL = "conditional";
  public static final String COMPANION = "companion";

  public String type;
  public String logicalId;
  public String name;
  public String description;
  public String sourceNodeLogicalId;
  public String destinationNodeLogicalId;
  public String workflowId;
  public boolean disabled = false;

  protected EdgeConfig(String type) {
    this.type = type;
  }
}
