package dev.turnpoint.console.runs;

import java.util.List;

/**
 * The model of {@code runs/turnVariables.jte}: the runtime variables one turn changed. The run page reads the
 * checkpoints of its latest turns only; an older turn offers a link that reads its two checkpoints when asked.
 *
 * @param known    the changes were read (else only the link is shown)
 * @param expanded shown on its own, after being asked for: open, and saying so when nothing changed
 */
public record TurnVariables(String runId, int turnIndex, boolean known, List<VariableChange> changes,
                            boolean expanded) {

  public String href() {
    return "/runs/" + runId + "/turns/" + turnIndex + "/variables";
  }

  public int turnNumber() {
    return turnIndex + 1;
  }
}
