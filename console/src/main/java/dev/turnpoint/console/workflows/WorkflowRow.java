package dev.turnpoint.console.workflows;

/** A workflow as the list shows it. */
public record WorkflowRow(String id, String name, String description, String category, int activeVersionNumber,
                          String updatedAt) {
}
