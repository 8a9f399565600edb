package dev.turnpoint.console.checkpoints;

/**
 * A variable of a resume preview as the new run would start with it.
 *
 * @param placeholder how workflows refer to it: {@code [[name]]} (runtime) or {@code {{name}}} (dynamic)
 * @param value       its value as compact text, shortened when long
 * @param overridden  the form sets it
 */
public record PreviewVariable(String placeholder, String value, boolean overridden) {
}
