package dev.turnpoint.service;

import dev.turnpoint.model.run.WorkflowStatus;

/** A status change without a turn, applied only if the run's revision is still {@code expectedRevision}. */
public record StatusChange(long expectedRevision, WorkflowStatus status, String terminationSource,
                           String updatedBy) {
}
