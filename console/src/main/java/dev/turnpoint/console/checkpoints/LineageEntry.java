package dev.turnpoint.console.checkpoints;

import dev.turnpoint.console.web.Format;
import dev.turnpoint.model.run.WorkflowStatus;

import java.util.List;

/**
 * One run in the lineage tree of {@code checkpoints/lineage.jte}.
 *
 * @param reachable    the run still exists for this team (only its id is known otherwise)
 * @param status       its status, or null when unknown
 * @param forkedAtTurn the turn (0-based) of its source it resumed after, or null (an evaluation run, or the root)
 * @param evaluation   an evaluation run of its source rather than a fork
 * @param reason       why it was forked, or null
 * @param current      the run the page is about
 * @param compareHref  the comparison of the page's run with this one, or null for the page's run itself
 * @param children     runs made from this one, oldest first
 */
public record LineageEntry(String runId, boolean reachable, WorkflowStatus status, String createdAt,
                           Integer forkedAtTurn, boolean evaluation, String reason, boolean current,
                           String compareHref, List<LineageEntry> children) {

  public String shortId() {
    return Format.shortId(runId);
  }

  public String domId() {
    return "lineage-" + runId;
  }
}
