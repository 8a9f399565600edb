package dev.turnpoint.console.runs;

import dev.turnpoint.console.web.Format;

import java.util.List;

/**
 * The model of {@code runs/forkPoint.jte}: where the timeline passes a fork, shown after the turn it was made at, with
 * the variables the fork overrode. They are the fork's own change, never the turn's.
 *
 * @param forkRunId   the fork: the run itself or one of its sources
 * @param sourceRunId the run it was forked from
 * @param turnIndex   the turn it was made after
 * @param thisRun     the fork is the run whose page this is
 * @param known       the overrides could be told apart from the turn's own changes
 * @param changes     {@code [[name]]} and {@code {{name}}} values the fork overrode
 */
public record ForkPoint(String forkRunId, String sourceRunId, int turnIndex, boolean thisRun, boolean known,
                        List<VariableChange> changes) {

  public int turnNumber() {
    return turnIndex + 1;
  }

  public String domId() {
    return "fork-" + forkRunId;
  }

  public String forkShortId() {
    return Format.shortId(forkRunId);
  }

  public String sourceShortId() {
    return sourceRunId == null ? "" : Format.shortId(sourceRunId);
  }
}
