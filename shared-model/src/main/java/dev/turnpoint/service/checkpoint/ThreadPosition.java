package dev.turnpoint.service.checkpoint;

/**
 * Where one thread of a checkpoint stands.
 *
 * @param threadId        {@code "0"} for the conversation, {@code "<parent>_companion_<id>"} for companions
 * @param status          {@code running} (continues at the node), {@code waiting} (for a user message at the node)
 *                        or {@code ended}
 * @param nodeLogicalId   running: the next node; waiting: the waiting node; ended: the last node run (or null)
 * @param inTargetGraph   whether the graph the fork would run on has that node (always true for ended threads)
 */
public record ThreadPosition(String threadId, String status, String nodeLogicalId, boolean inTargetGraph) {
}
