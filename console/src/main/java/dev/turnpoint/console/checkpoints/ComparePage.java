package dev.turnpoint.console.checkpoints;

import dev.turnpoint.console.web.Format;

import java.util.List;

/**
 * The model of {@code checkpoints/compare.jte}: two runs side by side, turn by turn.
 *
 * @param relation          how the runs are related, in words ("forked from … at turn 2"), or null
 * @param sharedPrefixTurns how many leading turns both hold as the same stored turns, or null
 * @param firstDivergentTurnIndex the first turn that differs, or null when every compared turn is identical
 * @param collapsedRows     leading turns that are shared and identical, shown folded
 * @param rows              the remaining turns
 * @param truncated         a run has more turns than are compared
 */
public record ComparePage(String runId, String otherRunId, String workflowName, String relation, int turnCount,
                          int otherTurnCount, Integer sharedPrefixTurns, Integer firstDivergentTurnIndex,
                          boolean truncated, int maxTurns, List<CompareRow> collapsedRows, List<CompareRow> rows) {

  public String shortId() {
    return Format.shortId(runId);
  }

  public String otherShortId() {
    return Format.shortId(otherRunId);
  }

  public String swappedHref() {
    return RunLinks.compareHref(otherRunId, runId);
  }

  public String lineageHref() {
    return RunLinks.lineageHref(runId);
  }

  public Integer firstDivergentTurnNumber() {
    return firstDivergentTurnIndex == null ? null : firstDivergentTurnIndex + 1;
  }
}
