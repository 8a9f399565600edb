package dev.turnpoint.console.checkpoints;

import dev.turnpoint.console.web.Format;

import java.util.List;

/**
 * The model of {@code checkpoints/lineage.jte}: where a run comes from and what was made from it.
 *
 * @param path      the chain of source runs, oldest first, ending with the page's run (the breadcrumb)
 * @param ancestors the source runs, oldest first: a chain, so shown one below the other rather than nested
 * @param tree      the page's run with every run made from it, nested
 * @param runCount  how many runs the tree shows
 * @param truncated a bound of the lineage was reached; some runs are left out
 * @param reasonsOmitted the lineage has more runs than the page reads reasons for
 */
public record LineagePage(String runId, String workflowName, List<LineageEntry> path, List<LineageEntry> ancestors,
                          LineageEntry tree,
                          int runCount, boolean truncated, boolean reasonsOmitted) {

  public String shortId() {
    return Format.shortId(runId);
  }
}
