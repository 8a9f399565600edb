package dev.turnpoint.model.workflow;

import io.vertx.core.json.JsonObject;

/** A transition taken when its condition holds, evaluated right after each execution of the source node. */
public class ConditionalEdge extends EdgeConfig {
  public ConditionConfig condition = new ConditionConfig();
  public JsonObject evaluateWhileWaitingConfig;

  public ConditionalEdge() {
    super(CONDITIONAL);
  }
}
