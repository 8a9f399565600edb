package dev.turnpoint.console.workflows;

import dev.turnpoint.console.ConsoleServices;
import dev.turnpoint.console.web.AdminOnly;
import dev.turnpoint.console.web.ConsoleException;
import dev.turnpoint.console.web.ConsoleSession;
import dev.turnpoint.console.web.FailureStatus;
import dev.turnpoint.console.web.Format;
import dev.turnpoint.console.web.Htmx;
import dev.turnpoint.console.web.PageResponder;
import dev.turnpoint.console.web.Pagination;
import dev.turnpoint.console.web.RequestInput;
import dev.turnpoint.console.web.Section;
import dev.turnpoint.console.web.Viewer;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.model.workflow.WorkflowVersion;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.Page;
import dev.turnpoint.service.PageQuery;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * The workflow pages: the list, and a workflow with its versions (activate one, create one from the active version,
 * start a run on one) and a readable view of a version's graph. Only admins create and activate versions
 * ({@link AdminOnly}); members are not offered those forms.
 */
public final class WorkflowRoutes {

  static final int PAGE_SIZE = 25;
  static final int MAX_VERSION_NAME_LENGTH = 200;

  private final ConsoleServices services;
  private final PageResponder pages;

  public WorkflowRoutes(ConsoleServices services, PageResponder pages) {
    this.services = services;
    this.pages = pages;
  }

  public void mount(Router router) {
    router.get("/workflows").handler(this::listWorkflows);
    router.get("/workflows/:workflowId").handler(this::showWorkflow);
    router.post("/workflows/:workflowId/versions").handler(AdminOnly.to("create workflow versions"))
        .handler(this::createVersion);
    router.post("/workflows/:workflowId/versions/:versionNumber/activate")
        .handler(AdminOnly.to("activate workflow versions")).handler(this::activateVersion);
    router.post("/workflows/:workflowId/runs").handler(this::startRun);
  }

  private void listWorkflows(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String search = RequestInput.query(ctx, "q", 200);
    int page = RequestInput.queryInt(ctx, "page", 1, 1, 1_000_000);
    services.workflows().listWorkflows(viewer.teamId(), new PageQuery(page, PAGE_SIZE, search))
        .map(workflows -> listPage(search, page, workflows))
        .compose(model -> pages.page(ctx, 200, "Workflows", Section.WORKFLOWS, "workflows/list.jte", model))
        .onFailure(ctx::fail);
  }

  private static WorkflowListPage listPage(String search, int page, Page<WorkflowDocument> workflows) {
    List<WorkflowRow> rows = workflows.items().stream()
        .map(workflow -> new WorkflowRow(workflow.id, name(workflow),
            workflow.workflowConfig == null ? "" : Format.excerpt(workflow.workflowConfig.description, 160),
            workflow.workflowConfig == null ? "" : workflow.workflowConfig.category,
            workflow.activeVersionNumber, Format.timestamp(workflow.updatedAt)))
        .toList();
    Pagination pagination = Pagination.of(page, PAGE_SIZE, workflows.total(), n -> listHref(search, n),
        "#workflow-results");
    return new WorkflowListPage(search, rows, pagination);
  }

  private static String listHref(String search, int page) {
    return "/workflows?" + (search == null ? "" : "q=" + URLEncoder.encode(search, StandardCharsets.UTF_8) + "&")
        + "page=" + page;
  }

  private void showWorkflow(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String workflowId = RequestInput.objectId(ctx, "workflowId", "workflow");
    Integer version = ctx.queryParams().contains("version")
        ? RequestInput.queryInt(ctx, "version", 0, 0, Integer.MAX_VALUE) : null;
    respondWithWorkflow(ctx, viewer, workflowId, version, 200, null, null, null);
  }

  private void createVersion(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String workflowId = RequestInput.objectId(ctx, "workflowId", "workflow");
    String requested = RequestInput.form(ctx, "version_name");
    String name = requested == null ? "" : requested.strip();
    boolean markAsActive = "on".equals(RequestInput.form(ctx, "mark_as_active"));
    if (name.isEmpty() || name.length() > MAX_VERSION_NAME_LENGTH) {
      String error = name.isEmpty() ? "Give the new version a name."
          : "A version name can have at most " + MAX_VERSION_NAME_LENGTH + " characters.";
      respondWithWorkflow(ctx, viewer, workflowId, null, 422, null, error, name);
      return;
    }
    services.workflows().createVersion(viewer.teamId(), viewer.userId(), workflowId, name, markAsActive, null)
        .onSuccess(created -> changed(ctx, viewer, workflowId, created.versionNumber,
            "Version " + created.versionNumber + " created from the active version"
                + (markAsActive ? " and made active." : ".")))
        .onFailure(failure -> refused(ctx, viewer, workflowId, failure, name));
  }

  private void activateVersion(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String workflowId = RequestInput.objectId(ctx, "workflowId", "workflow");
    int version = RequestInput.index(ctx, "versionNumber", "version");
    services.workflows().activateVersion(viewer.teamId(), viewer.userId(), workflowId, version)
        .onSuccess(updated -> changed(ctx, viewer, workflowId, version,
            "Version " + version + " is now active. New runs use it."))
        .onFailure(failure -> refused(ctx, viewer, workflowId, failure, null));
  }

  /** Starts a run on the version shown (its first turn runs at once) and opens it. */
  private void startRun(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String workflowId = RequestInput.objectId(ctx, "workflowId", "workflow");
    Integer version = versionField(RequestInput.form(ctx, "version_number"));
    WorkflowRunInput input = new WorkflowRunInput();
    input.command = RunCommand.START;
    input.workflowId = workflowId;
    input.versionNumber = version;
    input.teamId = viewer.teamId();
    input.runBy = viewer.userId();
    services.engine().executeTurn(viewer.teamId(), viewer.userId(), workflowId, null, version, input)
        .onSuccess(started -> ctx.response().putHeader(HttpHeaders.LOCATION, "/runs/" + started.runId)
            .setStatusCode(303).end())
        .onFailure(failure -> refused(ctx, viewer, workflowId, failure, null));
  }

  private static Integer versionField(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (!value.matches("\\d{1,9}")) {
      throw ConsoleException.badRequest("The version must be a version number.");
    }
    return Integer.valueOf(value);
  }

  /** After a change: htmx gets the updated page in place (and its URL), a plain form a redirect to it. */
  private void changed(RoutingContext ctx, Viewer viewer, String workflowId, int version, String flash) {
    String location = "/workflows/" + workflowId + "?version=" + version;
    if (Htmx.wantsFragment(ctx)) {
      ctx.response().putHeader("HX-Push-Url", location);
      respondWithWorkflow(ctx, viewer, workflowId, version, 200, flash, null, null);
    } else {
      ctx.response().putHeader(HttpHeaders.LOCATION, location).setStatusCode(303).end();
    }
  }

  /** A change the store refused for a reason the viewer can act on is shown on the page; others fail. */
  private void refused(RoutingContext ctx, Viewer viewer, String workflowId, Throwable failure, String draft) {
    ServiceException service = ServiceException.from(failure);
    switch (service.code()) {
      case CONFLICT -> respondWithWorkflow(ctx, viewer, workflowId, null, FailureStatus.of(service.code()),
          service.getMessage(), null, draft);
      case INVALID -> respondWithWorkflow(ctx, viewer, workflowId, null, FailureStatus.of(service.code()), null,
          service.getMessage(), draft);
      default -> ctx.fail(failure);
    }
  }

  private void respondWithWorkflow(RoutingContext ctx, Viewer viewer, String workflowId, Integer version, int status,
                                   String flash, String versionNameError, String versionNameDraft) {
    String csrfToken = ConsoleSession.csrfToken(ctx);
    Future<WorkflowDocument> workflow = services.workflows().getWorkflow(viewer.teamId(), workflowId);
    Future<List<WorkflowVersion>> versions = services.workflows().listVersionHeaders(viewer.teamId(), workflowId);
    // Only the version shown is read with its graph.
    Future<WorkflowVersion> shown = workflow.compose(found -> services.workflows().getVersion(viewer.teamId(),
        workflowId, version == null ? found.activeVersionNumber : version)
        .recover(failure -> ServiceException.from(failure).code() == FailureCode.NOT_FOUND
            ? Future.succeededFuture(null) : Future.failedFuture(failure)));
    Future.all(workflow, versions, shown)
        .map(done -> workflowPage(workflow.result(), versions.result(), shown.result(), version, csrfToken, flash,
            versionNameError, versionNameDraft, viewer.isAdmin()))
        .compose(page -> pages.page(ctx, status, page.name(), Section.WORKFLOWS, "workflows/workflow.jte", page))
        .onFailure(ctx::fail);
  }

  private static WorkflowPage workflowPage(WorkflowDocument workflow, List<WorkflowVersion> versions,
                                           WorkflowVersion shownVersion, Integer requestedVersion, String csrfToken,
                                           String flash, String versionNameError, String versionNameDraft,
                                           boolean mayChangeVersions) {
    int shown = requestedVersion == null ? workflow.activeVersionNumber : requestedVersion;
    if (shownVersion == null) {
      throw ConsoleException.notFound("This workflow has no version " + shown + ".");
    }
    List<VersionRow> rows = versions.stream()
        .sorted(Comparator.comparingInt((WorkflowVersion v) -> v.versionNumber).reversed())
        .map(v -> new VersionRow(v.versionNumber, v.versionName, v.versionNumber == workflow.activeVersionNumber,
            v.versionNumber == shown, Format.timestamp(v.createdAt), v.createdBy))
        .toList();
    return new WorkflowPage(workflow.id, name(workflow),
        workflow.workflowConfig == null ? null : workflow.workflowConfig.description,
        workflow.activeVersionNumber, Format.timestamp(workflow.createdAt), Format.timestamp(workflow.updatedAt),
        rows, shown, GraphViews.of(shownVersion), csrfToken, flash, versionNameError, versionNameDraft,
        mayChangeVersions);
  }

  static String name(WorkflowDocument workflow) {
    String name = workflow.workflowConfig == null ? null : workflow.workflowConfig.name;
    return name == null || name.isBlank() ? workflow.id : name;
  }
}
