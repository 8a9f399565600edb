package dev.turnpoint.console.runs;

/**
 * The model of {@code runs/turnActions.jte}: what can be done from one turn of a run's timeline. The slot is where
 * the resume form opens inline.
 *
 * @param preserve keep the slot as it is when the live stream re-renders the timeline, so an open form survives a
 *                 turn arriving; off when the slot itself is swapped back (htmx would otherwise keep the old one)
 */
public record TurnActions(String runId, int turnIndex, boolean preserve) {

  public String domId() {
    return "turn-" + turnIndex + "-actions";
  }

  public String resumeHref() {
    return "/runs/" + runId + "/turns/" + turnIndex + "/resume";
  }
}
