package dev.turnpoint.service.checkpoint;

import java.util.List;

/**
 * Two runs compared turn by turn, aligned by turn index.
 *
 * @param runId                  the first run
 * @param otherRunId             the second run
 * @param turnCount              turns of the first run
 * @param otherTurnCount         turns of the second run
 * @param sharedPrefixTurns      how many leading turns both hold as the same stored turns (a fork and its source: the
 *                               inherited ones; two forks of one run: the turns both inherited), or null when they
 *                               share none that can be traced
 * @param firstDivergentTurnIndex the first compared turn that differs (or that only one run has), null when every
 *                               compared turn is identical
 * @param truncated              a run has more than {@link #MAX_TURNS} turns; only the first ones are compared
 * @param turns                  one comparison per turn index
 */
public record RunDiff(String runId, String otherRunId, int turnCount, int otherTurnCount, Integer sharedPrefixTurns,
                      Integer firstDivergentTurnIndex, boolean truncated, List<TurnComparison> turns) {

  public static final int MAX_TURNS = 500;
}
