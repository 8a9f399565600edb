package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.llm.LlmMessages;
import dev.turnpoint.engine.turn.Transition.Move;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.ConditionConfig;
import dev.turnpoint.model.workflow.ConditionalEdge;
import dev.turnpoint.model.workflow.DirectEdge;
import dev.turnpoint.model.workflow.EdgeConfig;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.LlmNode;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.StaticMessagesConfig;
import dev.turnpoint.model.workflow.SuperNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses where a thread goes after a node and takes it there, recording the edge event.
 *
 * <p>A super node goes into its sub-workflow's start node. Otherwise the first of these wins: a global node whose
 * condition holds (main thread only, each at most once per thread and turn, never from itself, never from one
 * guardrail node to another unless {@code miscellaneous.no_hopping_between_guardrail_nodes} is false; a global node
 * inside a sub-workflow only from within it), a global node's {@code reverse_conditional_edge} whose condition holds
 * (back to where the global node was entered from), the first conditional edge whose condition holds, the first direct
 * edge that does not start a companion thread, a return to where a global node was entered from (when the global node
 * has neither an edge to follow nor a reverse edge), a self-loop (LLM nodes with {@code self_loop}, or
 * {@code self_loop_config.enabled}; never on companion threads), leaving a sub-workflow along its super node's
 * conditional and direct edges (when a node inside has none of these), else the thread ends. Conditions are checked
 * in graph order by the {@link ConditionEvaluator}. After a reverse edge, until the next user message, global nodes
 * and conditional edges are not considered unless
 * {@code miscellaneous.no_consecutive_conditional_edge_after_reverse_conditional_edge_taken} is false.
 *
 * <p>Every move into a guardrail node ({@code is_guardrail_node}) is a strike of the run ({@link GuardrailStrikes});
 * at the workflow's limit the thread goes to the escalation node instead.
 *
 * <p>Taking a transition keeps the loop guards of the checkpoint: entering a global node or following a conditional
 * or reverse edge counts a chained conditional hop ({@link TurnLimits#maxConditionalHopsPerTurn()}, reset by a user
 * message), and a self-loop past {@code self_loop_config.max_retries} ends the thread instead.
 */
final class Transitions {

  static final String NO_CONDITIONAL_AFTER_REVERSE =
      "no_consecutive_conditional_edge_after_reverse_conditional_edge_taken";
  static final String NO_GUARDRAIL_HOPPING = "no_hopping_between_guardrail_nodes";

  private final TurnRun turn;
  private final GraphIndex graph;
  private final RunCheckpoint state;
  private final ConditionEvaluator conditions;
  /** {@code <thread id>/<global node id>} of the global nodes entered this turn. */
  private final Set<String> globalNodesTaken = new HashSet<>();
  private final GuardrailStrikes guardrails;

  Transitions(TurnRun turn, GraphIndex graph, RunCheckpoint state, ConditionEvaluator conditions) {
    this.turn = turn;
    this.graph = graph;
    this.state = state;
    this.conditions = conditions;
    this.guardrails = new GuardrailStrikes(turn, graph, state);
  }

  /** Where a thread goes after its node finished; {@link Move#END} when it has nowhere to go. */
  Future<Transition> afterNode(ThreadState thread, NodeConfig node) {
    return choose(thread, node, true);
  }

  /**
   * Where a waiting node's thread goes when the turn brought no message: a global node or conditional edge whose
   * condition now holds (new variables), or null when none does and the node keeps waiting.
   */
  Future<Transition> whileWaiting(ThreadState thread, NodeConfig node) {
    return choose(thread, node, false);
  }

  private Future<Transition> choose(ThreadState thread, NodeConfig node, boolean nodeFinished) {
    if (nodeFinished && node instanceof SuperNode superNode) {
      Optional<String> entry = graph.superNodeEntry(superNode);
      if (entry.isPresent()) {
        return Future.succeededFuture(new Transition(Move.ENTER_SUPER_NODE, null, graph.requireNode(entry.get()),
            "entering the sub-workflow of super node " + GraphIndex.describe(superNode)));
      }
    }
    boolean holding = holdingAfterReverse(thread);
    Future<Transition> global = thread.isCompanion() || holding ? Future.succeededFuture()
        : firstGlobal(thread, node, 0);
    return global
        .compose(found -> found != null ? Future.succeededFuture(found) : reverse(thread, node))
        .compose(found -> found != null || holding ? Future.succeededFuture(found)
            : firstConditional(thread, node, 0))
        .compose(found -> found != null || !nodeFinished ? Future.succeededFuture(found)
            : withoutCondition(thread, node));
  }

  /** A direct edge, a return from a global node, a self-loop, leaving a sub-workflow, else the end. */
  private Future<Transition> withoutCondition(ThreadState thread, NodeConfig node) {
    for (EdgeConfig edge : graph.outgoing(node)) {
      if (edge instanceof DirectEdge && !CompanionThreads.startsCompanion(edge)) {
        return Future.succeededFuture(new Transition(Move.DIRECT, edge,
            graph.requireNode(edge.destinationNodeLogicalId), "direct edge"));
      }
    }
    String returnTo = state.globalNodeReturnTo.get(thread.threadId);
    if (node.isGlobal() && node.globalNodeConfig.reverseConditionalEdge == null && returnTo != null
        && graph.node(returnTo).isPresent()) {
      return Future.succeededFuture(new Transition(Move.RETURN_FROM_GLOBAL, null, graph.requireNode(returnTo),
          "return from global node " + GraphIndex.describe(node)));
    }
    if (!thread.isCompanion() && selfLoops(node)) {
      return Future.succeededFuture(new Transition(Move.SELF_LOOP, null, node, "self loop"));
    }
    Optional<SuperNode> enclosing = graph.enclosingSuperNode(node);
    if (enclosing.isPresent()) {
      // The sub-workflow is done: the thread goes on along the super node's own edges (its globals were checked).
      NodeConfig superNode = enclosing.get();
      Future<Transition> conditional = holdingAfterReverse(thread) ? Future.succeededFuture()
          : firstConditional(thread, superNode, 0);
      return conditional.compose(found -> found != null ? Future.succeededFuture(found)
          : withoutCondition(thread, superNode));
    }
    return Future.succeededFuture(new Transition(Move.END, null, null, "no edge to follow"));
  }

  /**
   * Back from a global node to where the thread entered it, when the node has a {@code reverse_conditional_edge}
   * and its condition holds.
   */
  private Future<Transition> reverse(ThreadState thread, NodeConfig node) {
    String returnTo = state.globalNodeReturnTo.get(thread.threadId);
    if (!node.isGlobal() || node.globalNodeConfig.reverseConditionalEdge == null || returnTo == null
        || graph.node(returnTo).isEmpty()) {
      return Future.succeededFuture();
    }
    LlmConfig llm = node instanceof LlmNode llmNode ? llmNode.llmsConfig : null;
    ConditionConfig condition = node.globalNodeConfig.reverseConditionalEdge;
    return conditions.holds(condition, node.logicalId + "_reverse", llm, thread,
            "the reverse_conditional_edge of node " + GraphIndex.describe(node))
        .map(holds -> holds ? new Transition(Move.REVERSE, null, graph.requireNode(returnTo), reason(condition))
            : null);
  }

  /**
   * Whether the thread just came back through a reverse conditional edge, without a user message since, and
   * {@code no_consecutive_conditional_edge_after_reverse_conditional_edge_taken} (on by default) forbids a
   * conditional hop right away.
   */
  private boolean holdingAfterReverse(ThreadState thread) {
    return state.reverseEdgeReturnedThreads.contains(thread.threadId)
        && WorkflowSettings.flag(turn.graph(), NO_CONDITIONAL_AFTER_REVERSE, true);
  }

  private Future<Transition> firstGlobal(ThreadState thread, NodeConfig node, int from) {
    List<NodeConfig> nodes = graph.globalNodes();
    boolean noGuardrailHopping = WorkflowSettings.flag(turn.graph(), NO_GUARDRAIL_HOPPING, true);
    for (int i = from; i < nodes.size(); i++) {
      NodeConfig candidate = nodes.get(i);
      if (Objects.equals(candidate.logicalId, node.logicalId)
          || globalNodesTaken.contains(thread.threadId + "/" + candidate.logicalId)
          || !graph.globalApplies(candidate, node)
          || candidate.isGuardrailNode && node.isGuardrailNode && noGuardrailHopping) {
        continue;
      }
      int next = i + 1;
      LlmConfig llm = candidate instanceof LlmNode llmNode ? llmNode.llmsConfig : null;
      return conditions.holds(candidate.globalNodeConfig.condition, candidate.logicalId, llm, thread,
              "the global condition of node " + GraphIndex.describe(candidate))
          .compose(holds -> holds
              ? Future.succeededFuture(new Transition(Move.GLOBAL, null, candidate, "global node condition held"))
              : firstGlobal(thread, node, next));
    }
    return Future.succeededFuture();
  }

  private Future<Transition> firstConditional(ThreadState thread, NodeConfig node, int from) {
    List<EdgeConfig> edges = graph.outgoing(node);
    for (int i = from; i < edges.size(); i++) {
      if (!(edges.get(i) instanceof ConditionalEdge edge)) {
        continue;
      }
      int next = i + 1;
      LlmConfig llm = node instanceof LlmNode llmNode ? llmNode.llmsConfig : null;
      return conditions.holds(edge.condition, edge.logicalId, llm, thread, "edge " + GraphIndex.describe(edge))
          .compose(holds -> holds
              ? Future.succeededFuture(new Transition(Move.CONDITIONAL, edge,
              graph.requireNode(edge.destinationNodeLogicalId), reason(edge.condition)))
              : firstConditional(thread, node, next));
    }
    return Future.succeededFuture();
  }

  private static String reason(ConditionConfig condition) {
    return TurnRun.blankToNull(condition.conditionExpression) != null
        ? "condition_expression held: " + condition.conditionExpression
        : "condition held: " + condition.conditionFreeform;
  }

  private static boolean selfLoops(NodeConfig node) {
    return node instanceof LlmNode llm && llm.selfLoop || node.selfLoopConfig != null && node.selfLoopConfig.enabled;
  }

  /**
   * Moves the thread along a transition out of {@code node} (run {@code nodeRunId}): records the edge event and, for
   * a conditional edge with static messages, says one; the thread then stands at the destination, or has ended.
   *
   * @throws LoopingRiskException when the transition is one chained conditional hop too many
   */
  void take(ThreadState thread, NodeConfig node, String nodeRunId, Transition transition) {
    if (node.isGlobal() && transition.move() != Move.SELF_LOOP) {
      state.globalNodeReturnTo.remove(thread.threadId);
    }
    if (transition.move() != Move.SELF_LOOP) {
      state.selfLoopCounts.remove(node.logicalId);
    }
    TurnJournal journal = turn.journal();
    NodeConfig destination = transition.destination();
    NodeConfig source = transition.edge() == null ? node
        : graph.node(transition.edge().sourceNodeLogicalId).orElse(node);
    if (destination != null && destination.isGuardrailNode && transition.move() != Move.SELF_LOOP) {
      Optional<NodeConfig> escalation = guardrails.strike(destination);
      if (escalation.isPresent()) {
        // Like entering the guardrail node itself: a hop, and that global node is not entered again this turn.
        countConditionalHop(escalation.get());
        globalNodesTaken.add(thread.threadId + "/" + destination.logicalId);
        transition = guardrails.escalate(thread, node, nodeRunId, destination, escalation.get());
        destination = transition.destination();
      }
    }
    switch (transition.move()) {
      case ENTER_SUPER_NODE -> journal.record(TurnEvents.edgeEvent(TurnEventType.FORCE_TRANSFER_TO_NODE,
          thread.threadId, null, "super node " + node.name, node, nodeRunId, destination, transition.reason()));
      case GUARDRAIL_ESCALATION -> {
        // guardrails.escalate recorded the edge and said the escalation message
      }
      case REVERSE -> {
        countConditionalHop(destination);
        if (WorkflowSettings.flag(turn.graph(), NO_CONDITIONAL_AFTER_REVERSE, true)) {
          state.reverseEdgeReturnedThreads.add(thread.threadId);
        }
        journal.record(TurnEvents.edgeEvent(TurnEventType.REVERSE_CONDITIONAL_EDGE, thread.threadId, null,
            "reverse conditional edge of " + node.name, node, nodeRunId, destination, transition.reason()));
      }
      case GLOBAL -> {
        countConditionalHop(destination);
        globalNodesTaken.add(thread.threadId + "/" + destination.logicalId);
        state.globalNodeReturnTo.put(thread.threadId, node.logicalId);
        journal.record(TurnEvents.edgeEvent(TurnEventType.FORCE_TRANSFER_TO_NODE, thread.threadId, null,
            "global node " + destination.name, node, nodeRunId, destination, transition.reason()));
      }
      case CONDITIONAL -> {
        countConditionalHop(destination);
        journal.record(TurnEvents.edgeEvent(TurnEventType.CONDITIONAL_EDGE, thread.threadId, transition.edge(), null,
            source, nodeRunId, destination, transition.reason()).put("args_filled", new JsonObject()));
        sayEdgeMessage(thread, (ConditionalEdge) transition.edge(), source, nodeRunId);
      }
      case DIRECT -> journal.record(TurnEvents.edgeEvent(TurnEventType.DIRECT_EDGE, thread.threadId, transition.edge(),
          null, source, nodeRunId, destination, transition.reason()));
      case RETURN_FROM_GLOBAL -> journal.record(TurnEvents.edgeEvent(TurnEventType.FORCE_TRANSFER_TO_NODE,
          thread.threadId, null, "return to " + destination.name, node, nodeRunId, destination, transition.reason()));
      case SELF_LOOP -> {
        int loops = state.selfLoopCounts.merge(node.logicalId, 1, Integer::sum);
        Integer maxRetries = node.selfLoopConfig != null && node.selfLoopConfig.enabled
            ? node.selfLoopConfig.maxRetries : null;
        if (maxRetries != null && loops > maxRetries) {
          journal.record(TurnEvents.edgeEvent(TurnEventType.SELF_LOOP_EXHAUSTED, thread.threadId, null, "self loop",
              node, nodeRunId, node, "self_loop_config.max_retries (" + maxRetries + ") reached"));
          thread.status = ThreadState.ENDED;
          return;
        }
        journal.record(TurnEvents.edgeEvent(TurnEventType.SELF_LOOP_EDGE, thread.threadId, null, "self loop", node,
            nodeRunId, node, transition.reason()).put("self_loop_count", loops));
      }
      case END -> {
        thread.status = ThreadState.ENDED;
        return;
      }
    }
    thread.currentNodeLogicalId = destination.logicalId;
  }

  private void countConditionalHop(NodeConfig destination) {
    int limit = turn.executor().limits().maxConditionalHopsPerTurn();
    if (++state.consecutiveConditionalHops > limit) {
      throw new LoopingRiskException("more than " + limit
          + " chained conditional transitions without a user message (next node "
          + GraphIndex.describe(destination) + ")");
    }
  }

  private void sayEdgeMessage(ThreadState thread, ConditionalEdge edge, NodeConfig source, String sourceRunId) {
    StaticMessagesConfig messages = edge.condition.staticMessagesConfig;
    if (messages == null || messages.staticMessages == null || messages.staticMessages.isEmpty()) {
      return;
    }
    int index = turn.selectStaticMessage(edge.logicalId, messages);
    String content = turn.render(messages.staticMessages.get(index));
    turn.journal().record(TurnEvents.nodeEvent(TurnEventType.SAY_STATIC, thread.threadId, source, sourceRunId)
        .put("content", content).put("message_index", index).put("edge_logical_id", edge.logicalId));
    turn.journal().record(TurnEvents.nodeEvent(TurnEventType.ASSISTANT_RESPONSE, thread.threadId, source, sourceRunId)
        .put("content", content).put("response_metadata", new JsonObject().put("source", "edge_static_message"))
        .put("llm_usage_info", TurnEvents.noLlmUsage()));
    turn.addMessage(thread, LlmMessages.ai(content));
  }
}
