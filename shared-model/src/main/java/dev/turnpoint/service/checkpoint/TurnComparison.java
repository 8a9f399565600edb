package dev.turnpoint.service.checkpoint;

import java.util.List;

/**
 * One turn index of a {@link RunDiff}.
 *
 * @param turnIndex   the index
 * @param run         the first run's turn, or null when it has none at this index
 * @param other       the second run's turn, or null
 * @param identical   both have the turn and it is the same in every compared field
 * @param differences the compared fields that differ: {@code user_inputs}, {@code assistant_messages},
 *                    {@code node_path}, {@code runtime_variables_changed}, or {@code turn} when only one run has it.
 *                    Token counts and latency are reported, not compared: they are measurements.
 */
public record TurnComparison(int turnIndex, TurnSummary run, TurnSummary other, boolean identical,
                             List<String> differences) {
}
