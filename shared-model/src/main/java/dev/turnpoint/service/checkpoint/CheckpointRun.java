package dev.turnpoint.service.checkpoint;

import dev.turnpoint.model.run.RunDocument;

/**
 * A checkpoint run as created (or found again by its idempotency key).
 *
 * @param run       the new run's header in its envelope; {@code input_output_pairs} is left empty because a fork of a
 *                  long run inherits many turns: read them with {@code RunStore.getRun}
 * @param turnCount how many turns the run has, the inherited ones included
 * @param created   false when an earlier request with the same idempotency key made the run
 * @param replay    what the replay did, or null when none was asked for (or the run was not created by this call)
 */
public record CheckpointRun(RunDocument run, int turnCount, boolean created, CheckpointReplay replay) {

  public String runId() {
    return run.id;
  }
}
