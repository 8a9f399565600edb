package dev.turnpoint.console.checkpoints;

import dev.turnpoint.console.web.Format;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.checkpoint.LineageRun;
import dev.turnpoint.service.checkpoint.RunLineage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the lineage page's model from the engine's {@link RunLineage}. */
final class LineageViews {

  private LineageViews() {
  }

  /**
   * The page: the ancestors oldest first, then the run with everything made from it as a tree.
   *
   * @param reasons why each run was forked, by run id, as far as they were read
   */
  static LineagePage page(RunLineage lineage, String workflowName, Map<String, String> reasons,
                          boolean reasonsOmitted) {
    String current = lineage.runId();
    LineageEntry tree = entry(lineage.tree(), current, reasons, true);
    List<LineageEntry> ancestors = new ArrayList<>();
    for (LineageRun ancestor : lineage.ancestors()) {
      ancestors.add(0, entry(ancestor, current, reasons, false));
    }
    List<LineageEntry> path = new ArrayList<>(ancestors);
    path.add(tree);
    return new LineagePage(current, workflowName, List.copyOf(path), List.copyOf(ancestors), tree,
        ancestors.size() + count(tree), lineage.truncated(), reasonsOmitted);
  }

  /**
   * The runs whose fork reasons the page shows, at most {@code limit}: the run itself, its ancestors nearest first,
   * then its descendants level by level.
   */
  static List<String> runsToDescribe(RunLineage lineage, int limit) {
    Set<String> ids = new LinkedHashSet<>();
    ids.add(lineage.runId());
    lineage.ancestors().stream().filter(LineageRun::reachable).forEach(ancestor -> ids.add(ancestor.runId()));
    Deque<LineageRun> level = new ArrayDeque<>(List.of(lineage.tree()));
    while (!level.isEmpty()) {
      LineageRun run = level.removeFirst();
      ids.add(run.runId());
      level.addAll(run.children() == null ? List.of() : run.children());
    }
    return ids.stream().limit(limit).toList();
  }

  static int lineageSize(RunLineage lineage) {
    return lineage.ancestors().size() + countRuns(lineage.tree());
  }

  private static LineageEntry entry(LineageRun run, String current, Map<String, String> reasons, boolean withTree) {
    List<LineageEntry> children = new ArrayList<>();
    if (withTree && run.children() != null) {
      for (LineageRun child : run.children()) {
        children.add(entry(child, current, reasons, true));
      }
    }
    boolean isCurrent = run.runId().equals(current);
    return new LineageEntry(run.runId(), run.reachable(), status(run.status()), Format.timestamp(run.createdAt()),
        run.checkpointSourceTurnIndex(), run.sourceWorkflowRunId() != null && run.checkpointSourceTurnIndex() == null,
        reasons.get(run.runId()), isCurrent,
        isCurrent || !run.reachable() ? null : RunLinks.compareHref(current, run.runId()), List.copyOf(children));
  }

  private static WorkflowStatus status(String wire) {
    if (wire == null) {
      return null;
    }
    try {
      return WorkflowStatus.fromWire(wire);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static int count(LineageEntry entry) {
    int count = 1;
    for (LineageEntry child : entry.children()) {
      count += count(child);
    }
    return count;
  }

  private static int countRuns(LineageRun run) {
    int count = 1;
    for (LineageRun child : run.children() == null ? List.<LineageRun>of() : run.children()) {
      count += countRuns(child);
    }
    return count;
  }
}
