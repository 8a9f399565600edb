package dev.turnpoint.console.checkpoints;

import dev.turnpoint.console.ConsoleServices;
import dev.turnpoint.console.web.ConsoleSession;
import dev.turnpoint.console.web.PageResponder;
import dev.turnpoint.console.web.RequestInput;
import dev.turnpoint.console.web.Section;
import dev.turnpoint.console.web.Viewer;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.checkpoint.RunDiff;
import dev.turnpoint.service.checkpoint.RunLineage;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's lineage (the runs it comes from and the runs made from it) and the turn-by-turn comparison of two runs,
 * both from the engine's checkpoint service. Read-only pages: they work without JavaScript.
 */
public final class LineageRoutes {

  /** Runs whose fork reason the lineage page reads (one store call each). */
  static final int MAX_REASONS = 100;

  private final ConsoleServices services;
  private final PageResponder pages;

  public LineageRoutes(ConsoleServices services, PageResponder pages) {
    this.services = services;
    this.pages = pages;
  }

  public void mount(Router router) {
    router.get("/runs/:runId/lineage").handler(this::showLineage);
    router.get("/runs/:runId/compare/:otherRunId").handler(this::showComparison);
  }

  private void showLineage(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String runId = RequestInput.objectId(ctx, "runId", "run");
    Future<RunLineage> lineage = services.checkpoints().getLineage(viewer.teamId(), runId);
    Future<RunRecord> header = services.runs().getRunHeader(viewer.teamId(), runId);
    Future.all(lineage, header)
        .compose(read -> {
          Future<String> workflowName = WorkflowNames.of(services.workflows(), viewer.teamId(),
              header.result().document().workflowRun);
          Future<Map<String, String>> reasons = reasons(viewer.teamId(), lineage.result(), header.result());
          return Future.all(workflowName, reasons).map(done -> LineageViews.page(lineage.result(),
              workflowName.result(), reasons.result(), LineageViews.lineageSize(lineage.result()) > MAX_REASONS));
        })
        .compose(page -> pages.page(ctx, 200, "Lineage of run " + page.shortId(), Section.RUNS,
            "checkpoints/lineage.jte", page))
        .onFailure(ctx::fail);
  }

  /** Why each run of the lineage was forked, read from the runs' headers; a run that cannot be read has none. */
  private Future<Map<String, String>> reasons(String teamId, RunLineage lineage, RunRecord current) {
    List<String> others = LineageViews.runsToDescribe(lineage, MAX_REASONS).stream()
        .filter(id -> !id.equals(current.runId())).toList();
    List<Future<RunRecord>> reads = others.stream()
        .map(id -> services.runs().getRunHeader(teamId, id).otherwise((RunRecord) null))
        .toList();
    return Future.all(reads).map(done -> {
      Map<String, String> reasons = new HashMap<>();
      putReason(reasons, current);
      reads.forEach(read -> putReason(reasons, read.result()));
      return reasons;
    });
  }

  private static void putReason(Map<String, String> reasons, RunRecord record) {
    if (record != null && record.reason() != null && !record.reason().isBlank()) {
      reasons.put(record.runId(), record.reason());
    }
  }

  private void showComparison(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String runId = RequestInput.objectId(ctx, "runId", "run");
    String otherRunId = RequestInput.objectId(ctx, "otherRunId", "run");
    Future<RunDiff> diff = services.checkpoints().diffRuns(viewer.teamId(), runId, otherRunId);
    Future<RunRecord> run = services.runs().getRunHeader(viewer.teamId(), runId);
    Future<RunRecord> other = services.runs().getRunHeader(viewer.teamId(), otherRunId);
    Future.all(diff, run, other)
        .compose(read -> {
          WorkflowRun first = run.result().document().workflowRun;
          return WorkflowNames.of(services.workflows(), viewer.teamId(), first)
              .map(name -> CompareViews.page(diff.result(), first, other.result().document().workflowRun, name));
        })
        .compose(page -> pages.page(ctx, 200, "Compare runs " + page.shortId() + " and " + page.otherShortId(),
            Section.RUNS, "checkpoints/compare.jte", page))
        .onFailure(ctx::fail);
  }
}
