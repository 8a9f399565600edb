package dev.turnpoint.console.runs;

import dev.turnpoint.console.ConsoleServices;
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
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.service.Page;
import dev.turnpoint.service.PageQuery;
import dev.turnpoint.service.RunQuery;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The run pages: the list, a run with its turn timeline and live stream, and driving a run (the next user message,
 * stop/pause/resume). Every read and change goes through the team-scoped run store and the engine.
 */
public final class RunRoutes {

  static final int DEFAULT_PAGE_SIZE = 25;
  static final int MAX_PAGE_SIZE = 100;
  static final int MAX_MESSAGE_LENGTH = 20_000;
  /** How many workflows the filter offers (and names the runs of). */
  private static final int WORKFLOW_CHOICES = 100;

  private final Vertx vertx;
  private final ConsoleServices services;
  private final PageResponder pages;
  private final RunPages runPages;
  private final RunLiveStream liveStream;

  public RunRoutes(Vertx vertx, ConsoleServices services, PageResponder pages) {
    this.vertx = vertx;
    this.services = services;
    this.pages = pages;
    this.runPages = new RunPages(services, pages);
    this.liveStream = new RunLiveStream(vertx, services.runs(), pages);
  }

  public void mount(Router router) {
    router.get("/runs").handler(this::listRuns);
    router.get("/runs/:runId").handler(this::showRun);
    router.get("/runs/:runId/live").handler(this::streamRun);
    router.get("/runs/:runId/turns/:turnIndex/variables").handler(this::showTurnVariables);
    router.post("/runs/:runId/messages").handler(this::sendMessage);
    router.post("/runs/:runId/commands").handler(this::sendCommand);
  }

  // ---- the list

  private void listRuns(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String workflowId = RequestInput.queryObjectId(ctx, "workflow");
    String sourceRunId = RequestInput.queryObjectId(ctx, "source");
    WorkflowStatus status = statusFilter(RequestInput.query(ctx, "status", 40));
    String search = RequestInput.query(ctx, "q", 200);
    int page = RequestInput.queryInt(ctx, "page", 1, 1, 1_000_000);
    int size = RequestInput.queryInt(ctx, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    RunQuery query = new RunQuery(workflowId, status, sourceRunId, null, search, null, null, page, size);
    Future<Page<RunDocument>> runs = services.runs().listRuns(viewer.teamId(), query);
    Future<Page<WorkflowDocument>> workflows = services.workflows()
        .listWorkflows(viewer.teamId(), new PageQuery(1, WORKFLOW_CHOICES, null));
    Future.all(runs, workflows)
        .map(done -> listPage(query, runs.result(), workflows.result()))
        .compose(model -> pages.page(ctx, 200, "Runs", Section.RUNS, "runs/list.jte", model))
        .onFailure(ctx::fail);
  }

  private static RunListPage listPage(RunQuery query, Page<RunDocument> runs, Page<WorkflowDocument> workflows) {
    Map<String, String> names = new HashMap<>();
    List<Choice> workflowChoices = new ArrayList<>();
    for (WorkflowDocument workflow : workflows.items()) {
      String name = RunPages.workflowName(workflow);
      names.put(workflow.id, name);
      workflowChoices.add(new Choice(workflow.id, name, workflow.id.equals(query.workflowId())));
    }
    if (query.workflowId() != null && !names.containsKey(query.workflowId())) {
      workflowChoices.add(new Choice(query.workflowId(), query.workflowId(), true));
    }
    List<Choice> statusChoices = Arrays.stream(WorkflowStatus.values())
        .map(s -> new Choice(s.wire(), label(s), s == query.status()))
        .toList();
    List<RunRow> rows = runs.items().stream().map(run -> row(run, names)).toList();
    Pagination pagination = Pagination.of(query.page(), query.size(), runs.total(),
        page -> listHref(query, page), "#run-results");
    return new RunListPage(query.workflowId(), query.status() == null ? null : query.status().wire(),
        query.sourceWorkflowRunId(), query.search(), workflowChoices, statusChoices, rows, pagination);
  }

  private static RunRow row(RunDocument document, Map<String, String> workflowNames) {
    WorkflowRun run = document.workflowRun == null ? new WorkflowRun() : document.workflowRun;
    String workflowId = run.workflowId;
    return new RunRow(document.id, run.logicalId, workflowId,
        workflowId == null ? "" : workflowNames.getOrDefault(workflowId, workflowId),
        RunViews.status(run), Format.timestamp(document.createdAt), document.createdBy, run.sourceWorkflowRunId,
        run.checkpointSourceTurnIndex);
  }

  static String listHref(RunQuery query, int page) {
    StringJoiner params = new StringJoiner("&", "/runs?", "");
    addParam(params, "workflow", query.workflowId());
    addParam(params, "status", query.status() == null ? null : query.status().wire());
    addParam(params, "source", query.sourceWorkflowRunId());
    addParam(params, "q", query.search());
    if (query.size() != DEFAULT_PAGE_SIZE) {
      addParam(params, "size", Integer.toString(query.size()));
    }
    addParam(params, "page", Integer.toString(page));
    return params.toString();
  }

  private static void addParam(StringJoiner params, String name, String value) {
    if (value != null) {
      params.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  private static WorkflowStatus statusFilter(String value) {
    if (value == null) {
      return null;
    }
    try {
      return WorkflowStatus.fromWire(value);
    } catch (IllegalArgumentException e) {
      throw ConsoleException.badRequest("There is no run status called '" + value + "'.");
    }
  }

  static String label(WorkflowStatus status) {
    String words = status.wire().replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  // ---- a run

  private void showRun(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String runId = RequestInput.objectId(ctx, "runId", "run");
    String csrfToken = ConsoleSession.csrfToken(ctx);
    runPages.showPage(ctx, viewer, csrfToken, runId).onFailure(ctx::fail);
  }

  /** The variables one turn changed, read when asked for: the block for htmx, else a page of its own. */
  private void showTurnVariables(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String runId = RequestInput.objectId(ctx, "runId", "run");
    int turnIndex = RequestInput.index(ctx, "turnIndex", "turn");
    services.runs().getRunHeader(viewer.teamId(), runId)
        .compose(header -> {
          if (turnIndex >= header.turnCount()) {
            return Future.failedFuture(ConsoleException.notFound("This run has no turn " + (turnIndex + 1) + "."));
          }
          return TurnCheckpoints.changes(services.runs(), viewer.teamId(), header, turnIndex)
              .map(changes -> new TurnVariables(runId, turnIndex, true, changes, true))
              .compose(variables -> Htmx.wantsFragment(ctx)
                  ? pages.fragment(ctx, 200, "runs/turnVariables.jte", variables)
                  : pages.page(ctx, 200, "Turn " + variables.turnNumber() + " variables", Section.RUNS,
                      "runs/turnVariablesPage.jte", new TurnVariablesPage(RunPages.snapshotName(
                          header.document().workflowRun), variables)));
        })
        .onFailure(ctx::fail);
  }

  private void streamRun(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String runId = RequestInput.objectId(ctx, "runId", "run");
    String revision = ctx.queryParams().get("revision");
    Long pageRevision = revision != null && revision.matches("\\d{1,18}") ? Long.valueOf(revision) : null;
    String csrfToken = ConsoleSession.csrfToken(ctx);
    services.runs().getRun(viewer.teamId(), runId)
        .onSuccess(record -> liveStream.open(ctx.response(), viewer, csrfToken, runId, pageRevision))
        .onFailure(ctx::fail);
  }

  // ---- driving a run

  private void sendMessage(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String runId = RequestInput.objectId(ctx, "runId", "run");
    String csrfToken = ConsoleSession.csrfToken(ctx);
    String message = RequestInput.form(ctx, "message");
    if (message == null || message.isBlank()) {
      refuseMessage(ctx, viewer, csrfToken, runId, 422, "Write a message first.");
      return;
    }
    if (message.length() > MAX_MESSAGE_LENGTH) {
      refuseMessage(ctx, viewer, csrfToken, runId, 422,
          "A message can have at most " + Format.count(MAX_MESSAGE_LENGTH) + " characters.");
      return;
    }
    services.runs().getRun(viewer.teamId(), runId).onSuccess(record -> {
      String refusal = RunViews.composer(record, csrfToken).closedReason();
      if (refusal != null) {
        refuseMessage(ctx, viewer, csrfToken, runId, 409, refusal);
        return;
      }
      Future<?> turn = executeTurn(viewer, record, userMessage(message));
      if (Htmx.wantsFragment(ctx)) {
        turn.onComplete(done -> RunNotices.publish(vertx, viewer.teamId(), runId,
            done.failed() ? turnFailure(done.cause()) : null));
        pages.fragment(ctx, 200, "runs/pending.jte",
            new PendingTurn(message, RunViews.waitingComposer(runId, csrfToken)));
        return;
      }
      turn.onSuccess(done -> RunPages.redirectToRun(ctx, runId, "composer"))
          .onFailure(failure -> refuseMessage(ctx, viewer, csrfToken, runId, FailureStatus.of(failure),
              turnFailure(failure)));
    }).onFailure(ctx::fail);
  }

  /** Answers a message that was not sent: the run page (or its live part) with the reason on top. */
  private void refuseMessage(RoutingContext ctx, Viewer viewer, String csrfToken, String runId, int status,
                             String reason) {
    services.runs().getRun(viewer.teamId(), runId)
        .compose(record -> runPages.respondWithRun(ctx, viewer, csrfToken, record, status, reason))
        .onFailure(ctx::fail);
  }

  private void sendCommand(RoutingContext ctx) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String runId = RequestInput.objectId(ctx, "runId", "run");
    String csrfToken = ConsoleSession.csrfToken(ctx);
    RunCommand command = switch (String.valueOf(RequestInput.form(ctx, "command"))) {
      case "stop" -> RunCommand.STOP;
      case "pause" -> RunCommand.PAUSE;
      case "resume" -> RunCommand.RESUME;
      default -> throw ConsoleException.badRequest("The command must be stop, pause or resume.");
    };
    services.runs().getRun(viewer.teamId(), runId)
        .compose(record -> executeTurn(viewer, record, commandInput(command))
            .transform(done -> services.runs().getRun(viewer.teamId(), runId)
                .compose(updated -> {
                  RunNotices.publish(vertx, viewer.teamId(), runId, null);
                  if (done.succeeded()) {
                    return Htmx.wantsFragment(ctx)
                        ? runPages.respondWithRun(ctx, viewer, csrfToken, updated, 200, null)
                        : RunPages.redirectToRun(ctx, runId, null);
                  }
                  return runPages.respondWithRun(ctx, viewer, csrfToken, updated, FailureStatus.of(done.cause()),
                      commandFailure(command, done.cause()));
                })))
        .onFailure(ctx::fail);
  }

  private Future<?> executeTurn(Viewer viewer, RunRecord record, WorkflowRunInput input) {
    WorkflowRun run = record.document().workflowRun;
    input.workflowId = run.workflowId;
    input.workflowRunId = record.runId();
    input.teamId = viewer.teamId();
    input.runBy = viewer.userId();
    input.versionNumber = run.versionNumber;
    return services.engine().executeTurn(viewer.teamId(), viewer.userId(), run.workflowId, record.runId(), null,
        input);
  }

  private static WorkflowRunInput userMessage(String message) {
    return WorkflowRunInput.of(RunCommand.DATA, message);
  }

  private static WorkflowRunInput commandInput(RunCommand command) {
    WorkflowRunInput input = new WorkflowRunInput();
    input.command = command;
    return input;
  }

  private static String turnFailure(Throwable failure) {
    ServiceException service = ServiceException.from(failure);
    return switch (service.code()) {
      case CONFLICT -> "The message was not sent: " + service.getMessage();
      case UNAVAILABLE -> "The engine is not answering right now. Try again in a moment.";
      case INTERNAL -> "The turn failed unexpectedly.";
      default -> "The turn failed: " + service.getMessage();
    };
  }

  private static String commandFailure(RunCommand command, Throwable failure) {
    ServiceException service = ServiceException.from(failure);
    String what = "Could not " + command.wire() + " the run";
    return switch (service.code()) {
      case UNAVAILABLE -> what + ": the engine is not answering right now.";
      case INTERNAL -> what + ".";
      default -> what + ": " + service.getMessage();
    };
  }
}
