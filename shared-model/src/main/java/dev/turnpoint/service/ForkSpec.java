package dev.turnpoint.service;

import dev.turnpoint.model.run.WorkflowRun;
import io.vertx.core.json.JsonObject;

/**
 * A fork to store: the source run, the last inherited turn, the new run's header (status, lineage and carried-over
 * usage already set) and the checkpoint it resumes from (the source's, possibly with overrides).
 */
public record ForkSpec(String sourceRunId, int resumeTurnIndex, WorkflowRun run, JsonObject checkpoint,
                       String reason, String idempotencyKey, String requestHash) {
}
