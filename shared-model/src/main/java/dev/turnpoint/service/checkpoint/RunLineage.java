package dev.turnpoint.service.checkpoint;

import java.util.List;

/**
 * Where a run comes from and what was made from it.
 *
 * @param runId     the run asked about
 * @param ancestors its source, the source's source and so on, nearest first, each without children; an ancestor
 *                  that was deleted appears once with {@code reachable} false and ends the list
 * @param tree      the run itself with the runs made from it as children, recursively, oldest first
 * @param truncated a bound was reached, so some ancestors or descendants are left out
 */
public record RunLineage(String runId, List<LineageRun> ancestors, LineageRun tree, boolean truncated) {

  public static final int MAX_ANCESTORS = 100;
  public static final int MAX_DEPTH = 20;
  public static final int MAX_DESCENDANTS = 500;
}
