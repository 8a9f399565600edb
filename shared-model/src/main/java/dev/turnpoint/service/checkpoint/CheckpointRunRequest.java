package dev.turnpoint.service.checkpoint;

import io.vertx.core.json.JsonObject;

/**
 * A request for a checkpoint run (or its preview): the REST body and path ids of
 * {@code POST /workflows/v1/workflows/{workflow_id}/runs/{run_id}/checkpoint-run}.
 *
 * @param workflowId         the workflow the source run belongs to
 * @param sourceRunId        the run to fork
 * @param resumeTurnIndex    the last turn the new run inherits (0-based); it continues after it
 * @param startNodeLogicalId null, or the node the new run continues at instead of where the checkpoint stands
 * @param versionNumber      null to keep the source's pinned graph, or a version of the same workflow whose graph
 *                           the new run runs on
 * @param dynamicVariables   null, or {@code {{name}}} values merged into the checkpoint's before resuming
 * @param runtimeVariables   null, or {@code [[name]]} values merged into the checkpoint's before resuming
 * @param reason             null, or why the fork is made (at most {@link #REASON_MAX_LENGTH} characters)
 * @param replayInputs       send the source's later inputs to the new run (see
 *                           {@link dev.turnpoint.service.CheckpointService#executeCheckpointRun})
 * @param idempotencyKey     null, or a key that makes repeating the request safe (not part of the request's
 *                           identity: two requests are the same when every other field is)
 */
public record CheckpointRunRequest(String workflowId, String sourceRunId, int resumeTurnIndex,
                                   String startNodeLogicalId, Integer versionNumber, JsonObject dynamicVariables,
                                   JsonObject runtimeVariables, String reason, boolean replayInputs,
                                   String idempotencyKey) {

  public static final int REASON_MAX_LENGTH = 2000;
  public static final int IDEMPOTENCY_KEY_MAX_LENGTH = 255;

  /** The request with only what the contract requires: the source and the turn to resume after. */
  public static CheckpointRunRequest of(String workflowId, String sourceRunId, int resumeTurnIndex) {
    return new CheckpointRunRequest(workflowId, sourceRunId, resumeTurnIndex, null, null, null, null, null, false,
        null);
  }
}
