package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.llm.LlmAnswer;
import dev.turnpoint.engine.llm.LlmMessages;
import dev.turnpoint.engine.llm.LlmReply;
import dev.turnpoint.engine.llm.LlmRequest;
import dev.turnpoint.model.expression.RenderBudget;
import dev.turnpoint.model.expression.Templates;
import dev.turnpoint.model.run.LLMLatencyStats;
import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.NodeRunInput;
import dev.turnpoint.model.run.NodesRunInputs;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.StaticMessagesConfig;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;

/**
 * One turn in progress: the walk a {@link TurnExecutor} makes through the graph, and the state it builds up on the
 * way. Used once.
 *
 * <p>The turn starts where the checkpoint left the main thread (or at the start node, or at the node the input
 * names), delivering the user's messages, and runs the thread node by node until it waits or ends. After a node
 * finishes (for a node that waited: once the user's message arrived), its {@link CompanionThreads} run to their end,
 * then {@link Transitions} chooses where the thread goes and takes it there. Too many node executions in one turn
 * abort it for looping risk. When the walk is over, {@link TurnClosing} turns how it ended into the run's status.
 *
 * <p>Everything the turn records goes into its {@link TurnJournal}; nodes and edges are looked up in its
 * {@link GraphIndex}. Node runners reach the turn through {@link NodeRun} for the services below (rendering, runtime
 * variables, static message selection, LLM calls that count towards the turn's usage).
 *
 * <p>What the turn may hold is bounded by the executor's {@link TurnSizeLimits}: rendering, variables, thread
 * histories ({@link ThreadHistory}) and what the journal records.
 */
final class TurnRun {

  private final long startedNanos = System.nanoTime();
  private final TurnExecutor executor;
  private final WorkflowConfigFullyHydrated graph;
  private final GraphIndex index;
  private final RunCheckpoint state;
  private final WorkflowRunInput input;
  private final RunContext context;
  private final boolean firstTurn;
  final RunVariables variables;

  private final TurnSizeLimits sizeLimits;
  private final TurnJournal journal;
  private final CompanionThreads companions;
  private final Transitions transitions;
  private final LLMTokenUsage turnUsage = new LLMTokenUsage();
  private final LLMLatencyStats turnLatency = new LLMLatencyStats();
  private final TurnClosing closing;
  private int nodeExecutions;
  private NodeRun currentRun;
  private RunVariableSizes variableSizes;

  TurnRun(TurnExecutor executor, WorkflowConfigFullyHydrated graph, RunCheckpoint checkpoint,
          WorkflowRunInput input, RunContext context) {
    this(executor, graph, SubWorkflows.NONE, checkpoint, input, context);
  }

  TurnRun(TurnExecutor executor, WorkflowConfigFullyHydrated graph, SubWorkflows subWorkflows,
          RunCheckpoint checkpoint, WorkflowRunInput input, RunContext context) {
    this.executor = executor;
    this.graph = graph;
    this.index = new GraphIndex(graph, subWorkflows);
    this.firstTurn = checkpoint == null;
    this.state = firstTurn ? new RunCheckpoint() : checkpoint.copy();
    this.input = input;
    this.context = context;
    this.variables = new RunVariables(state, context.runId());
    this.sizeLimits = executor.sizeLimits();
    this.journal = new TurnJournal(sizeLimits.maxTurnOutputBytes());
    this.companions = new CompanionThreads(index, state, journal, this::drive);
    this.transitions = new Transitions(this, index, state, new ConditionEvaluator(this));
    this.closing = new TurnClosing(state, checkpoint, input, context, journal, turnUsage, turnLatency, startedNanos);
  }

  Future<TurnOutcome> run() {
    Future<Void> work;
    try {
      work = begin();
    } catch (RuntimeException | VirtualMachineError e) {
      work = Future.failedFuture(e);
    }
    return work.transform(done -> Future.succeededFuture(
        closing.close(done.failed() ? done.cause() : null, currentRun, nodeExecutions)));
  }

  // ---- the walk ----

  private Future<Void> begin() {
    mergeVariables();
    String requestedStart = blankToNull(input.startNodeLogicalId);
    if (firstTurn) {
      journal.record(TurnEvents.workflowEvent(TurnEventType.START_WORKFLOW, WorkflowRunInput.MAIN_THREAD));
      String start = requestedStart != null ? requestedStart : index.startNodeLogicalId().orElse(null);
      if (start == null) {
        throw new WorkflowExecutionException("the workflow has no node to start at");
      }
      index.requireNode(start);
      ThreadState main = ThreadState.main(start);
      state.threads.put(main.threadId, main);
      addUserMessages(main, null, null);
      return drive(main);
    }
    ThreadState main = state.mainThread();
    if (requestedStart != null) {
      index.requireNode(requestedStart);
      state.startAt(requestedStart);
      addUserMessages(main, null, null);
      return drive(main);
    }
    return switch (main.status) {
      case ThreadState.WAITING -> resume(main);
      case ThreadState.RUNNING -> {
        addUserMessages(main, null, null);
        yield drive(main);
      }
      default -> throw new WorkflowExecutionException("the run has already ended; it takes no more turns");
    };
  }

  /** Delivers the user's message to the waiting node, which then moves on as if it had just run. */
  private Future<Void> resume(ThreadState thread) {
    NodeConfig node = index.requireNode(thread.currentNodeLogicalId);
    String nodeRunId = thread.waitingNodeRunId;
    if (input.userMessages().isEmpty()) {
      // No message: only a condition that now holds (new variables) moves the thread; otherwise it keeps waiting.
      return transitions.whileWaiting(thread, node).compose(transition -> {
        if (transition == null) {
          return Future.succeededFuture();
        }
        markRunning(thread);
        transitions.take(thread, node, nodeRunId, transition);
        return drive(thread);
      });
    }
    addUserMessages(thread, node, nodeRunId);
    markRunning(thread);
    return LlmNodeRunner.extractFromAnswer(this, thread, node, nodeRunId)
        .compose(v -> afterExecution(thread, node, nodeRunId))
        .compose(v -> drive(thread));
  }

  private void markRunning(ThreadState thread) {
    thread.status = ThreadState.RUNNING;
    thread.waitingNodeRunId = null;
    thread.waitingEvent = null;
  }

  private void addUserMessages(ThreadState thread, NodeConfig node, String nodeRunId) {
    List<String> messages = input.userMessages();
    if (messages.isEmpty()) {
      return;
    }
    JsonArray delivered = new JsonArray();
    for (String message : messages) {
      JsonObject human = LlmMessages.human(message);
      addMessage(thread, human);
      delivered.add(human);
    }
    state.consecutiveConditionalHops = 0;
    state.reverseEdgeReturnedThreads.remove(thread.threadId);
    journal.record(TurnEvents.nodeEvent(TurnEventType.USER_MESSAGES, thread.threadId, node, nodeRunId)
        .put("messages", delivered));
  }

  /** Runs a thread until it waits or ends, without growing the stack when steps complete synchronously. */
  private Future<Void> drive(ThreadState thread) {
    Promise<Void> done = Promise.promise();
    loop(thread, done);
    return done.future();
  }

  private void loop(ThreadState thread, Promise<Void> done) {
    while (true) {
      if (!ThreadState.RUNNING.equals(thread.status)) {
        done.complete();
        return;
      }
      Future<Void> step;
      try {
        step = step(thread);
      } catch (RuntimeException | VirtualMachineError e) {
        done.fail(e);
        return;
      }
      if (!step.isComplete()) {
        step.onComplete(result -> {
          if (result.failed()) {
            done.fail(result.cause());
          } else {
            loop(thread, done);
          }
        });
        return;
      }
      if (step.failed()) {
        done.fail(step.cause());
        return;
      }
    }
  }

  private Future<Void> step(ThreadState thread) {
    NodeConfig node = index.requireNode(thread.currentNodeLogicalId);
    if (++nodeExecutions > executor.limits().maxNodeExecutionsPerTurn()) {
      throw new LoopingRiskException("more than " + executor.limits().maxNodeExecutionsPerTurn()
          + " node executions in one turn (last node " + GraphIndex.describe(node) + ")");
    }
    NodeRun run = new NodeRun(this, thread, node);
    currentRun = run;
    run.start();
    Future<NodeResult> result;
    try {
      result = executor.runnerFor(node).run(run);
    } catch (RuntimeException | VirtualMachineError e) {
      result = Future.failedFuture(e);
    }
    return result.compose(outcome -> {
      run.end();
      currentRun = null;
      return switch (outcome) {
        case WAIT -> {
          thread.status = ThreadState.WAITING;
          yield Future.<Void>succeededFuture();
        }
        case END -> {
          thread.status = ThreadState.ENDED;
          yield Future.<Void>succeededFuture();
        }
        case CONTINUE -> afterExecution(thread, node, run.id);
      };
    }, failure -> {
      run.fail(TurnClosing.describe(failure));
      return Future.failedFuture(failure);
    });
  }

  private Future<Void> afterExecution(ThreadState thread, NodeConfig node, String nodeRunId) {
    return companions.runAfter(thread, node, nodeRunId)
        .compose(v -> transitions.afterNode(thread, node))
        .map(transition -> {
          transitions.take(thread, node, nodeRunId, transition);
          return null;
        });
  }

  // ---- services for node runners ----

  TurnJournal journal() {
    return journal;
  }

  String render(String text) {
    return render(text, renderBudget());
  }

  String render(String text, RenderBudget budget) {
    return text == null ? "" : Templates.render(text, variables, budget);
  }

  /** A budget for one rendered text, or for all the texts of one request or prompt together. */
  RenderBudget renderBudget() {
    return new RenderBudget(sizeLimits.maxRenderedChars());
  }

  /** Adds a message to a thread's history, trimmed to the turn's bounds. */
  void addMessage(ThreadState thread, JsonObject message) {
    ThreadHistory.append(thread, message, sizeLimits);
  }

  /** The node run inputs this turn's input carries for {@code threadId} (none when it has none). */
  List<NodeRunInput> nodeRunInputs(String threadId) {
    NodesRunInputs inputs = input.threadToNodeInputs == null ? null : input.threadToNodeInputs.get(threadId);
    return inputs == null || inputs.nodeRunInputs == null ? List.of() : inputs.nodeRunInputs;
  }

  void setRuntime(ThreadState thread, String name, Object value) {
    variableSizes.admitRuntime(name, value);
    state.runtimeVariables.put(name, value);
    thread.runtimeVariables.put(name, value);
  }

  /** Sets a dynamic variable ({@code {{name}}}) for the rest of the run. */
  void setDynamic(String name, Object value) {
    state.dynamicVariables.put(name, value);
  }

  /** Sets a dynamic variable only when the run has no value for it yet. */
  void defaultDynamic(String name, Object value) {
    if (!state.dynamicVariables.containsKey(name)) {
      state.dynamicVariables.put(name, value);
    }
  }

  GraphIndex index() {
    return index;
  }

  RunContext context() {
    return context;
  }

  WorkflowConfigFullyHydrated graph() {
    return graph;
  }

  TurnExecutor executor() {
    return executor;
  }

  /** Picks a static message (in sequence, or at random seeded by run, key and count, so replays pick the same). */
  int selectStaticMessage(String counterKey, StaticMessagesConfig config) {
    int count = state.staticMessageCounters.getOrDefault(counterKey, 0);
    state.staticMessageCounters.put(counterKey, count + 1);
    int size = config.staticMessages.size();
    if (config.staticMessagesSelectionMode == StaticMessagesConfig.SelectionMode.SEQUENCE) {
      return count % size;
    }
    return new Random(Objects.hash(context.runId(), counterKey, count)).nextInt(size);
  }

  /** Calls an LLM and adds the call to the turn's and the run's usage. */
  Future<LlmReply> callLlm(LlmConfig config, LlmRequest request) {
    return answerLlm(config, request).map(LlmAnswer::reply);
  }

  /** Like {@link #callLlm}, with which group member answered; every model call that answered counts in usage. */
  Future<LlmAnswer> answerLlm(LlmConfig config, LlmRequest request) {
    return onContext(config, () -> executor.llm().answer(config, request))
        .onSuccess(answer -> answer.calls().forEach(this::recordUsage));
  }

  /** A group's patience timers need a Vert.x context: a turn driven from elsewhere calls groups on one. */
  private Future<LlmAnswer> onContext(LlmConfig config, Supplier<Future<LlmAnswer>> call) {
    if (config == null || config.type == null || !config.type.isGroup() || Vertx.currentContext() != null) {
      return call.get();
    }
    Promise<LlmAnswer> answered = Promise.promise();
    executor.vertx().getOrCreateContext().runOnContext(v -> call.get().onComplete(answered));
    return answered.future();
  }

  private void recordUsage(LlmReply reply) {
    turnUsage.record(reply.model(), reply.provider(), reply.inputTokens(), reply.outputTokens(), reply.userKey());
    turnLatency.record(reply.model(), reply.provider(), reply.latencyMillis());
    state.llmTokenUsage.record(reply.model(), reply.provider(), reply.inputTokens(), reply.outputTokens(),
        reply.userKey());
    state.llmLatencyStats.record(reply.model(), reply.provider(), reply.latencyMillis());
  }

  // ---- variables ----

  private void mergeVariables() {
    if (firstTurn) {
      state.dynamicVariables = graph.workflowConfig.defaultDynamicVariables().copy();
      mergeInto(state.dynamicVariables, graph.dynamicVariables);
      mergeInto(state.runtimeVariables, graph.runtimeVariables);
    }
    mergeInto(state.dynamicVariables, input.dynamicVariables);
    mergeInto(state.runtimeVariables, input.runtimeVariables);
    NodesRunInputs main = input.threadToNodeInputs == null ? null
        : input.threadToNodeInputs.get(WorkflowRunInput.MAIN_THREAD);
    if (main != null && main.nodeRunInputs != null) {
      for (NodeRunInput nodeInput : main.nodeRunInputs) {
        mergeInto(state.dynamicVariables, nodeInput.dynamicVariables);
        mergeInto(state.runtimeVariables, nodeInput.runtimeVariables);
      }
    }
    variableSizes = RunVariableSizes.measure(sizeLimits, state.dynamicVariables, state.runtimeVariables);
  }

  private static void mergeInto(JsonObject target, JsonObject source) {
    if (source != null) {
      target.mergeIn(source.copy());
    }
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
