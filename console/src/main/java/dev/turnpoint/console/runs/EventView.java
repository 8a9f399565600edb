package dev.turnpoint.console.runs;

/**
 * One event of a turn: its type, the node (or edge) it came from, a one-line summary, when it happened relative to
 * the turn's first event, and the whole event as JSON for a closer look.
 */
public record EventView(String type, String origin, String summary, String offset, String json) {
}
