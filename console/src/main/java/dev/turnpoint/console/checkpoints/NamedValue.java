package dev.turnpoint.console.checkpoints;

/** A variable and its value as compact text ({@code removed} when a turn removed it). */
public record NamedValue(String name, String value, boolean removed) {
}
