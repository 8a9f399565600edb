package dev.turnpoint.console.workflows;

/**
 * An edge as the graph view lists it under its source node.
 *
 * @param condition       the condition expression or the natural-language condition, or null
 * @param conditionIsExpression whether {@code condition} is a deterministic expression (else an LLM decides it)
 * @param companionThread the thread a companion edge or flagged direct edge runs its destination on, or null
 */
public record EdgeRow(String logicalId, String name, String type, String sourceName, String destinationName,
                      String destinationLogicalId, String condition, boolean conditionIsExpression,
                      String companionThread, boolean disabled) {
}
