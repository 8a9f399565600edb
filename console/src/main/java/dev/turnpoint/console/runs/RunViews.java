package dev.turnpoint.console.runs;

import dev.turnpoint.console.web.Format;
import dev.turnpoint.console.web.Viewer;
import dev.turnpoint.model.run.CommentConfig;
import dev.turnpoint.model.run.LLMLatencyStats;
import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.RunRecord;

import java.util.List;

/** Builds the run page's models from a stored run, for one viewer. */
final class RunViews {

  static final String COMMENTS_CLOSED = "Comments can be added once the run has finished.";

  private RunViews() {
  }

  /**
   * The live part of a run page.
   *
   * @param states what the checkpoints tell about the turns (from {@link TurnCheckpoints})
   */
  static RunLive live(RunRecord record, TurnStates states, Viewer viewer, String csrfToken, String flash) {
    WorkflowRun run = record.document().workflowRun;
    String runId = record.runId();
    RunState state = state(record, csrfToken);
    List<TurnView> turns = new TurnReader(run).read(runId, run, states,
        index -> turnComments(record, index, viewer, csrfToken));
    return new RunLive(runId, record.revision(), state, turns, composer(record, csrfToken),
        runComments(record, viewer, csrfToken), flash);
  }

  static RunState state(RunRecord record, String csrfToken) {
    WorkflowRun run = record.document().workflowRun;
    LLMTokenUsage own = run.llmTokenUsage;
    LLMTokenUsage carried = run.carriedOverLlmTokenUsage;
    LLMLatencyStats latency = run.llmLatencyStats;
    String averageLatency = latency == null || latency.callCount == 0
        ? null : Format.millis(latency.averageLatencyMilliseconds);
    int turnCount = run.inputOutputPairs == null ? record.turnCount() : run.inputOutputPairs.size();
    return new RunState(record.runId(), status(run), run.terminationSource, turnCount,
        own == null ? 0 : own.totalTokens, own == null ? 0 : own.totalInputTokens,
        own == null ? 0 : own.totalOutputTokens, carried == null ? 0 : carried.totalTokens,
        own == null ? 0 : own.callCount, averageLatency, turnInProgress(record), csrfToken);
  }

  static Composer composer(RunRecord record, String csrfToken) {
    WorkflowStatus status = status(record.document().workflowRun);
    String closedReason = null;
    if (status.isTerminal()) {
      closedReason = "This run has ended (" + status.wire().replace('_', ' ') + "). It takes no more messages.";
    } else if (status == WorkflowStatus.PAUSED) {
      closedReason = "The run is paused. Resume it to send a message.";
    }
    return new Composer(record.runId(), closedReason, closedReason == null && turnInProgress(record), csrfToken,
        false);
  }

  /** A composer that waits for the turn just sent. */
  static Composer waitingComposer(String runId, String csrfToken) {
    return new Composer(runId, null, true, csrfToken, true);
  }

  static CommentsBlock runComments(RunRecord record, Viewer viewer, String csrfToken) {
    WorkflowRun run = record.document().workflowRun;
    String runId = record.runId();
    List<CommentView> comments = comments(run.comments, viewer,
        id -> "/runs/" + runId + "/comments/" + id + "/delete");
    return new CommentsBlock(runId, null, comments, commentsClosedReason(run), csrfToken, null, null);
  }

  static CommentsBlock turnComments(RunRecord record, int turnIndex, Viewer viewer, String csrfToken) {
    WorkflowRun run = record.document().workflowRun;
    String runId = record.runId();
    WorkflowRunInputOutputPair pair = run.inputOutputPairs.get(turnIndex);
    List<CommentView> comments = comments(pair.comments, viewer,
        id -> "/runs/" + runId + "/turns/" + turnIndex + "/comments/" + id + "/delete");
    return new CommentsBlock(runId, turnIndex, comments, commentsClosedReason(run), csrfToken, null, null);
  }

  /** Whether the viewer may delete the comment: its author, or an admin of the team. */
  static boolean mayDelete(CommentConfig comment, Viewer viewer) {
    return viewer.isAdmin() || viewer.userId().equals(comment.createdBy);
  }

  static WorkflowStatus status(WorkflowRun run) {
    return run.status == null ? WorkflowStatus.NOT_STARTED : run.status;
  }

  private static String commentsClosedReason(WorkflowRun run) {
    return status(run).isTerminal() ? null : COMMENTS_CLOSED;
  }

  private static boolean turnInProgress(RunRecord record) {
    return record.leaseToken() != null || status(record.document().workflowRun) == WorkflowStatus.RUNNING;
  }

  private static List<CommentView> comments(List<CommentConfig> comments, Viewer viewer,
                                            java.util.function.Function<String, String> deleteAction) {
    if (comments == null) {
      return List.of();
    }
    return comments.stream()
        .map(comment -> new CommentView(comment.logicalId, comment.content == null ? "" : comment.content,
            comment.createdBy == null ? "" : comment.createdBy, Format.timestamp(comment.createdAt),
            mayDelete(comment, viewer) ? deleteAction.apply(comment.logicalId) : null))
        .toList();
  }
}
