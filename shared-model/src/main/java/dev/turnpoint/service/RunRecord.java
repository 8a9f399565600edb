package dev.turnpoint.service;

import dev.turnpoint.model.run.RunDocument;
import io.vertx.core.json.JsonObject;

/**
 * A stored run as services see it: the wire document plus bookkeeping that never goes on the wire.
 *
 * @param document       the run in its envelope; {@code input_output_pairs} is filled only where a call says so
 * @param revision       optimistic-concurrency counter, incremented by every change
 * @param turnCount      how many turns the run has, inherited ones included
 * @param lastCheckpoint the checkpoint after the last turn, or null before the first turn (and in a lease answer
 *                       that left it out, see {@link TurnLease#heldStateLeftOut()})
 * @param leaseToken     the token of the turn in progress (an unexpired lease), or null
 * @param reason         why a fork was made (free text), or null
 */
public record RunRecord(RunDocument document, long revision, int turnCount, JsonObject lastCheckpoint,
                        String leaseToken, String reason) {

  public String runId() {
    return document.id;
  }

  public String teamId() {
    return document.teamId;
  }
}
