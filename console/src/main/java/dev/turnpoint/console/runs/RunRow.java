package dev.turnpoint.console.runs;

import dev.turnpoint.model.run.WorkflowStatus;

/** A run as the list shows it. {@code workflowName} falls back to the id when the workflow is not known. */
public record RunRow(String id, String logicalId, String workflowId, String workflowName, WorkflowStatus status,
                     String createdAt, String createdBy) {
}
