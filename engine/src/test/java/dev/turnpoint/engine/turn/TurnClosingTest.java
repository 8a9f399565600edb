package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.GraphResources;
import dev.turnpoint.model.run.LLMLatencyStats;
import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.TerminationSource;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TurnClosingTest {

  private static final String GRAPH = """
      {"workflow_config": {"name": "Closing"},
       "node_configs": [{"logical_id": "node_a", "name": "A", "type": "no_op", "is_start": true}],
       "edge_configs": []}
      """;
  private static final RunContext CONTEXT = new RunContext(TurnDriver.TEAM, "66f000000000000000000004", "wf", 3);

  @RegisterExtension
  static final OfflineEngine ENGINE = new OfflineEngine();

  private final WorkflowConfigFullyHydrated graph = GraphResources.graph(GRAPH);
  private final WorkflowRunInput input = WorkflowRunInput.of(RunCommand.DATA, "hello");
  private final RunCheckpoint state = new RunCheckpoint();
  private final TurnJournal journal = new TurnJournal(TurnSizeLimits.DEFAULT.maxTurnOutputBytes());
  private final LLMTokenUsage turnUsage = new LLMTokenUsage();
  private final TurnClosing closing = new TurnClosing(state, null, input, CONTEXT, journal, turnUsage,
      new LLMLatencyStats(), System.nanoTime());
  private final ThreadState main = ThreadState.main("node_a");
  private final ThreadState companion = new ThreadState();

  TurnClosingTest() {
    main.nodeHistory.add("node_a");
    state.threads.put(main.threadId, main);
    companion.threadId = "0_companion_side";
    companion.parentThreadId = "0";
    companion.nodeHistory.add("node_side");
    state.threads.put(companion.threadId, companion);
  }

  private NodeRun runOfNodeA() {
    TurnRun turn = new TurnRun(ENGINE.executor(), graph, null, input, CONTEXT);
    return new NodeRun(turn, main, graph.nodeConfigs.get(0));
  }

  private static List<String> types(TurnOutcome outcome) {
    return outcome.events().stream().map(e -> e.getString("type")).toList();
  }

  private static JsonObject error(TurnOutcome outcome) {
    return outcome.events().stream().filter(e -> TurnEventType.WORKFLOW_ERROR.equals(e.getString("type")))
        .findFirst().orElseThrow();
  }

  @Test
  void aWaitingMainThreadLeavesTheRunWaitingWithItsWaitAsTheHint() {
    JsonObject wait = TurnEvents.workflowEvent(TurnEventType.BUSY_WAIT_FOR_USER_MESSAGE, "0");
    main.status = ThreadState.WAITING;
    main.waitingEvent = wait;
    turnUsage.record("m", "offline", 3, 4, false);

    TurnOutcome outcome = closing.close(null, null, 2);

    assertThat(outcome.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(outcome.waitingForInput()).isTrue();
    assertThat(outcome.nextInputHint()).isSameAs(wait);
    assertThat(outcome.terminationSource()).isNull();
    assertThat(outcome.error()).isNull();
    assertThat(types(outcome)).containsExactly("workflow_ready_for_input", "end_workflow_iteration");
    JsonObject iteration = outcome.events().get(1);
    assertThat(iteration.getInteger("iteration_number")).isEqualTo(3);
    assertThat(iteration.getJsonObject("iteration_metrics").getInteger("node_executions")).isEqualTo(2);
    assertThat(iteration.getJsonObject("iteration_metrics").getInteger("llm_calls")).isEqualTo(1);
    assertThat(outcome.checkpoint()).isSameAs(state);
    assertThat(state.status).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(state.turnIndex).isEqualTo(3);
    assertThat(state.workflowRunId).isEqualTo(CONTEXT.runId());
    assertThat(companion.status).isEqualTo(ThreadState.RUNNING);
    assertThat(outcome.pair().runInput).isSameAs(input);
    JsonObject endState = outcome.pair().iterationEndStateMiscellaneous;
    assertThat(endState.getJsonObject("thread_id_to_nodes_history").getJsonArray("0")).containsExactly("node_a");
    assertThat(endState.getJsonObject("companion_thread_id_to_nodes_history").getJsonArray("0_companion_side"))
        .containsExactly("node_side");
    assertThat(endState.getJsonArray("active_thread_ids")).containsExactly("0", "0_companion_side");
  }

  @Test
  void anEndedMainThreadCompletesTheRunAndEndsEveryThread() {
    main.status = ThreadState.ENDED;
    TurnOutcome outcome = closing.close(null, null, 1);
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(outcome.completed()).isTrue();
    assertThat(outcome.nextInputHint()).isNull();
    assertThat(types(outcome)).containsExactly("end_workflow", "end_workflow_iteration");
    assertThat(outcome.events().get(0).getJsonObject("llm_token_usage")).isNotNull();
    assertThat(companion.status).isEqualTo(ThreadState.ENDED);
    assertThat(outcome.pair().iterationEndStateMiscellaneous.getJsonArray("active_thread_ids")).isEmpty();
  }

  @Test
  void loopingRiskAbortsTheRunWithoutATerminationSource() {
    TurnOutcome outcome = closing.close(new LoopingRiskException("more than 100 node executions"), null, 101);
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.ABORTED_LOOPING_RISK);
    assertThat(outcome.terminationSource()).isNull();
    assertThat(outcome.error()).isEqualTo("aborted because of looping risk: more than 100 node executions");
    assertThat(types(outcome)).containsExactly("workflow_error", "end_workflow_iteration");
    assertThat(error(outcome).getString("error_message")).isEqualTo(outcome.error());
    assertThat(error(outcome).getString("origin_node_logical_id")).isNull();
    assertThat(main.status).isEqualTo(ThreadState.ENDED);
  }

  @Test
  void aTurnTheJvmCouldNotHoldFailsTheRunWithAPlainMessage() {
    TurnOutcome overflow = closing.close(new StackOverflowError(), runOfNodeA(), 1);
    assertThat(overflow.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(overflow.terminationSource()).isEqualTo(TerminationSource.EXECUTION_ERROR);
    assertThat(overflow.error()).isEqualTo("the turn nested too deeply for the engine's stack (a stack overflow)");
    assertThat(error(overflow).getString("stack_trace")).isNull();
    assertThat(TurnClosing.describe(new OutOfMemoryError("Java heap space")))
        .isEqualTo("the turn ran the engine out of memory");
  }

  @Test
  void aFailureTheEngineRaisesNamesTheNodeRunWithoutAStackTrace() {
    NodeRun failed = runOfNodeA();
    TurnOutcome outcome = closing.close(new WorkflowExecutionException("node A broke"), failed, 1);
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(outcome.terminationSource()).isEqualTo(TerminationSource.EXECUTION_ERROR);
    assertThat(outcome.error()).isEqualTo("node A broke");
    assertThat(error(outcome).getString("origin_node_logical_id")).isEqualTo("node_a");
    assertThat(error(outcome).getString("origin_node_run_id")).isEqualTo(failed.id);
    assertThat(error(outcome).getString("stack_trace")).isNull();
  }

  @Test
  void anUnexpectedFailureIsAnInternalErrorWithABoundedStackTrace() {
    TurnOutcome outcome = closing.close(new IllegalStateException("boom"), null, 1);
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(outcome.terminationSource()).isEqualTo(TerminationSource.EXECUTION_ERROR);
    assertThat(outcome.error()).isEqualTo("internal error: IllegalStateException: boom");
    assertThat(error(outcome).getString("stack_trace")).startsWith("java.lang.IllegalStateException: boom")
        .hasSizeLessThanOrEqualTo(4000);
    assertThat(TurnClosing.describe(new IllegalStateException())).isEqualTo("internal error: IllegalStateException");
  }

  @Test
  void aTurnThatEndsWithTheMainThreadStillRunningFallsIntoTheSafetyNet() {
    TurnOutcome outcome = closing.close(null, null, 1);
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(outcome.terminationSource()).isEqualTo(TerminationSource.FINALLY_SAFETY_NET);
    assertThat(outcome.error()).isEqualTo("the turn ended while the main thread was still running");
    assertThat(types(outcome)).containsExactly("workflow_error", "end_workflow_iteration");

    state.threads.remove("0");
    TurnOutcome missing = new TurnClosing(state, null, input, CONTEXT,
        new TurnJournal(TurnSizeLimits.DEFAULT.maxTurnOutputBytes()), new LLMTokenUsage(), new LLMLatencyStats(),
        System.nanoTime()).close(null, null, 0);
    assertThat(missing.error()).isEqualTo("the turn ended while the main thread was still missing");
    assertThat(missing.terminationSource()).isEqualTo(TerminationSource.FINALLY_SAFETY_NET);
  }

  @Test
  void aTurnThatCannotBeRecordedFallsIntoTheSafetyNet() {
    main.status = ThreadState.ENDED;
    state.llmLatencyStats = null;
    TurnOutcome outcome = closing.close(null, null, 1);
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(outcome.terminationSource()).isEqualTo(TerminationSource.FINALLY_SAFETY_NET);
    assertThat(outcome.error()).startsWith("the turn could not be recorded: internal error: ");
    assertThat(types(outcome)).endsWith("workflow_error", "end_workflow_iteration");
  }
}
