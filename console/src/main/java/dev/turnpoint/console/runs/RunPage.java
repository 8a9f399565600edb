package dev.turnpoint.console.runs;

import java.util.List;

/**
 * The model of {@code runs/run.jte}: a run's header and its live part.
 *
 * @param workflowName    the workflow's current name, else the name in the run's snapshot, else its id
 * @param workflowExists  the workflow can still be opened
 * @param lineage         the chain of source runs, oldest first; empty for a run that is not a fork
 * @param forkCount       how many runs were forked from this one
 * @param evaluationOf    for an evaluation run, the run it evaluates, else null
 * @param reason          why the run was forked from its source, or null
 * @param evaluation      the run that evaluates this one, or null
 */
public record RunPage(String runId, String logicalId, String workflowId, String workflowName, boolean workflowExists,
                      Integer versionNumber, String versionName, String createdAt, String createdBy, String runBy,
                      List<LineageStep> lineage, long forkCount, String evaluationOf, String reason, RunLive live,
                      Evaluation evaluation) {

  /**
   * The run that evaluates a run ({@code evaluation_run_info}) and its status as the page was made ({@code null}
   * when it has been deleted).
   */
  public record Evaluation(String runId, String status) {
  }

  public boolean streaming() {
    return !live.state().terminal();
  }

  public String lineageHref() {
    return "/runs/" + runId + "/lineage";
  }

  /** The comparison with the run this one was made from, when that still exists; else null. */
  public String compareWithSourceHref() {
    if (lineage.isEmpty()) {
      return null;
    }
    LineageStep source = lineage.get(lineage.size() - 1);
    return source.reachable() ? "/runs/" + runId + "/compare/" + source.runId() : null;
  }
}
