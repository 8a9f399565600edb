package dev.turnpoint.service;

import dev.turnpoint.model.run.WorkflowStatus;

/**
 * Filters of the run list. Every filter may be null. {@code search} matches the run's logical id or id;
 * {@code start}/{@code end} bound {@code created_at} (ISO-8601); {@code sourceTurnIndex} applies only with
 * {@code sourceWorkflowRunId}.
 */
public record RunQuery(String workflowId, WorkflowStatus status, String sourceWorkflowRunId, Integer sourceTurnIndex,
                       String search, String start, String end, int page, int size) {
  public int skip() {
    return (page - 1) * size;
  }
}
