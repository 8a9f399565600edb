package dev.turnpoint.model.workflow;

import io.vertx.core.json.JsonObject;

/**
 * When a conditional edge (or a global node) applies: a deterministic {@code condition_expression}, or a natural
 * language {@code condition_freeform} that an LLM decides.
 */
public class ConditionConfig {
  public String conditionFreeform;
  public String conditionExpression;
  public JsonObject argsSchema;
  public StaticMessagesConfig staticMessagesConfig;
  public JsonObject dynamicMessagesConfig;
}
