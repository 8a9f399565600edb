package dev.turnpoint.console.runs;

/**
 * The model of {@code runs/composer.jte}: the box that sends the run's next user message.
 *
 * @param closedReason why no message can be sent now, or null when one can
 * @param waiting      a turn is running; the box comes back when its reply has arrived
 * @param outOfBand    rendered beside another fragment, replacing the box wherever it is on the page
 */
public record Composer(String runId, String closedReason, boolean waiting, String csrfToken, boolean outOfBand) {

  public boolean open() {
    return closedReason == null && !waiting;
  }

  public String action() {
    return "/runs/" + runId + "/messages";
  }
}
