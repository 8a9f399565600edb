package dev.turnpoint.console.runs;

import dev.turnpoint.console.web.Format;

/**
 * An ancestor in a run's lineage breadcrumb: the run a fork was made from and the turn it was made at.
 *
 * @param reachable the ancestor still exists for this team (it is linked only then)
 * @param forkedAtTurn the ancestor's turn (0-based) the next run in the chain resumed from, or null
 */
public record LineageStep(String runId, boolean reachable, Integer forkedAtTurn, boolean evaluation) {

  public String shortId() {
    return Format.shortId(runId);
  }
}
