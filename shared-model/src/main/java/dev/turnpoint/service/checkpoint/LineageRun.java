package dev.turnpoint.service.checkpoint;

import java.util.List;

/**
 * One run in a lineage.
 *
 * @param runId                     the run
 * @param reachable                 false for a source run that was deleted (only {@code runId} is known then)
 * @param workflowId                its workflow
 * @param status                    its status (wire value)
 * @param createdAt                 when it was created
 * @param sourceWorkflowRunId       the run it was made from, or null
 * @param checkpointSourceTurnIndex the source's turn it resumed after (a checkpoint run), or null (an evaluation
 *                                  run, or no source)
 * @param children                  the runs made from this one, oldest first (empty in {@code ancestors})
 */
public record LineageRun(String runId, boolean reachable, String workflowId, String status, String createdAt,
                         String sourceWorkflowRunId, Integer checkpointSourceTurnIndex, List<LineageRun> children) {
}
