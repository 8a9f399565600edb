package dev.turnpoint.engine.checkpoint;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.RunQuery;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.checkpoint.LineageRun;
import dev.turnpoint.service.checkpoint.RunLineage;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A run's lineage: ancestors by following {@code source_workflow_run_id} up through run headers, descendants level by
 * level through the run list's {@code source_workflow_run_id} filter. Both stop at the bounds of {@link RunLineage}.
 */
final class LineageReader {

  /** Children read per page of the run list. */
  private static final int PAGE_SIZE = 100;

  private final RunStore runs;

  LineageReader(RunStore runs) {
    this.runs = runs;
  }

  Future<RunLineage> lineage(String teamId, String runId) {
    if (!Ids.isObjectId(runId)) {
      return Future.failedFuture(ServiceException.invalid("run id must be 24 lower-case hex digits"));
    }
    return runs.getRunHeader(teamId, runId).compose(found -> {
      Walk walk = new Walk(teamId);
      Node root = walk.node(found.document());
      return walk.ancestors(found.document().workflowRun.sourceWorkflowRunId)
          .compose(done -> walk.descend(List.of(root), 1))
          .map(done -> new RunLineage(runId, List.copyOf(walk.ancestors), root.toLineageRun(), walk.truncated));
    });
  }

  /** A run found while walking down, with the children found for it so far. */
  private record Node(RunDocument document, List<Node> children) {
    LineageRun toLineageRun() {
      WorkflowRun run = document.workflowRun;
      List<LineageRun> below = children.stream()
          .sorted(Comparator.comparing((Node child) -> String.valueOf(child.document.createdAt))
              .thenComparing(child -> child.document.id))
          .map(Node::toLineageRun).toList();
      return new LineageRun(document.id, true, run.workflowId, run.status == null ? null : run.status.wire(),
          document.createdAt, run.sourceWorkflowRunId, run.checkpointSourceTurnIndex, below);
    }
  }

  /** One lineage being read: what was found and whether a bound cut it short. */
  private final class Walk {
    private final String teamId;
    private final List<LineageRun> ancestors = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private int descendants;
    private boolean truncated;

    Walk(String teamId) {
      this.teamId = teamId;
    }

    Node node(RunDocument document) {
      seen.add(document.id);
      return new Node(document, new ArrayList<>());
    }

    Future<Void> ancestors(String sourceRunId) {
      if (sourceRunId == null || seen.contains(sourceRunId)) {
        return Future.succeededFuture();
      }
      if (ancestors.size() >= RunLineage.MAX_ANCESTORS) {
        truncated = true;
        return Future.succeededFuture();
      }
      seen.add(sourceRunId);
      return runs.getRunHeader(teamId, sourceRunId).transform(found -> {
        if (found.failed()) {
          if (ServiceException.from(found.cause()).code() != FailureCode.NOT_FOUND) {
            return Future.failedFuture(found.cause());
          }
          ancestors.add(new LineageRun(sourceRunId, false, null, null, null, null, null, List.of()));
          return Future.succeededFuture();
        }
        RunDocument document = found.result().document();
        ancestors.add(new Node(document, List.of()).toLineageRun());
        return ancestors(document.workflowRun.sourceWorkflowRunId);
      });
    }

    /** Finds the children of every node of one level, then goes on with theirs. */
    Future<Void> descend(List<Node> level, int depth) {
      if (level.isEmpty()) {
        return Future.succeededFuture();
      }
      if (depth > RunLineage.MAX_DEPTH) {
        truncated = true;
        return Future.succeededFuture();
      }
      List<Node> next = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (Node parent : level) {
        chain = chain.compose(done -> children(parent, 1, next));
      }
      return chain.compose(done -> descend(next, depth + 1));
    }

    private Future<Void> children(Node parent, int page, List<Node> next) {
      if (descendants >= RunLineage.MAX_DESCENDANTS) {
        truncated = true;
        return Future.succeededFuture();
      }
      RunQuery query = new RunQuery(null, null, parent.document.id, null, null, null, null, page, PAGE_SIZE);
      return runs.listRuns(teamId, query).compose(found -> {
        for (RunDocument row : found.items()) {
          if (seen.contains(row.id)) {
            continue;
          }
          if (descendants >= RunLineage.MAX_DESCENDANTS) {
            truncated = true;
            return Future.succeededFuture();
          }
          descendants++;
          Node child = node(row);
          parent.children.add(child);
          next.add(child);
        }
        return (long) page * PAGE_SIZE < found.total() ? children(parent, page + 1, next) : Future.succeededFuture();
      });
    }
  }
}
