package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.llm.LlmException;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.expression.RenderLimitException;
import dev.turnpoint.model.run.LLMLatencyStats;
import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.TerminationSource;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.turn.TurnEventType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * Closes a turn once its walk has ended: decides the run's status, records the closing events and answers the
 * {@link TurnOutcome}.
 * <ul>
 *   <li>A {@link TurnSizeExceededException} or a {@link RenderLimitException} (the turn would have passed one of its
 *       {@link TurnSizeLimits}) on a run whose conversation was waiting for the user before the turn: the run stays
 *       {@code waiting_for_user_input} with the checkpoint it had before the turn (only the LLM usage the turn spent
 *       is added), with a {@code workflow_error} naming the bound, so its next message is taken as usual. On any
 *       other run it fails like any failure.</li>
 *   <li>A {@link LoopingRiskException}: {@code aborted_looping_risk}, with a {@code workflow_error}.</li>
 *   <li>Any other failure: {@code failed} from {@code execution_error}, with a {@code workflow_error} naming the node
 *       run that failed (and a stack trace when the failure was not one the engine raises on purpose).</li>
 *   <li>The main thread waits: {@code waiting_for_user_input}, with {@code workflow_ready_for_input}.</li>
 *   <li>The main thread ended: {@code completed}, with {@code end_workflow} carrying the run's usage.</li>
 *   <li>Anything else, or closing itself failing: the safety net, {@code failed} from {@code finally_safety_net}.</li>
 * </ul>
 * Every turn then ends with {@code end_workflow_iteration} and its metrics; a run that is over has all its threads
 * ended. Closing never throws, so a turn always has an outcome to store.
 */
final class TurnClosing {

  private static final int STACK_TRACE_LIMIT = 4000;

  private final RunCheckpoint state;
  private final RunCheckpoint previous;
  private final WorkflowRunInput input;
  private final RunContext context;
  private final TurnJournal journal;
  private final LLMTokenUsage turnUsage;
  private final LLMLatencyStats turnLatency;
  private final long startedNanos;

  /**
   * @param state        the checkpoint the turn built up; closing sets its status and turn
   * @param previous     the checkpoint the turn started from (not modified), null on a run's first turn
   * @param turnUsage    the LLM usage of this turn alone, filled while the turn runs
   * @param turnLatency  the LLM latency of this turn alone, filled while the turn runs
   * @param startedNanos when the turn started ({@link System#nanoTime()}), for its duration
   */
  TurnClosing(RunCheckpoint state, RunCheckpoint previous, WorkflowRunInput input, RunContext context,
              TurnJournal journal, LLMTokenUsage turnUsage, LLMLatencyStats turnLatency, long startedNanos) {
    this.state = state;
    this.previous = previous;
    this.input = input;
    this.context = context;
    this.journal = journal;
    this.turnUsage = turnUsage;
    this.turnLatency = turnLatency;
    this.startedNanos = startedNanos;
  }

  /**
   * Decides the run's status, records the closing events and answers what the turn produced.
   *
   * @param failure        why the walk failed, or null when it ended by waiting or completing
   * @param failedRun      the node run in progress when the walk failed, or null
   * @param nodeExecutions how many node executions the turn counted
   */
  TurnOutcome close(Throwable failure, NodeRun failedRun, int nodeExecutions) {
    try {
      return conclude(failure, failedRun, nodeExecutions);
    } catch (RuntimeException e) {
      return safetyNet("the turn could not be recorded: " + describe(e), failedRun, nodeExecutions);
    }
  }

  private TurnOutcome conclude(Throwable failure, NodeRun failedRun, int nodeExecutions) {
    if (failure != null && overBound(failure) && previous != null && previous.mainThread() != null
        && ThreadState.WAITING.equals(previous.mainThread().status)) {
      return keepPreviousState(failure, failedRun, nodeExecutions);
    }
    ThreadState main = state.mainThread();
    WorkflowStatus status;
    String terminationSource = null;
    String error = null;
    if (failure instanceof LoopingRiskException looping) {
      status = WorkflowStatus.ABORTED_LOOPING_RISK;
      error = "aborted because of looping risk: " + looping.getMessage();
      recordError(error, null, failedRun);
    } else if (failure != null) {
      status = WorkflowStatus.FAILED;
      terminationSource = TerminationSource.EXECUTION_ERROR;
      error = describe(failure);
      recordError(error, expected(failure) ? null : stackTrace(failure), failedRun);
    } else if (main != null && ThreadState.WAITING.equals(main.status)) {
      status = WorkflowStatus.WAITING_FOR_USER_INPUT;
      journal.recordClosing(TurnEvents.workflowEvent(TurnEventType.WORKFLOW_READY_FOR_INPUT, main.threadId)
          .put("active_companion_thread_ids", new JsonArray()));
    } else if (main != null && ThreadState.ENDED.equals(main.status)) {
      status = WorkflowStatus.COMPLETED;
      journal.recordClosing(TurnEvents.workflowEvent(TurnEventType.END_WORKFLOW, main.threadId)
          .put("llm_token_usage", Json.toJson(state.llmTokenUsage))
          .put("llm_latency_stats", Json.toJson(state.llmLatencyStats)));
    } else {
      return safetyNet("the turn ended while the main thread was still "
          + (main == null ? "missing" : main.status), failedRun, nodeExecutions);
    }
    return outcome(state, status, terminationSource, error, nodeExecutions);
  }

  /** A turn over one of its bounds leaves a waiting run as it was, but for the LLM usage the turn spent. */
  private TurnOutcome keepPreviousState(Throwable failure, NodeRun failedRun, int nodeExecutions) {
    RunCheckpoint kept = previous.copy();
    kept.llmTokenUsage = state.llmTokenUsage;
    kept.llmLatencyStats = state.llmLatencyStats;
    String error = describe(failure) + "; the run keeps the state it had before this turn";
    recordError(error, null, failedRun);
    journal.recordClosing(TurnEvents.workflowEvent(TurnEventType.WORKFLOW_READY_FOR_INPUT,
            kept.mainThread().threadId).put("active_companion_thread_ids", new JsonArray()));
    return outcome(kept, WorkflowStatus.WAITING_FOR_USER_INPUT, null, error, nodeExecutions);
  }

  /** The last resort when a turn ends without a valid status: the run fails with {@code finally_safety_net}. */
  private TurnOutcome safetyNet(String error, NodeRun failedRun, int nodeExecutions) {
    recordError(error, null, failedRun);
    return outcome(state, WorkflowStatus.FAILED, TerminationSource.FINALLY_SAFETY_NET, error, nodeExecutions);
  }

  private void recordError(String message, String stackTrace, NodeRun failedRun) {
    String threadId = failedRun == null ? WorkflowRunInput.MAIN_THREAD : failedRun.thread.threadId;
    JsonObject event = failedRun == null
        ? TurnEvents.workflowEvent(TurnEventType.WORKFLOW_ERROR, threadId)
        : TurnEvents.nodeEvent(TurnEventType.WORKFLOW_ERROR, threadId, failedRun.node, failedRun.id);
    journal.recordClosing(event.put("error_message", message).put("stack_trace", stackTrace)
        .put("llm_token_usage", Json.toJson(state.llmTokenUsage)));
  }

  private TurnOutcome outcome(RunCheckpoint checkpoint, WorkflowStatus status, String terminationSource, String error,
                              int nodeExecutions) {
    ThreadState main = checkpoint.mainThread();
    journal.recordClosing(TurnEvents.workflowEvent(TurnEventType.END_WORKFLOW_ITERATION,
            WorkflowRunInput.MAIN_THREAD)
        .put("iteration_number", context.turnIndex())
        .put("iteration_metrics", new JsonObject()
            .put("node_executions", nodeExecutions)
            .put("llm_calls", turnUsage.callCount)
            .put("duration_milliseconds", (System.nanoTime() - startedNanos) / 1_000_000)));
    checkpoint.status = status;
    checkpoint.turnIndex = context.turnIndex();
    checkpoint.workflowRunId = context.runId();
    if (status.isTerminal()) {
      checkpoint.threads.values().forEach(thread -> thread.status = ThreadState.ENDED);
    }
    WorkflowRunInputOutputPair pair = new WorkflowRunInputOutputPair();
    pair.runInput = input;
    pair.runOutput = journal.runOutput();
    pair.iterationEndStateMiscellaneous = endState(checkpoint);
    boolean waiting = status == WorkflowStatus.WAITING_FOR_USER_INPUT;
    return new TurnOutcome(pair, checkpoint, status, terminationSource, error, waiting,
        waiting && main != null ? main.waitingEvent : null, turnUsage, turnLatency);
  }

  /** {@code iteration_end_state_miscellaneous}: each thread's node history and which threads are still active. */
  private static JsonObject endState(RunCheckpoint checkpoint) {
    JsonObject histories = new JsonObject();
    JsonObject companionHistories = new JsonObject();
    JsonArray active = new JsonArray();
    checkpoint.threads.forEach((id, thread) -> {
      JsonObject target = thread.isCompanion() ? companionHistories : histories;
      target.put(id, new JsonArray(new ArrayList<>(thread.nodeHistory)));
      if (!ThreadState.ENDED.equals(thread.status)) {
        active.add(id);
      }
    });
    return new JsonObject()
        .put("thread_id_to_nodes_history", histories)
        .put("companion_thread_id_to_nodes_history", companionHistories)
        .put("thread_id_to_global_node_previous_node",
            new JsonObject(new LinkedHashMap<>(checkpoint.globalNodeReturnTo)))
        .put("active_thread_ids", active);
  }

  /** Failures the engine raises on purpose, whose message says all a user needs. */
  private static boolean expected(Throwable failure) {
    return failure instanceof WorkflowExecutionException || failure instanceof LlmException
        || failure instanceof RenderLimitException || failure instanceof VirtualMachineError;
  }

  /**
   * The turn would have passed one of its {@link TurnSizeLimits}, or ran out of stack or memory: a turn the JVM could
   * not hold ends like one over its bounds rather than leaving its run locked.
   */
  private static boolean overBound(Throwable failure) {
    return failure instanceof TurnSizeExceededException || failure instanceof RenderLimitException
        || failure instanceof VirtualMachineError;
  }

  /** A failure as the run's {@code error} and a failed node's {@code error_message} say it. */
  static String describe(Throwable failure) {
    if (failure instanceof RenderLimitException) {
      return failure.getMessage() + " (engine setting max_rendered_chars)";
    }
    if (failure instanceof StackOverflowError) {
      return "the turn nested too deeply for the engine's stack (a stack overflow)";
    }
    if (failure instanceof OutOfMemoryError) {
      return "the turn ran the engine out of memory";
    }
    if (expected(failure)) {
      return failure.getMessage();
    }
    return "internal error: " + failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
  }

  private static String stackTrace(Throwable failure) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    String text = trace.toString();
    return text.length() <= STACK_TRACE_LIMIT ? text : text.substring(0, STACK_TRACE_LIMIT);
  }
}
