package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.llm.LlmCallKind;
import dev.turnpoint.engine.llm.LlmException;
import dev.turnpoint.engine.llm.LlmMessages;
import dev.turnpoint.engine.llm.LlmReply;
import dev.turnpoint.engine.llm.LlmRequest;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.expression.ConditionExpression;
import dev.turnpoint.model.expression.Templates;
import dev.turnpoint.model.run.LLMLatencyStats;
import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.NodeRunInput;
import dev.turnpoint.model.run.NodesRunInputs;
import dev.turnpoint.model.run.TerminationSource;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.model.run.WorkflowRunOutput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.CompanionEdge;
import dev.turnpoint.model.workflow.ConditionConfig;
import dev.turnpoint.model.workflow.ConditionalEdge;
import dev.turnpoint.model.workflow.DirectEdge;
import dev.turnpoint.model.workflow.EdgeConfig;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.LlmNode;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.StaticMessagesConfig;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * One turn in progress: the mutable state a {@link TurnExecutor} builds up while it walks the graph. Used once.
 *
 * <p>After a node finishes (for a node that waited: once the user's message arrived), its companion threads run to
 * their end, then the thread moves on by the first of: a global node whose condition holds (main thread only, each
 * at most once per turn, never from itself), the first conditional edge whose condition holds, the first
 * non-companion direct edge, a return to where a global node was entered from (when the global node has no edge to
 * follow), a self-loop (LLM nodes with {@code self_loop}, or {@code self_loop_config.enabled}), else the thread ends.
 * When the main thread ends, the run is completed.
 */
final class TurnRun {

  private static final int STACK_TRACE_LIMIT = 4000;

  private final TurnExecutor executor;
  private final WorkflowConfigFullyHydrated graph;
  private final RunCheckpoint state;
  private final WorkflowRunInput input;
  private final RunContext context;
  private final boolean firstTurn;
  final RunVariables variables;

  private final List<JsonObject> events = new ArrayList<>();
  private final Map<String, List<JsonObject>> outputs = new LinkedHashMap<>();
  private final LLMTokenUsage turnUsage = new LLMTokenUsage();
  private final LLMLatencyStats turnLatency = new LLMLatencyStats();
  private final Set<String> globalNodesTaken = new HashSet<>();
  private final long startedNanos = System.nanoTime();
  private int nodeExecutions;
  private NodeRun currentRun;

  private enum Move { GLOBAL, CONDITIONAL, DIRECT, RETURN_FROM_GLOBAL, SELF_LOOP, END }

  private record Transition(Move move, EdgeConfig edge, NodeConfig destination, String reason) {
  }

  TurnRun(TurnExecutor executor, WorkflowConfigFullyHydrated graph, RunCheckpoint checkpoint,
          WorkflowRunInput input, RunContext context) {
    this.executor = executor;
    this.graph = graph;
    this.firstTurn = checkpoint == null;
    this.state = firstTurn ? new RunCheckpoint() : checkpoint.copy();
    this.input = input;
    this.context = context;
    this.variables = new RunVariables(state, context.runId());
  }

  Future<TurnOutcome> run() {
    Future<Void> work;
    try {
      work = begin();
    } catch (RuntimeException e) {
      work = Future.failedFuture(e);
    }
    return work.transform(done -> {
      try {
        return Future.succeededFuture(finish(done.failed() ? done.cause() : null));
      } catch (RuntimeException e) {
        return Future.succeededFuture(safetyNet("the turn could not be recorded: " + describe(e)));
      }
    });
  }

  // ---- the walk ----

  private Future<Void> begin() {
    mergeVariables();
    String requestedStart = blankToNull(input.startNodeLogicalId);
    if (firstTurn) {
      record(TurnEvents.workflowEvent(TurnEventType.START_WORKFLOW, WorkflowRunInput.MAIN_THREAD));
      String start = requestedStart != null ? requestedStart
          : graph.startNode().map(node -> node.logicalId).orElse(null);
      if (start == null) {
        throw new WorkflowExecutionException("the workflow has no node to start at");
      }
      requireNode(start);
      ThreadState main = ThreadState.main(start);
      state.threads.put(main.threadId, main);
      addUserMessages(main, null, null);
      return drive(main);
    }
    ThreadState main = state.mainThread();
    if (requestedStart != null) {
      requireNode(requestedStart);
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
    NodeConfig node = requireNode(thread.currentNodeLogicalId);
    String nodeRunId = thread.waitingNodeRunId;
    if (input.userMessages().isEmpty()) {
      // No message: only a condition that now holds (new variables) moves the thread; otherwise it keeps waiting.
      return chooseTransition(thread, node, nodeRunId, false).compose(transition -> {
        if (transition == null) {
          return Future.succeededFuture();
        }
        markRunning(thread);
        return apply(thread, node, nodeRunId, transition).compose(v -> drive(thread));
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
      thread.messages.add(human);
      delivered.add(human);
    }
    state.consecutiveConditionalHops = 0;
    record(TurnEvents.nodeEvent(TurnEventType.USER_MESSAGES, thread.threadId, node, nodeRunId)
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
      } catch (RuntimeException e) {
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
    NodeConfig node = requireNode(thread.currentNodeLogicalId);
    if (++nodeExecutions > executor.limits().maxNodeExecutionsPerTurn()) {
      throw new LoopingRiskException("more than " + executor.limits().maxNodeExecutionsPerTurn()
          + " node executions in one turn (last node " + describe(node) + ")");
    }
    NodeRun run = new NodeRun(this, thread, node);
    currentRun = run;
    run.start();
    Future<NodeResult> result;
    try {
      result = executor.runnerFor(node).run(run);
    } catch (RuntimeException e) {
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
      run.fail(describe(failure));
      return Future.failedFuture(failure);
    });
  }

  private Future<Void> afterExecution(ThreadState thread, NodeConfig node, String nodeRunId) {
    return runCompanions(thread, node, nodeRunId)
        .compose(v -> chooseTransition(thread, node, nodeRunId, true))
        .compose(transition -> apply(thread, node, nodeRunId, transition));
  }

  // ---- companion threads ----

  private Future<Void> runCompanions(ThreadState parent, NodeConfig node, String nodeRunId) {
    Future<Void> chain = Future.succeededFuture();
    for (EdgeConfig edge : outgoing(node)) {
      if (startsCompanion(edge)) {
        chain = chain.compose(v -> runCompanion(parent, edge, node, nodeRunId));
      }
    }
    return chain;
  }

  private Future<Void> runCompanion(ThreadState parent, EdgeConfig edge, NodeConfig source, String sourceRunId) {
    String suffix = edge instanceof DirectEdge direct && direct.companionThreadConfig != null
        && blankToNull(direct.companionThreadConfig.threadId) != null
        ? direct.companionThreadConfig.threadId : edge.logicalId;
    String threadId = parent.threadId + "_companion_" + suffix;
    NodeConfig destination = requireNode(edge.destinationNodeLogicalId);
    ThreadState companion = state.threads.computeIfAbsent(threadId, id -> {
      ThreadState created = new ThreadState();
      created.threadId = id;
      created.parentThreadId = parent.threadId;
      created.companionEdgeLogicalId = edge.logicalId;
      created.sourceNodeLogicalId = source.logicalId;
      return created;
    });
    companion.status = ThreadState.RUNNING;
    companion.currentNodeLogicalId = destination.logicalId;
    companion.messages = new ArrayList<>(parent.messages.stream().map(JsonObject::copy).toList());
    companion.runCount++;
    record(TurnEvents.edgeEvent(TurnEventType.COMPANION_EDGE, parent.threadId, edge, null, source, sourceRunId,
        destination, "companion thread " + threadId + " runs beside " + parent.threadId)
        .put("companion_thread_id", threadId));
    return drive(companion);
  }

  private static boolean startsCompanion(EdgeConfig edge) {
    return edge instanceof CompanionEdge || edge instanceof DirectEdge direct && direct.startsCompanionThread();
  }

  // ---- choosing where to go ----

  private Future<Transition> chooseTransition(ThreadState thread, NodeConfig node, String nodeRunId,
                                              boolean nodeFinished) {
    Future<Transition> global = thread.isCompanion() ? Future.succeededFuture() : firstGlobal(thread, node, 0);
    return global
        .compose(found -> found != null ? Future.succeededFuture(found) : firstConditional(thread, node, 0))
        .map(found -> {
          if (found != null || !nodeFinished) {
            return found;
          }
          for (EdgeConfig edge : outgoing(node)) {
            if (edge instanceof DirectEdge && !startsCompanion(edge)) {
              return new Transition(Move.DIRECT, edge, requireNode(edge.destinationNodeLogicalId), "direct edge");
            }
          }
          String returnTo = state.globalNodeReturnTo.get(thread.threadId);
          if (node.isGlobal() && returnTo != null && graph.node(returnTo).isPresent()) {
            return new Transition(Move.RETURN_FROM_GLOBAL, null, requireNode(returnTo),
                "return from global node " + describe(node));
          }
          if (!thread.isCompanion() && selfLoops(node)) {
            return new Transition(Move.SELF_LOOP, null, node, "self loop");
          }
          return new Transition(Move.END, null, null, "no edge to follow");
        });
  }

  private Future<Transition> firstGlobal(ThreadState thread, NodeConfig from, int index) {
    List<NodeConfig> nodes = graph.nodeConfigs;
    for (int i = index; i < nodes.size(); i++) {
      NodeConfig candidate = nodes.get(i);
      if (!candidate.isGlobal() || candidate.disabled || candidate.globalNodeConfig.condition == null
          || Objects.equals(candidate.logicalId, from.logicalId)
          || globalNodesTaken.contains(thread.threadId + "/" + candidate.logicalId)) {
        continue;
      }
      int next = i + 1;
      LlmConfig llm = candidate instanceof LlmNode llmNode ? llmNode.llmsConfig : null;
      return holds(candidate.globalNodeConfig.condition, candidate.logicalId, llm, thread,
          "the global condition of node " + describe(candidate))
          .compose(holds -> holds
              ? Future.succeededFuture(new Transition(Move.GLOBAL, null, candidate, "global node condition held"))
              : firstGlobal(thread, from, next));
    }
    return Future.succeededFuture();
  }

  private Future<Transition> firstConditional(ThreadState thread, NodeConfig node, int index) {
    List<EdgeConfig> edges = outgoing(node);
    for (int i = index; i < edges.size(); i++) {
      if (!(edges.get(i) instanceof ConditionalEdge edge)) {
        continue;
      }
      int next = i + 1;
      LlmConfig llm = node instanceof LlmNode llmNode ? llmNode.llmsConfig : null;
      return holds(edge.condition, edge.logicalId, llm, thread, "edge " + describe(edge))
          .compose(holds -> holds
              ? Future.succeededFuture(new Transition(Move.CONDITIONAL, edge,
              requireNode(edge.destinationNodeLogicalId), reason(edge.condition)))
              : firstConditional(thread, node, next));
    }
    return Future.succeededFuture();
  }

  private static String reason(ConditionConfig condition) {
    return blankToNull(condition.conditionExpression) != null
        ? "condition_expression held: " + condition.conditionExpression
        : "condition held: " + condition.conditionFreeform;
  }

  /** A condition: an expression evaluated here, or a freeform question the LLM decides. Neither: never holds. */
  private Future<Boolean> holds(ConditionConfig condition, String key, LlmConfig nodeLlm, ThreadState thread,
                                String what) {
    if (condition == null) {
      return Future.succeededFuture(false);
    }
    if (blankToNull(condition.conditionExpression) != null) {
      try {
        return Future.succeededFuture(ConditionExpression.parse(condition.conditionExpression).test(variables));
      } catch (RuntimeException e) {
        throw new WorkflowExecutionException(what + " has a condition_expression that cannot be evaluated ("
            + condition.conditionExpression + "): " + e.getMessage(), e);
      }
    }
    if (blankToNull(condition.conditionFreeform) == null) {
      return Future.succeededFuture(false);
    }
    String question = render(condition.conditionFreeform);
    LlmConfig llm = executor.llm().resolve(nodeLlm, graph.workflowConfig.llmsConfig);
    LlmRequest request = new LlmRequest(LlmCallKind.DECISION, "", thread.messages, null, question,
        List.of(key, condition.conditionFreeform, question), key, variables);
    return callLlm(llm, request).map(reply -> {
      boolean decision = Boolean.TRUE.equals(reply.decision());
      record(TurnEvents.workflowEvent(TurnEventType.CONDITION_EVALUATOR_LLM, thread.threadId)
          .put("condition_key", key).put("condition", question).put("decision", decision)
          .put("llm_usage_info", usageInfo(reply)));
      return decision;
    });
  }

  private Future<Void> apply(ThreadState thread, NodeConfig node, String nodeRunId, Transition transition) {
    if (node.isGlobal() && transition.move() != Move.SELF_LOOP) {
      state.globalNodeReturnTo.remove(thread.threadId);
    }
    if (transition.move() != Move.SELF_LOOP) {
      state.selfLoopCounts.remove(node.logicalId);
    }
    NodeConfig destination = transition.destination();
    switch (transition.move()) {
      case GLOBAL -> {
        countConditionalHop(destination);
        globalNodesTaken.add(thread.threadId + "/" + destination.logicalId);
        state.globalNodeReturnTo.put(thread.threadId, node.logicalId);
        record(TurnEvents.edgeEvent(TurnEventType.FORCE_TRANSFER_TO_NODE, thread.threadId, null,
            "global node " + destination.name, node, nodeRunId, destination, transition.reason()));
      }
      case CONDITIONAL -> {
        countConditionalHop(destination);
        record(TurnEvents.edgeEvent(TurnEventType.CONDITIONAL_EDGE, thread.threadId, transition.edge(), null, node,
            nodeRunId, destination, transition.reason()).put("args_filled", new JsonObject()));
        sayEdgeMessage(thread, (ConditionalEdge) transition.edge(), node, nodeRunId);
      }
      case DIRECT -> record(TurnEvents.edgeEvent(TurnEventType.DIRECT_EDGE, thread.threadId, transition.edge(), null,
          node, nodeRunId, destination, transition.reason()));
      case RETURN_FROM_GLOBAL -> record(TurnEvents.edgeEvent(TurnEventType.FORCE_TRANSFER_TO_NODE, thread.threadId,
          null, "return to " + destination.name, node, nodeRunId, destination, transition.reason()));
      case SELF_LOOP -> {
        int loops = state.selfLoopCounts.merge(node.logicalId, 1, Integer::sum);
        Integer maxRetries = node.selfLoopConfig != null && node.selfLoopConfig.enabled
            ? node.selfLoopConfig.maxRetries : null;
        if (maxRetries != null && loops > maxRetries) {
          record(TurnEvents.edgeEvent(TurnEventType.SELF_LOOP_EXHAUSTED, thread.threadId, null, "self loop", node,
              nodeRunId, node, "self_loop_config.max_retries (" + maxRetries + ") reached"));
          thread.status = ThreadState.ENDED;
          return Future.succeededFuture();
        }
        record(TurnEvents.edgeEvent(TurnEventType.SELF_LOOP_EDGE, thread.threadId, null, "self loop", node, nodeRunId,
            node, transition.reason()).put("self_loop_count", loops));
      }
      case END -> {
        thread.status = ThreadState.ENDED;
        return Future.succeededFuture();
      }
    }
    thread.currentNodeLogicalId = destination.logicalId;
    return Future.succeededFuture();
  }

  private void countConditionalHop(NodeConfig destination) {
    if (++state.consecutiveConditionalHops > executor.limits().maxConditionalHopsPerTurn()) {
      throw new LoopingRiskException("more than " + executor.limits().maxConditionalHopsPerTurn()
          + " chained conditional transitions without a user message (next node " + describe(destination) + ")");
    }
  }

  private void sayEdgeMessage(ThreadState thread, ConditionalEdge edge, NodeConfig source, String sourceRunId) {
    StaticMessagesConfig messages = edge.condition.staticMessagesConfig;
    if (messages == null || messages.staticMessages == null || messages.staticMessages.isEmpty()) {
      return;
    }
    int index = selectStaticMessage(edge.logicalId, messages);
    String content = render(messages.staticMessages.get(index));
    record(TurnEvents.nodeEvent(TurnEventType.SAY_STATIC, thread.threadId, source, sourceRunId)
        .put("content", content).put("message_index", index).put("edge_logical_id", edge.logicalId));
    record(TurnEvents.nodeEvent(TurnEventType.ASSISTANT_RESPONSE, thread.threadId, source, sourceRunId)
        .put("content", content).put("response_metadata", new JsonObject().put("source", "edge_static_message"))
        .put("llm_usage_info", null));
    thread.messages.add(LlmMessages.ai(content));
  }

  private static boolean selfLoops(NodeConfig node) {
    return node instanceof LlmNode llm && llm.selfLoop || node.selfLoopConfig != null && node.selfLoopConfig.enabled;
  }

  private List<EdgeConfig> outgoing(NodeConfig node) {
    List<EdgeConfig> edges = new ArrayList<>();
    for (EdgeConfig edge : graph.edgeConfigs) {
      if (!edge.disabled && Objects.equals(edge.sourceNodeLogicalId, node.logicalId)
          && graph.node(edge.destinationNodeLogicalId).filter(n -> !n.disabled).isPresent()) {
        edges.add(edge);
      }
    }
    return edges;
  }

  // ---- services for node runners ----

  void record(JsonObject event) {
    events.add(event);
  }

  void addOutput(ThreadState thread, JsonObject output) {
    outputs.computeIfAbsent(thread.threadId, id -> new ArrayList<>()).add(output);
  }

  String render(String text) {
    return text == null ? "" : Templates.render(text, variables);
  }

  void setRuntime(ThreadState thread, String name, Object value) {
    state.runtimeVariables.put(name, value);
    thread.runtimeVariables.put(name, value);
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
    return executor.llm().call(config, request).onSuccess(reply -> {
      turnUsage.record(reply.model(), reply.provider(), reply.inputTokens(), reply.outputTokens(), reply.userKey());
      turnLatency.record(reply.model(), reply.provider(), reply.latencyMillis());
      state.llmTokenUsage.record(reply.model(), reply.provider(), reply.inputTokens(), reply.outputTokens(),
          reply.userKey());
      state.llmLatencyStats.record(reply.model(), reply.provider(), reply.latencyMillis());
    });
  }

  static JsonObject usageInfo(LlmReply reply) {
    return new JsonObject().put("model", reply.model()).put("provider", reply.provider())
        .put("input_tokens", reply.inputTokens()).put("output_tokens", reply.outputTokens())
        .put("latency_milliseconds", reply.latencyMillis()).put("user_key", reply.userKey());
  }

  NodeConfig requireNode(String logicalId) {
    NodeConfig node = graph.node(logicalId).orElseThrow(() ->
        new WorkflowExecutionException("node " + logicalId + " does not exist in the workflow"));
    if (node.disabled) {
      throw new WorkflowExecutionException("node " + describe(node) + " is disabled");
    }
    return node;
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
  }

  private static void mergeInto(JsonObject target, JsonObject source) {
    if (source != null) {
      target.mergeIn(source.copy());
    }
  }

  // ---- the end of the turn ----

  private TurnOutcome finish(Throwable failure) {
    ThreadState main = state.mainThread();
    WorkflowStatus status;
    String terminationSource = null;
    String error = null;
    if (failure instanceof LoopingRiskException looping) {
      status = WorkflowStatus.ABORTED_LOOPING_RISK;
      error = "aborted because of looping risk: " + looping.getMessage();
      recordError(error, null);
    } else if (failure != null) {
      status = WorkflowStatus.FAILED;
      terminationSource = TerminationSource.EXECUTION_ERROR;
      error = describe(failure);
      recordError(error, expected(failure) ? null : stackTrace(failure));
    } else if (main != null && ThreadState.WAITING.equals(main.status)) {
      status = WorkflowStatus.WAITING_FOR_USER_INPUT;
      record(TurnEvents.workflowEvent(TurnEventType.WORKFLOW_READY_FOR_INPUT, main.threadId)
          .put("active_companion_thread_ids", new JsonArray()));
    } else if (main != null && ThreadState.ENDED.equals(main.status)) {
      status = WorkflowStatus.COMPLETED;
      record(TurnEvents.workflowEvent(TurnEventType.END_WORKFLOW, main.threadId)
          .put("llm_token_usage", Json.toJson(state.llmTokenUsage))
          .put("llm_latency_stats", Json.toJson(state.llmLatencyStats)));
    } else {
      return safetyNet("the turn ended while the main thread was still "
          + (main == null ? "missing" : main.status));
    }
    return outcome(status, terminationSource, error);
  }

  /** The last resort when a turn ends without a valid status: the run fails with {@code finally_safety_net}. */
  private TurnOutcome safetyNet(String error) {
    recordError(error, null);
    return outcome(WorkflowStatus.FAILED, TerminationSource.FINALLY_SAFETY_NET, error);
  }

  private void recordError(String message, String stackTrace) {
    NodeRun failed = currentRun;
    String threadId = failed == null ? WorkflowRunInput.MAIN_THREAD : failed.thread.threadId;
    JsonObject event = failed == null
        ? TurnEvents.workflowEvent(TurnEventType.WORKFLOW_ERROR, threadId)
        : TurnEvents.nodeEvent(TurnEventType.WORKFLOW_ERROR, threadId, failed.node, failed.id);
    record(event.put("error_message", message).put("stack_trace", stackTrace)
        .put("llm_token_usage", Json.toJson(state.llmTokenUsage)));
  }

  private TurnOutcome outcome(WorkflowStatus status, String terminationSource, String error) {
    ThreadState main = state.mainThread();
    record(TurnEvents.workflowEvent(TurnEventType.END_WORKFLOW_ITERATION, WorkflowRunInput.MAIN_THREAD)
        .put("iteration_number", context.turnIndex())
        .put("iteration_metrics", new JsonObject()
            .put("node_executions", nodeExecutions)
            .put("llm_calls", turnUsage.callCount)
            .put("duration_milliseconds", (System.nanoTime() - startedNanos) / 1_000_000)));
    state.status = status;
    state.turnIndex = context.turnIndex();
    state.workflowRunId = context.runId();
    if (status.isTerminal()) {
      state.threads.values().forEach(thread -> thread.status = ThreadState.ENDED);
    }
    WorkflowRunOutput output = new WorkflowRunOutput();
    output.events = events;
    output.threadToNodeOutputs = outputs;
    WorkflowRunInputOutputPair pair = new WorkflowRunInputOutputPair();
    pair.runInput = input;
    pair.runOutput = output;
    pair.iterationEndStateMiscellaneous = endState();
    boolean waiting = status == WorkflowStatus.WAITING_FOR_USER_INPUT;
    return new TurnOutcome(pair, state, status, terminationSource, error, waiting,
        waiting && main != null ? main.waitingEvent : null, turnUsage, turnLatency);
  }

  private JsonObject endState() {
    JsonObject histories = new JsonObject();
    JsonObject companionHistories = new JsonObject();
    JsonArray active = new JsonArray();
    state.threads.forEach((id, thread) -> {
      JsonObject target = thread.isCompanion() ? companionHistories : histories;
      target.put(id, new JsonArray(new ArrayList<>(thread.nodeHistory)));
      if (!ThreadState.ENDED.equals(thread.status)) {
        active.add(id);
      }
    });
    return new JsonObject()
        .put("thread_id_to_nodes_history", histories)
        .put("companion_thread_id_to_nodes_history", companionHistories)
        .put("thread_id_to_global_node_previous_node", new JsonObject(new LinkedHashMap<>(state.globalNodeReturnTo)))
        .put("active_thread_ids", active);
  }

  private static boolean expected(Throwable failure) {
    return failure instanceof WorkflowExecutionException || failure instanceof LlmException;
  }

  static String describe(Throwable failure) {
    if (expected(failure)) {
      return failure.getMessage();
    }
    return "internal error: " + failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
  }

  static String describe(NodeConfig node) {
    return node.name == null || node.name.isBlank() ? node.logicalId : "'" + node.name + "' (" + node.logicalId + ")";
  }

  private static String describe(EdgeConfig edge) {
    return edge.name == null || edge.name.isBlank() ? edge.logicalId : "'" + edge.name + "' (" + edge.logicalId + ")";
  }

  private static String stackTrace(Throwable failure) {
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    String text = trace.toString();
    return text.length() <= STACK_TRACE_LIMIT ? text : text.substring(0, STACK_TRACE_LIMIT);
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
