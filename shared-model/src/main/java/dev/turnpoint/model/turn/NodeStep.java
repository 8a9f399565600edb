package dev.turnpoint.model.turn;

/**
 * One node a thread ran in a turn, as its {@code start_node_run} event names it.
 *
 * @param logicalId the node's logical id, or null when the event does not say
 * @param name      the node's name as the event recorded it, or null
 */
public record NodeStep(String logicalId, String name) {
}
