package dev.turnpoint.console.runs;

import dev.turnpoint.console.ConsoleServices;
import dev.turnpoint.console.web.Format;
import dev.turnpoint.console.web.Htmx;
import dev.turnpoint.console.web.PageResponder;
import dev.turnpoint.console.web.Section;
import dev.turnpoint.console.web.Viewer;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.Page;
import dev.turnpoint.service.RunQuery;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Assembles and sends the run page: the header (workflow, lineage, forks) and the live part (state, timeline with
 * the variables each turn changed, message box, comments), as a full page or, for htmx, only the live part.
 */
final class RunPages {

  /** How far up a lineage breadcrumb follows source runs. */
  static final int MAX_LINEAGE_DEPTH = 8;

  private final ConsoleServices services;
  private final PageResponder pages;

  RunPages(ConsoleServices services, PageResponder pages) {
    this.services = services;
    this.pages = pages;
  }

  /**
   * The run page as first opened. The run's header comes first (it is cheap and tells how many turns there are), so
   * the whole run and the checkpoints of its latest turns can then be read at the same time: for a long run, both
   * are sizeable.
   */
  Future<Void> showPage(RoutingContext ctx, Viewer viewer, String csrfToken, String runId) {
    return services.runs().getRunHeader(viewer.teamId(), runId).compose(header -> {
      Future<RunRecord> run = services.runs().getRun(viewer.teamId(), runId);
      Future<TurnStates> states = TurnCheckpoints.read(services.runs(), viewer.teamId(), header);
      return Future.all(run, states).compose(read -> sendPage(ctx, 200, viewer, csrfToken, run.result(),
          states.result(), null));
    });
  }

  /** The whole run page, with {@code flash} (the outcome of an action) on top of its live part. */
  Future<Void> sendPage(RoutingContext ctx, int status, Viewer viewer, String csrfToken, RunRecord record,
                        String flash) {
    return TurnCheckpoints.read(services.runs(), viewer.teamId(), record)
        .compose(states -> sendPage(ctx, status, viewer, csrfToken, record, states, flash));
  }

  private Future<Void> sendPage(RoutingContext ctx, int status, Viewer viewer, String csrfToken, RunRecord record,
                                TurnStates states, String flash) {
    return page(viewer, csrfToken, record, states, flash)
        .compose(page -> pages.page(ctx, status, page.workflowName() + " · run", Section.RUNS, "runs/run.jte",
            page));
  }

  /** The run's live part for htmx, else the whole run page, with {@code flash} on top. */
  Future<Void> respondWithRun(RoutingContext ctx, Viewer viewer, String csrfToken, RunRecord record, int status,
                              String flash) {
    if (Htmx.wantsFragment(ctx)) {
      return live(viewer, csrfToken, record, flash)
          .compose(live -> pages.fragment(ctx, status, "runs/live.jte", live));
    }
    return sendPage(ctx, status, viewer, csrfToken, record, flash);
  }

  /** The live part, with what the checkpoints of the latest turns and the lineage's forks tell. */
  Future<RunLive> live(Viewer viewer, String csrfToken, RunRecord record, String flash) {
    return TurnCheckpoints.read(services.runs(), viewer.teamId(), record)
        .map(states -> RunViews.live(record, states, viewer, csrfToken, flash));
  }

  /** Back to the run page after a plain form (post/redirect/get), at {@code fragment} when given. */
  static Future<Void> redirectToRun(RoutingContext ctx, String runId, String fragment) {
    String location = "/runs/" + runId + (fragment == null ? "" : "#" + fragment);
    return ctx.response().putHeader(HttpHeaders.LOCATION, location).setStatusCode(303).end();
  }

  static boolean notFound(Throwable failure) {
    return ServiceException.from(failure).code() == FailureCode.NOT_FOUND;
  }

  private Future<RunPage> page(Viewer viewer, String csrfToken, RunRecord record, TurnStates states,
                               String flash) {
    WorkflowRun run = record.document().workflowRun;
    Future<Optional<WorkflowDocument>> workflow = run.workflowId == null
        ? Future.succeededFuture(Optional.empty())
        : services.workflows().getWorkflow(viewer.teamId(), run.workflowId).map(Optional::of)
            .recover(failure -> notFound(failure) ? Future.succeededFuture(Optional.empty())
                : Future.failedFuture(failure));
    Future<List<LineageStep>> lineage = lineage(viewer.teamId(), run);
    Future<Long> forks = services.runs()
        .listRuns(viewer.teamId(), new RunQuery(null, null, record.runId(), null, null, null, null, 1, 1))
        .map(Page::total);
    Future<RunPage.Evaluation> evaluation = evaluation(viewer.teamId(), run);
    RunLive live = RunViews.live(record, states, viewer, csrfToken, flash);
    return Future.all(workflow, lineage, forks, evaluation).map(done -> {
      String workflowName = workflow.result().map(RunPages::workflowName)
          .orElseGet(() -> snapshotName(run));
      RunDocument document = record.document();
      return new RunPage(record.runId(), run.logicalId, run.workflowId, workflowName,
          workflow.result().isPresent(), run.versionNumber, run.versionName, Format.timestamp(document.createdAt),
          document.createdBy, run.runBy, lineage.result(), forks.result(),
          run.isEvaluationRun ? run.sourceWorkflowRunId : null, record.reason(), live, evaluation.result());
    });
  }

  /** The run evaluating {@code run} and its status, or null when nothing evaluates it. */
  private Future<RunPage.Evaluation> evaluation(String teamId, WorkflowRun run) {
    String evaluationId = run.evaluationRunInfo == null ? null : run.evaluationRunInfo.evaluationWorkflowRunId;
    if (evaluationId == null) {
      return Future.succeededFuture();
    }
    return services.runs().getRunHeader(teamId, evaluationId)
        .map(header -> new RunPage.Evaluation(evaluationId, header.document().workflowRun.status.wire()))
        .recover(failure -> notFound(failure) ? Future.succeededFuture(new RunPage.Evaluation(evaluationId, null))
            : Future.failedFuture(failure));
  }

  /** The source runs of a fork, oldest first, as far as they can still be read. */
  private Future<List<LineageStep>> lineage(String teamId, WorkflowRun run) {
    if (run.sourceWorkflowRunId == null) {
      return Future.succeededFuture(List.of());
    }
    List<LineageStep> steps = new ArrayList<>();
    return collectLineage(teamId, run.sourceWorkflowRunId, run.checkpointSourceTurnIndex, run.isEvaluationRun, steps)
        .map(done -> {
          Collections.reverse(steps);
          return steps;
        });
  }

  private Future<Void> collectLineage(String teamId, String runId, Integer forkedAtTurn, boolean evaluation,
                                      List<LineageStep> steps) {
    if (steps.size() >= MAX_LINEAGE_DEPTH || steps.stream().anyMatch(step -> step.runId().equals(runId))) {
      return Future.succeededFuture();
    }
    return services.runs().getRun(teamId, runId)
        .compose(source -> {
          steps.add(new LineageStep(runId, true, forkedAtTurn, evaluation));
          WorkflowRun sourceRun = source.document().workflowRun;
          return sourceRun.sourceWorkflowRunId == null ? Future.<Void>succeededFuture()
              : collectLineage(teamId, sourceRun.sourceWorkflowRunId, sourceRun.checkpointSourceTurnIndex,
                  sourceRun.isEvaluationRun, steps);
        })
        .recover(failure -> {
          if (!notFound(failure)) {
            return Future.failedFuture(failure);
          }
          steps.add(new LineageStep(runId, false, forkedAtTurn, evaluation));
          return Future.succeededFuture();
        });
  }

  static String workflowName(WorkflowDocument workflow) {
    String name = workflow.workflowConfig == null ? null : workflow.workflowConfig.name;
    return name == null || name.isBlank() ? workflow.id : name;
  }

  static String snapshotName(WorkflowRun run) {
    if (run.workflowConfigFullyHydrated != null && run.workflowConfigFullyHydrated.workflowConfig != null
        && run.workflowConfigFullyHydrated.workflowConfig.name != null) {
      return run.workflowConfigFullyHydrated.workflowConfig.name;
    }
    return run.workflowId == null ? "Run" : run.workflowId;
  }
}
