package dev.turnpoint.console.checkpoints;

import dev.turnpoint.console.ConsoleServices;
import dev.turnpoint.console.runs.TurnActions;
import dev.turnpoint.console.web.ConsoleException;
import dev.turnpoint.console.web.ConsoleSession;
import dev.turnpoint.console.web.Htmx;
import dev.turnpoint.console.web.PageResponder;
import dev.turnpoint.console.web.RequestInput;
import dev.turnpoint.console.web.Section;
import dev.turnpoint.console.web.Viewer;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.workflow.WorkflowVersion;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.checkpoint.CheckpointRun;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * "Resume from here": a new run from the checkpoint after any turn of a run (the engine's checkpoint service). The
 * form opens inline in the run's timeline for htmx, or on a page of its own; while it is edited, a preview shows
 * what the new run would start with. Submitting creates the run (once per rendered form, through an idempotency key)
 * and opens it; what the service refuses is shown in the form.
 */
public final class ResumeRoutes {

  private final ConsoleServices services;
  private final PageResponder pages;

  public ResumeRoutes(ConsoleServices services, PageResponder pages) {
    this.services = services;
    this.pages = pages;
  }

  public void mount(Router router) {
    router.get("/runs/:runId/turns/:turnIndex/actions").handler(this::showTurnActions);
    router.get("/runs/:runId/turns/:turnIndex/resume").handler(this::showForm);
    router.post("/runs/:runId/turns/:turnIndex/resume/preview").handler(this::preview);
    router.post("/runs/:runId/turns/:turnIndex/resume").handler(this::resume);
  }

  /** The turn's action slot again, closing a form opened in it; a browser without htmx goes back to the turn. */
  private void showTurnActions(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String runId = RequestInput.objectId(ctx, "runId", "run");
    int turnIndex = RequestInput.index(ctx, "turnIndex", "turn");
    services.runs().getRunHeader(viewer.teamId(), runId)
        .map(header -> requireTurn(header, turnIndex))
        .compose(header -> Htmx.wantsFragment(ctx)
            ? pages.fragment(ctx, 200, "runs/turnActions.jte", new TurnActions(runId, turnIndex, false))
            : ctx.response().putHeader(HttpHeaders.LOCATION, "/runs/" + runId + "#turn-" + turnIndex)
                .setStatusCode(303).end())
        .onFailure(ctx::fail);
  }

  private void showForm(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String runId = RequestInput.objectId(ctx, "runId", "run");
    int turnIndex = RequestInput.index(ctx, "turnIndex", "turn");
    String csrfToken = ConsoleSession.csrfToken(ctx);
    ResumeSubmission.Values values = ResumeSubmission.Values.fresh(Htmx.wantsFragment(ctx));
    context(viewer, runId, turnIndex)
        .compose(context -> withPreview(viewer, context, values, false, csrfToken, null)
            .compose(form -> respondWithForm(ctx, context, 200, form)))
        .onFailure(ctx::fail);
  }

  /**
   * The preview for the form as it stands: for htmx the panel (and field messages), else the whole form page. Field
   * mistakes are part of what a preview shows, so it answers 200 either way; only a submission is refused with 422.
   */
  private void preview(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String runId = RequestInput.objectId(ctx, "runId", "run");
    int turnIndex = RequestInput.index(ctx, "turnIndex", "turn");
    String csrfToken = ConsoleSession.csrfToken(ctx);
    ResumeSubmission.Values values = ResumeSubmission.Values.from(ctx).withUsableKey();
    context(viewer, runId, turnIndex)
        .compose(context -> withPreview(viewer, context, values, true, csrfToken, null)
            .compose(form -> Htmx.wantsFragment(ctx)
                ? pages.fragment(ctx, 200, "checkpoints/previewUpdate.jte", form)
                : respondWithForm(ctx, context, 200, form)))
        .onFailure(ctx::fail);
  }

  private void resume(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String runId = RequestInput.objectId(ctx, "runId", "run");
    int turnIndex = RequestInput.index(ctx, "turnIndex", "turn");
    String csrfToken = ConsoleSession.csrfToken(ctx);
    ResumeSubmission.Values values = ResumeSubmission.Values.from(ctx);
    ResumeSubmission.requireKey(values);
    context(viewer, runId, turnIndex)
        .compose(context -> {
          ResumeSubmission.Checked checked = ResumeSubmission.check(context, values, false);
          if (checked.request() == null) {
            return respondWithForm(ctx, context, 422, ResumeViews.form(context, values, checked, csrfToken, null,
                ResumeViews.unavailable(context, ResumeViews.FIX_FIELDS)));
          }
          return services.checkpoints().executeCheckpointRun(viewer.teamId(), viewer.userId(), checked.request())
              .transform(done -> done.succeeded()
                  ? openRun(ctx, done.result())
                  : refused(ctx, viewer, context, values, csrfToken, done.cause()));
        })
        .onFailure(ctx::fail);
  }

  /** The new run: htmx navigates there, a plain form is redirected. */
  private static Future<Void> openRun(RoutingContext ctx, CheckpointRun created) {
    String location = "/runs/" + created.runId();
    if (Htmx.wantsFragment(ctx)) {
      return ctx.response().putHeader(Htmx.REDIRECT, location).setStatusCode(200).end();
    }
    return ctx.response().putHeader(HttpHeaders.LOCATION, location).setStatusCode(303).end();
  }

  /**
   * A request the service refused: what the viewer can act on goes into the form (a reused key gets a fresh one, so
   * the next submission is a new request); anything else fails the page.
   */
  private Future<Void> refused(RoutingContext ctx, Viewer viewer, ResumeContext context,
                               ResumeSubmission.Values values, String csrfToken, Throwable failure) {
    ServiceException service = ServiceException.from(failure);
    FailureCode code = service.code();
    if (code == FailureCode.CONFLICT) {
      ResumeSubmission.Values fresh = values.withKey(ResumeSubmission.newKey());
      return withPreview(viewer, context, fresh, false, csrfToken, "This form already started a run with other"
          + " settings, so no run was created. Submit again to start another run with these settings.")
          .compose(form -> respondWithForm(ctx, context, 409, form));
    }
    if (code == FailureCode.INVALID || code == FailureCode.OUT_OF_RANGE || code == FailureCode.NOT_FOUND) {
      return withPreview(viewer, context, values, false, csrfToken, "The run was not created: "
          + service.getMessage())
          .compose(form -> respondWithForm(ctx, context, 422, form));
    }
    return Future.failedFuture(failure);
  }

  /**
   * The form with its preview. A preview the service cannot make (the checkpoint cannot be resumed at all) is shown
   * in the panel; other failures fail the request.
   */
  private Future<ResumeForm> withPreview(Viewer viewer, ResumeContext context, ResumeSubmission.Values values,
                                         boolean previewing, String csrfToken, String formError) {
    ResumeSubmission.Checked checked = ResumeSubmission.check(context, values, previewing);
    if (checked.request() == null) {
      return Future.succeededFuture(ResumeViews.form(context, values, checked, csrfToken, formError,
          ResumeViews.unavailable(context, ResumeViews.FIX_FIELDS)));
    }
    return services.checkpoints().previewCheckpointRun(viewer.teamId(), checked.request())
        .map(preview -> ResumeViews.panel(context, checked, preview))
        .recover(failure -> {
          ServiceException service = ServiceException.from(failure);
          return switch (service.code()) {
            case INVALID, OUT_OF_RANGE, NOT_FOUND -> Future.succeededFuture(ResumeViews.unavailable(context,
                "No preview: " + service.getMessage()));
            default -> Future.failedFuture(failure);
          };
        })
        .map(panel -> ResumeViews.form(context, values, checked, csrfToken, formError, panel));
  }

  private Future<Void> respondWithForm(RoutingContext ctx, ResumeContext context, int status, ResumeForm form) {
    if (Htmx.wantsFragment(ctx)) {
      return pages.fragment(ctx, status, "checkpoints/resumeForm.jte", form);
    }
    ResumePage page = new ResumePage(context.workflowName(), context.header().turnCount(), form);
    return pages.page(ctx, status, "Resume from turn " + form.turnNumber(), Section.RUNS,
        "checkpoints/resumePage.jte", page);
  }

  /** The run's header, its workflow's versions and name; 404 for a turn the run does not have. */
  private Future<ResumeContext> context(Viewer viewer, String runId, int turnIndex) {
    return services.runs().getRunHeader(viewer.teamId(), runId)
        .map(header -> requireTurn(header, turnIndex))
        .compose(header -> {
          WorkflowRun run = header.document().workflowRun;
          Future<List<WorkflowVersion>> versions = run.workflowId == null
              ? Future.succeededFuture(List.of())
              : services.workflows().listVersions(viewer.teamId(), run.workflowId)
                  .recover(failure -> ServiceException.from(failure).code() == FailureCode.NOT_FOUND
                      ? Future.succeededFuture(List.of()) : Future.failedFuture(failure));
          Future<String> workflowName = WorkflowNames.of(services.workflows(), viewer.teamId(), run);
          return Future.all(versions, workflowName).map(done -> new ResumeContext(header, turnIndex,
              versions.result(), workflowName.result()));
        });
  }

  private static RunRecord requireTurn(RunRecord header, int turnIndex) {
    if (turnIndex >= header.turnCount()) {
      throw ConsoleException.notFound("This run has no turn " + (turnIndex + 1) + ".");
    }
    return header;
  }
}
