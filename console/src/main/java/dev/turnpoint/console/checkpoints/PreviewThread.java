package dev.turnpoint.console.checkpoints;

/**
 * Where one thread of the checkpoint stands in a resume preview.
 *
 * @param label         the conversation, or a companion thread
 * @param position      where it would go on, in words
 * @param inTargetGraph the graph the new run runs on has that node (a fork whose active node is missing fails)
 */
public record PreviewThread(String label, String position, boolean inTargetGraph) {
}
