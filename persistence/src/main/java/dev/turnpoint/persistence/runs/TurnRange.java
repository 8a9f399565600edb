package dev.turnpoint.persistence.runs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Turns {@code from..to} (inclusive) whose documents belong to run {@code ownerRunId}. A fork lists the ranges it
 * inherits, always naming the run that really holds those turn documents, so a fork of a fork reads straight from the
 * original owners however deep the lineage goes.
 */
record TurnRange(String ownerRunId, int from, int to) {

  boolean contains(int turnIndex) {
    return turnIndex >= from && turnIndex <= to;
  }

  /** The part of this range up to {@code lastTurnIndex}, or null when it starts after it. */
  TurnRange clippedTo(int lastTurnIndex) {
    return from > lastTurnIndex ? null : new TurnRange(ownerRunId, from, Math.min(to, lastTurnIndex));
  }

  JsonObject toJson() {
    return new JsonObject().put("run_id", ownerRunId).put("from", from).put("to", to);
  }

  static TurnRange fromJson(JsonObject json) {
    return new TurnRange(json.getString("run_id"), json.getInteger("from"), json.getInteger("to"));
  }

  /** Adds the ids of the range's turn documents to {@code ids}. */
  void addTurnIds(JsonArray ids) {
    for (int index = from; index <= to; index++) {
      ids.add(RunTurns.turnId(ownerRunId, index));
    }
  }
}
