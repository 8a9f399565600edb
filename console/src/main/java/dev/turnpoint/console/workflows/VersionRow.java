package dev.turnpoint.console.workflows;

/** A version in the workflow page's list; {@code shown} marks the one whose graph is on the page. */
public record VersionRow(int number, String name, boolean active, boolean shown, String createdAt, String createdBy) {
}
