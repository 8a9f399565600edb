package dev.turnpoint.engine.turn;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** How {@code workflow_run_fetch} reads a run: only runs of the given team; a missing one fails the future. */
public interface RunReader {
  /** The run as its {@code workflow_run} JSON (with {@code input_output_pairs}). */
  Future<JsonObject> fetchRun(String teamId, String runId);
}
