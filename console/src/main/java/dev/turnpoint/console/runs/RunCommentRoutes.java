package dev.turnpoint.console.runs;

import dev.turnpoint.console.ConsoleServices;
import dev.turnpoint.console.web.ConsoleException;
import dev.turnpoint.console.web.ConsoleSession;
import dev.turnpoint.console.web.FailureStatus;
import dev.turnpoint.console.web.Format;
import dev.turnpoint.console.web.Htmx;
import dev.turnpoint.console.web.PageResponder;
import dev.turnpoint.console.web.RequestInput;
import dev.turnpoint.console.web.Viewer;
import dev.turnpoint.model.run.CommentConfig;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Optional;

/**
 * Comments on a run and on its turns. They are added and deleted only once the run has finished (409 before);
 * a comment may be deleted by its author or a team admin. htmx gets the updated comment block, a plain form a
 * redirect back to it.
 */
public final class RunCommentRoutes {

  static final int MAX_COMMENT_LENGTH = 5_000;

  private final ConsoleServices services;
  private final PageResponder pages;
  private final RunPages runPages;

  public RunCommentRoutes(ConsoleServices services, PageResponder pages) {
    this.services = services;
    this.pages = pages;
    this.runPages = new RunPages(services, pages);
  }

  public void mount(Router router) {
    router.post("/runs/:runId/comments").handler(this::addRunComment);
    router.post("/runs/:runId/comments/:commentId/delete").handler(this::deleteRunComment);
    router.post("/runs/:runId/turns/:turnIndex/comments").handler(this::addTurnComment);
    router.post("/runs/:runId/turns/:turnIndex/comments/:commentId/delete").handler(this::deleteTurnComment);
  }

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
      RunPages.redirectToRun(ctx, updated.runId(), turnIndex == null ? "run-comments" : "turn-" + turnIndex);
    }
  }

  /** A comment the store refused: a conflict or invalid input is shown in the block, anything else fails. */
  private void commentRefused(RoutingContext ctx, CommentsBlock block, Throwable failure) {
    FailureCode code = ServiceException.from(failure).code();
    if (code == FailureCode.CONFLICT || code == FailureCode.INVALID) {
      respondWithComments(ctx, FailureStatus.of(code), block);
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
        .compose(record -> runPages.sendPage(ctx, status, viewer, block.csrfToken(), record, block.error()))
        .onFailure(ctx::fail);
  }
}
