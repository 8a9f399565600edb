package dev.turnpoint.console.runs;

import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.checkpoint.RunLineage;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * A run and the runs it was forked from, nearest first, as their headers tell (source run and fork point), and what
 * that means for its history: which run played each turn, and which forks the history passes through. A fork
 * inherits its source's turns up to its fork point and continues from the state its source reached after that turn
 * with the fork's variable overrides applied; a fork of a fork inherits, below its own fork point, whatever its
 * source inherited. So the state a turn left is the checkpoint its player stored with it, and what a fork
 * overrode is the difference between that state (or a deeper fork's at the same turn) and the checkpoint the fork
 * was created from, which every run store answers for a fork's own fork point.
 */
final class ForkLineage {

  /**
   * One run of the lineage.
   *
   * @param forkPoint the last turn it inherited from {@code sourceRunId}, or null when it is no fork
   */
  record Link(String runId, String sourceRunId, Integer forkPoint) {

    boolean isFork() {
      return forkPoint != null;
    }
  }

  /**
   * A fork whose fork point the run's history passes through.
   *
   * @param depth     where it is in the lineage: 0 for the run itself, 1 for its source, ...
   * @param separable the state before its overrides can be read (not so when its source could not be read)
   */
  record Fork(Link link, int depth, boolean separable) {
  }

  private final List<Link> links;
  private final int lastTurn;

  ForkLineage(List<Link> links, int lastTurn) {
    this.links = links;
    this.lastTurn = lastTurn;
  }

  /**
   * Reads the headers of the run's sources, at most {@link RunLineage#MAX_ANCESTORS}. A source that cannot be read
   * (deleted, or its store did not answer) ends the lineage there, and what lies beyond stays unknown.
   */
  static Future<ForkLineage> of(RunStore runs, String teamId, RunRecord run) {
    List<Link> links = new ArrayList<>();
    links.add(link(run));
    int lastTurn = turnCount(run) - 1;
    return climb(runs, teamId, links).map(done -> new ForkLineage(List.copyOf(links), lastTurn));
  }

  private static Future<Void> climb(RunStore runs, String teamId, List<Link> links) {
    Link last = links.get(links.size() - 1);
    if (!last.isFork() || links.size() > RunLineage.MAX_ANCESTORS) {
      return Future.succeededFuture();
    }
    return runs.getRunHeader(teamId, last.sourceRunId()).transform(read -> {
      if (read.failed()) {
        return Future.succeededFuture();
      }
      links.add(link(read.result()));
      return climb(runs, teamId, links);
    });
  }

  private static Link link(RunRecord run) {
    WorkflowRun header = run.document().workflowRun;
    Integer forkPoint = header.sourceWorkflowRunId == null ? null : header.checkpointSourceTurnIndex;
    return new Link(run.runId(), header.sourceWorkflowRunId, forkPoint);
  }

  static int turnCount(RunRecord run) {
    List<?> pairs = run.document().workflowRun.inputOutputPairs;
    return Math.max(run.turnCount(), pairs == null ? 0 : pairs.size());
  }

  /**
   * The run that played turn {@code turnIndex}, whose checkpoint for it is the state the turn left. Beyond a source
   * that could not be read, the last run read (whose store answers as best it can).
   */
  String playerOf(int turnIndex) {
    for (Link link : links) {
      if (!link.isFork() || turnIndex > link.forkPoint()) {
        return link.runId();
      }
    }
    return links.get(links.size() - 1).runId();
  }

  /**
   * The forks the run's history passes through, in the order it passes them (by fork point, and at one fork point
   * the source's before the fork's): the run's own, and each source's whose fork point lies within the turns
   * inherited from it.
   */
  List<Fork> forks() {
    List<Fork> forks = new ArrayList<>();
    int inheritedUpTo = lastTurn;
    for (int depth = 0; depth < links.size(); depth++) {
      Link link = links.get(depth);
      if (!link.isFork()) {
        break;
      }
      if (link.forkPoint() <= inheritedUpTo) {
        // A fork's source was read exactly when a link follows it.
        forks.add(0, new Fork(link, depth, depth < links.size() - 1));
      }
      inheritedUpTo = Math.min(inheritedUpTo, link.forkPoint());
    }
    return forks;
  }
}
