package dev.turnpoint.console.runs;

/** One option of a filter's drop-down. */
public record Choice(String value, String label, boolean selected) {
}
