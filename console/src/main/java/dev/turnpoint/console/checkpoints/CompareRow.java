package dev.turnpoint.console.checkpoints;

import java.util.List;

/**
 * One turn index of {@code checkpoints/compare.jte}.
 *
 * @param run            the first run's turn, or null when it has none at this index
 * @param other          the second run's turn, or null
 * @param shared         both runs hold this turn as the same stored turn (inherited from a common source)
 * @param identical      every compared field is the same
 * @param firstDivergent the first turn where the runs differ
 * @param differences    the fields that differ ({@code user_inputs}, {@code assistant_messages}, {@code node_path},
 *                       {@code runtime_variables_changed}, or {@code turn} when only one run has it)
 */
public record CompareRow(int index, CompareSide run, CompareSide other, boolean shared, boolean identical,
                         boolean firstDivergent, List<String> differences) {

  public int number() {
    return index + 1;
  }

  public String domId() {
    return "turn-" + index;
  }

  /**
   * Both runs hold this stored turn and still differ: the difference is in the state after it, which a fork may have
   * resumed from with other variables.
   */
  public boolean resumedDifferently() {
    return shared && !identical;
  }

  public boolean differs(String field) {
    return differences.contains(field);
  }

  /** The differences in words, for the row's header. */
  public String differenceSummary() {
    return String.join(", ", differences.stream().map(CompareRow::label).toList());
  }

  private static String label(String field) {
    return switch (field) {
      case "user_inputs" -> "user input";
      case "assistant_messages" -> "assistant messages";
      case "node_path" -> "node path";
      case "runtime_variables_changed" -> "variables changed";
      case "turn" -> "only one run has this turn";
      default -> field.replace('_', ' ');
    };
  }
}
