package dev.turnpoint.console.runs;

import java.util.List;

/**
 * The model of {@code runs/comments.jte}: the comments on a run ({@code turnIndex} null) or on one of its turns, and
 * the form to add one. Comments are left on finished runs only; {@code closedReason} says so otherwise.
 *
 * @param error why the last attempt to add or delete failed, or null
 * @param draft the text to put back in the form after a failed attempt, or null
 */
public record CommentsBlock(String runId, Integer turnIndex, List<CommentView> comments, String closedReason,
                            String csrfToken, String error, String draft) {

  public boolean open() {
    return closedReason == null;
  }

  public String action() {
    return turnIndex == null ? "/runs/" + runId + "/comments" : "/runs/" + runId + "/turns/" + turnIndex + "/comments";
  }

  public String domId() {
    return turnIndex == null ? "run-comments" : "turn-" + turnIndex + "-comments";
  }

  public String heading() {
    return turnIndex == null ? "Comments on this run" : "Comments on turn " + (turnIndex + 1);
  }

  public CommentsBlock withError(String message, String text) {
    return new CommentsBlock(runId, turnIndex, comments, closedReason, csrfToken, message, text);
  }
}
