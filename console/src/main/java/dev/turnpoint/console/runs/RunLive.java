package dev.turnpoint.console.runs;

import java.util.List;

/**
 * The model of {@code runs/live.jte}: the part of a run page that changes while the run goes on (state, turns, the
 * message box, comments). The live stream pushes it again after every turn and status change.
 *
 * @param flash a message about the last action (a turn that failed, a command refused), or null
 */
public record RunLive(String runId, long revision, RunState state, List<TurnView> turns, Composer composer,
                      CommentsBlock comments, String flash) {

  public String streamUrl() {
    return "/runs/" + runId + "/live?revision=" + revision;
  }
}
