package dev.turnpoint.console.runs;

import dev.turnpoint.console.web.Format;
import dev.turnpoint.model.run.WorkflowStatus;

/**
 * A run as the list shows it. {@code workflowName} falls back to the id when the workflow is not known.
 *
 * @param sourceRunId  the run this one was made from, or null
 * @param forkedAtTurn the source's turn (0-based) it resumed after, or null (not a fork, or an evaluation run)
 */
public record RunRow(String id, String logicalId, String workflowId, String workflowName, WorkflowStatus status,
                     String createdAt, String createdBy, String sourceRunId, Integer forkedAtTurn) {

  public String sourceShortId() {
    return Format.shortId(sourceRunId);
  }
}
