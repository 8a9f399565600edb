package dev.turnpoint.console.runs;

import dev.turnpoint.console.ConsoleServices;
import dev.turnpoint.console.web.ConsoleException;
import dev.turnpoint.console.web.ConsoleSession;
import dev.turnpoint.console.web.Format;
import dev.turnpoint.console.web.Htmx;
import dev.turnpoint.console.web.PageResponder;
import dev.turnpoint.console.web.Pagination;
import dev.turnpoint.console.web.RequestInput;
import dev.turnpoint.console.web.Section;
import dev.turnpoint.console.web.Viewer;
import dev.turnpoint.model.run.CommentConfig;
import dev.turnpoint.model.run.NodeRunInput;
import dev.turnpoint.model.run.NodesRunInputs;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.Page;
import dev.turnpoint.service.PageQuery;
import dev.turnpoint.service.RunQuery;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The run pages: the list, a run with its turn timeline and live stream, and the actions on a run (the next user
 * message, stop/pause/resume, comments). Every read and change goes through the team-scoped run store and engine.
 */
public final class RunRoutes {

  static final int DEFAULT_PAGE_SIZE = 25;
  static final int MAX_PAGE_SIZE = 100;
  static final int MAX_MESSAGE_LENGTH = 20_000;
  static final int MAX_COMMENT_LENGTH = 5_000;
  /** How far up a lineage breadcrumb follows source runs. */
  static final int MAX_LINEAGE_DEPTH = 8;
  /** How many workflows the filter offers (and names the runs of). */
  private static final int WORKFLOW_CHOICES = 100;

  private final Vertx vertx;
  private final ConsoleServices services;
  private final PageResponder pages;
  private final RunLiveStream liveStream;

  public RunRoutes(Vertx vertx, ConsoleServices services, PageResponder pages) {
    this.vertx = vertx;
    this.services = services;
    this.pages = pages;
    this.liveStream = new RunLiveStream(vertx, services.runs(), pages);
  }

  public void mount(Router router) {
    router.get("/runs").handler(this::listRuns);
    router.get("/runs/:runId").handler(this::showRun);
    router.get("/runs/:runId/live").handler(this::streamRun);
    router.post("/runs/:runId/messages").handler(this::sendMessage);
    router.post("/runs/:runId/commands").handler(this::sendCommand);
    router.post("/runs/:runId/comments").handler(this::addRunComment);
    router.post("/runs/:runId/comments/:commentId/delete").handler(this::deleteRunComment);
    router.post("/runs/:runId/turns/:turnIndex/comments").handler(this::addTurnComment);
    router.post("/runs/:runId/turns/:turnIndex/comments/:commentId/delete").handler(this::deleteTurnComment);
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
      String name = workflowName(workflow);
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
        RunViews.status(run), Format.timestamp(document.createdAt), document.createdBy);
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
    services.runs().getRun(viewer.teamId(), runId)
        .compose(record -> runPage(viewer, csrfToken, record, null))
        .compose(page -> pages.page(ctx, 200, page.workflowName() + " · run", Section.RUNS, "runs/run.jte", page))
        .onFailure(ctx::fail);
  }

  private Future<RunPage> runPage(Viewer viewer, String csrfToken, RunRecord record, String flash) {
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
    Future<RunLive> live = live(viewer, csrfToken, record, flash);
    return Future.all(workflow, lineage, forks, live).map(done -> {
      String workflowName = workflow.result().map(RunRoutes::workflowName)
          .orElseGet(() -> snapshotName(run));
      RunDocument document = record.document();
      return new RunPage(record.runId(), run.logicalId, run.workflowId, workflowName,
          workflow.result().isPresent(), run.versionNumber, run.versionName, Format.timestamp(document.createdAt),
          document.createdBy, run.runBy, lineage.result(), forks.result(),
          run.isEvaluationRun ? run.sourceWorkflowRunId : null, live.result());
    });
  }

  /** The source runs of a fork, oldest first, as far as they can still be read. */
  private Future<List<LineageStep>> lineage(String teamId, WorkflowRun run) {
    if (run.sourceWorkflowRunId == null) {
      return Future.succeededFuture(List.of());
    }
    List<LineageStep> steps = new ArrayList<>();
    return collectLineage(teamId, run.sourceWorkflowRunId, run.checkpointSourceTurnIndex, run.isEvaluationRun, steps)
        .map(done -> {
          java.util.Collections.reverse(steps);
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
      turn.onSuccess(done -> redirectToRun(ctx, runId, "composer"))
          .onFailure(failure -> refuseMessage(ctx, viewer, csrfToken, runId, statusOf(failure),
              turnFailure(failure)));
    }).onFailure(ctx::fail);
  }

  /** Answers a message that was not sent: the run page (or its live part) with the reason on top. */
  private void refuseMessage(RoutingContext ctx, Viewer viewer, String csrfToken, String runId, int status,
                             String reason) {
    services.runs().getRun(viewer.teamId(), runId)
        .compose(record -> respondWithRun(ctx, viewer, csrfToken, record, status, reason))
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
                        ? respondWithRun(ctx, viewer, csrfToken, updated, 200, null)
                        : redirectToRun(ctx, runId, null);
                  }
                  return respondWithRun(ctx, viewer, csrfToken, updated, statusOf(done.cause()),
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
    WorkflowRunInput input = new WorkflowRunInput();
    input.command = RunCommand.DATA;
    NodeRunInput nodeInput = new NodeRunInput();
    nodeInput.messages.add(new JsonObject().put("type", "human").put("content", message));
    NodesRunInputs mainThread = new NodesRunInputs();
    mainThread.nodeRunInputs.add(nodeInput);
    input.threadToNodeInputs.put(WorkflowRunInput.MAIN_THREAD, mainThread);
    return input;
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

  // ---- comments

  private void addRunComment(RoutingContext ctx) {
    changeComments(ctx, null, (viewer, runId, content) -> services.runs()
        .addRunComment(viewer.teamId(), runId, CommentConfig.create(content, viewer.userId())));
  }

  private void addTurnComment(RoutingContext ctx) {
    int turnIndex = RequestInput.index(ctx, "turnIndex", "turn");
    changeComments(ctx, turnIndex, (viewer, runId, content) -> services.runs()
        .addTurnComment(viewer.teamId(), runId, turnIndex, CommentConfig.create(content, viewer.userId())));
  }

  private void deleteRunComment(RoutingContext ctx) {
    String commentId = ctx.pathParam("commentId");
    deleteComment(ctx, null, commentId, (viewer, runId) -> services.runs()
        .deleteRunComment(viewer.teamId(), runId, commentId));
  }

  private void deleteTurnComment(RoutingContext ctx) {
    int turnIndex = RequestInput.index(ctx, "turnIndex", "turn");
    String commentId = ctx.pathParam("commentId");
    deleteComment(ctx, turnIndex, commentId, (viewer, runId) -> services.runs()
        .deleteTurnComment(viewer.teamId(), runId, turnIndex, commentId));
  }

  private interface CommentAddition {
    Future<RunRecord> add(Viewer viewer, String runId, String content);
  }

  private interface CommentDeletion {
    Future<RunRecord> delete(Viewer viewer, String runId);
  }

  private void changeComments(RoutingContext ctx, Integer turnIndex, CommentAddition addition) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String runId = RequestInput.objectId(ctx, "runId", "run");
    String csrfToken = ConsoleSession.csrfToken(ctx);
    String content = RequestInput.form(ctx, "content");
    String text = content == null ? "" : content.strip();
    services.runs().getRun(viewer.teamId(), runId).onSuccess(record -> {
      CommentsBlock block = commentsBlock(record, turnIndex, viewer, csrfToken);
      if (!block.open()) {
        respondWithComments(ctx, 409, block.withError(block.closedReason(), text));
      } else if (text.isEmpty()) {
        respondWithComments(ctx, 422, block.withError("Write a comment first.", text));
      } else if (text.length() > MAX_COMMENT_LENGTH) {
        respondWithComments(ctx, 422, block.withError(
            "A comment can have at most " + Format.count(MAX_COMMENT_LENGTH) + " characters.", text));
      } else {
        addition.add(viewer, runId, text)
            .onSuccess(updated -> commentsChanged(ctx, updated, turnIndex, viewer, csrfToken))
            .onFailure(failure -> commentRefused(ctx, block.withError(ServiceException.from(failure).getMessage(),
                text), failure));
      }
    }).onFailure(ctx::fail);
  }

  private void deleteComment(RoutingContext ctx, Integer turnIndex, String commentId, CommentDeletion deletion) {
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    String runId = RequestInput.objectId(ctx, "runId", "run");
    String csrfToken = ConsoleSession.csrfToken(ctx);
    services.runs().getRun(viewer.teamId(), runId).onSuccess(record -> {
      CommentsBlock block = commentsBlock(record, turnIndex, viewer, csrfToken);
      Optional<CommentConfig> comment = findComment(record, turnIndex, commentId);
      if (comment.isEmpty()) {
        ctx.fail(ConsoleException.notFound("There is no such comment."));
      } else if (!RunViews.mayDelete(comment.get(), viewer)) {
        ctx.fail(new ConsoleException(403, "Only its author or a team admin can delete a comment."));
      } else if (!block.open()) {
        respondWithComments(ctx, 409, block.withError("Comments can be deleted once the run has finished.", null));
      } else {
        deletion.delete(viewer, runId)
            .onSuccess(updated -> commentsChanged(ctx, updated, turnIndex, viewer, csrfToken))
            .onFailure(failure -> commentRefused(ctx, block.withError(ServiceException.from(failure).getMessage(),
                null), failure));
      }
    }).onFailure(ctx::fail);
  }

  private static CommentsBlock commentsBlock(RunRecord record, Integer turnIndex, Viewer viewer, String csrfToken) {
    if (turnIndex == null) {
      return RunViews.runComments(record, viewer, csrfToken);
    }
    List<?> pairs = record.document().workflowRun.inputOutputPairs;
    if (pairs == null || turnIndex >= pairs.size()) {
      throw ConsoleException.notFound("This run has no turn " + (turnIndex + 1) + ".");
    }
    return RunViews.turnComments(record, turnIndex, viewer, csrfToken);
  }

  private static Optional<CommentConfig> findComment(RunRecord record, Integer turnIndex, String commentId) {
    WorkflowRun run = record.document().workflowRun;
    List<CommentConfig> comments = turnIndex == null ? run.comments : run.inputOutputPairs.get(turnIndex).comments;
    return comments == null ? Optional.empty()
        : comments.stream().filter(c -> commentId != null && commentId.equals(c.logicalId)).findFirst();
  }

  private void commentsChanged(RoutingContext ctx, RunRecord updated, Integer turnIndex, Viewer viewer,
                               String csrfToken) {
    if (Htmx.wantsFragment(ctx)) {
      respondWithComments(ctx, 200, commentsBlock(updated, turnIndex, viewer, csrfToken));
    } else {
      redirectToRun(ctx, updated.runId(), turnIndex == null ? "run-comments" : "turn-" + turnIndex);
    }
  }

  /** A comment the store refused: a conflict or invalid input is shown in the block, anything else fails. */
  private void commentRefused(RoutingContext ctx, CommentsBlock block, Throwable failure) {
    FailureCode code = ServiceException.from(failure).code();
    if (code == FailureCode.CONFLICT || code == FailureCode.INVALID) {
      respondWithComments(ctx, code == FailureCode.CONFLICT ? 409 : 422, block);
    } else {
      ctx.fail(failure);
    }
  }

  private void respondWithComments(RoutingContext ctx, int status, CommentsBlock block) {
    if (Htmx.wantsFragment(ctx)) {
      pages.fragment(ctx, status, "runs/comments.jte", block);
      return;
    }
    Viewer viewer = ConsoleSession.requireViewer(ctx);
    services.runs().getRun(viewer.teamId(), block.runId())
        .compose(record -> runPage(viewer, block.csrfToken(), record, block.error()))
        .compose(page -> pages.page(ctx, status, page.workflowName() + " · run", Section.RUNS, "runs/run.jte",
            page))
        .onFailure(ctx::fail);
  }

  // ---- answers

  /** The run's live part for htmx, else the whole run page, with {@code flash} on top. */
  private Future<Void> respondWithRun(RoutingContext ctx, Viewer viewer, String csrfToken, RunRecord record,
                                      int status, String flash) {
    if (Htmx.wantsFragment(ctx)) {
      return live(viewer, csrfToken, record, flash)
          .compose(live -> pages.fragment(ctx, status, "runs/live.jte", live));
    }
    return runPage(viewer, csrfToken, record, flash)
        .compose(page -> pages.page(ctx, status, page.workflowName() + " · run", Section.RUNS, "runs/run.jte",
            page));
  }

  private Future<RunLive> live(Viewer viewer, String csrfToken, RunRecord record, String flash) {
    return TurnCheckpoints.runtimeVariables(services.runs(), viewer.teamId(), record)
        .map(variables -> RunViews.live(record, variables, viewer, csrfToken, flash));
  }

  private static Future<Void> redirectToRun(RoutingContext ctx, String runId, String fragment) {
    String location = "/runs/" + runId + (fragment == null ? "" : "#" + fragment);
    return ctx.response().putHeader(HttpHeaders.LOCATION, location).setStatusCode(303).end();
  }

  private static int statusOf(Throwable failure) {
    return switch (ServiceException.from(failure).code()) {
      case CONFLICT -> 409;
      case INVALID -> 422;
      case NOT_FOUND, OUT_OF_RANGE -> 404;
      case UNAVAILABLE -> 503;
      default -> 500;
    };
  }

  private static boolean notFound(Throwable failure) {
    return ServiceException.from(failure).code() == FailureCode.NOT_FOUND;
  }

  static String workflowName(WorkflowDocument workflow) {
    String name = workflow.workflowConfig == null ? null : workflow.workflowConfig.name;
    return name == null || name.isBlank() ? workflow.id : name;
  }

  private static String snapshotName(WorkflowRun run) {
    if (run.workflowConfigFullyHydrated != null && run.workflowConfigFullyHydrated.workflowConfig != null
        && run.workflowConfigFullyHydrated.workflowConfig.name != null) {
      return run.workflowConfigFullyHydrated.workflowConfig.name;
    }
    return run.workflowId == null ? "Run" : run.workflowId;
  }
}
