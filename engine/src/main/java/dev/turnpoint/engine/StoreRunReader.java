package dev.turnpoint.engine;

import dev.turnpoint.engine.turn.RunReader;
import dev.turnpoint.model.Json;
import dev.turnpoint.service.RunStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Reads runs for {@code workflow_run_fetch} through the run store, so team scoping is the store's. */
final class StoreRunReader implements RunReader {

  private final RunStore runs;

  StoreRunReader(RunStore runs) {
    this.runs = runs;
  }

  @Override
  public Future<JsonObject> fetchRun(String teamId, String runId) {
    return runs.getRun(teamId, runId).map(record -> Json.toJson(record.document().workflowRun));
  }
}
