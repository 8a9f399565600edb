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
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Chooses where a thread goes after a node and takes it there, recording the edge event.
 *
 * <p>The first of these wins: a global node whose condition holds (main thread only, each at most once per thread and
 * turn, never from itself), the first conditional edge whose condition holds, the first direct edge that does not
 * start a companion thread, a return to where a global node was entered from (when the global node has no edge to
 * follow), a self-loop (LLM nodes with {@code self_loop}, or {@code self_loop_config.enabled}; never on companion
 * threads), else the thread ends. Conditions are checked in graph order by the {@link ConditionEvaluator}.
 *
 * <p>Taking a transition keeps the loop guards of the checkpoint: entering a global node or following a conditional
 * edge counts a chained conditional hop ({@link TurnLimits#maxConditionalHopsPerTurn()}, reset by a user message),
 * and a self-loop past {@code self_loop_config.max_retries} ends the thread instead.
 */
final class Transitions {

  private final TurnRun turn;
  private final GraphIndex graph;
  private final RunCheckpoint state;
  private final ConditionEvaluator conditions;
  /** {@code <thread id>/<global node id>} of the global nodes entered this turn. */
  private final Set<String> globalNodesTaken = new HashSet<>();

  Transitions(TurnRun turn, GraphIndex graph, RunCheckpoint state, ConditionEvaluator conditions) {
    this.turn = turn;
    this.graph = graph;
    this.state = state;
    this.conditions = conditions;
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
    Future<Transition> global = thread.isCompanion() ? Future.succeededFuture() : firstGlobal(thread, node, 0);
    return global
        .compose(found -> found != null ? Future.succeededFuture(found) : firstConditional(thread, node, 0))
        .map(found -> {
          if (found != null || !nodeFinished) {
            return found;
          }
          for (EdgeConfig edge : graph.outgoing(node)) {
            if (edge instanceof DirectEdge && !CompanionThreads.startsCompanion(edge)) {
              return new Transition(Move.DIRECT, edge, graph.requireNode(edge.destinationNodeLogicalId),
                  "direct edge");
            }
          }
          String returnTo = state.globalNodeReturnTo.get(thread.threadId);
          if (node.isGlobal() && returnTo != null && graph.node(returnTo).isPresent()) {
            return new Transition(Move.RETURN_FROM_GLOBAL, null, graph.requireNode(returnTo),
                "return from global node " + GraphIndex.describe(node));
          }
          if (!thread.isCompanion() && selfLoops(node)) {
            return new Transition(Move.SELF_LOOP, null, node, "self loop");
          }
          return new Transition(Move.END, null, null, "no edge to follow");
        });
  }

  private Future<Transition> firstGlobal(ThreadState thread, NodeConfig node, int from) {
    List<NodeConfig> nodes = graph.globalNodes();
    for (int i = from; i < nodes.size(); i++) {
      NodeConfig candidate = nodes.get(i);
      if (Objects.equals(candidate.logicalId, node.logicalId)
          || globalNodesTaken.contains(thread.threadId + "/" + candidate.logicalId)) {
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
    switch (transition.move()) {
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
            node, nodeRunId, destination, transition.reason()).put("args_filled", new JsonObject()));
        sayEdgeMessage(thread, (ConditionalEdge) transition.edge(), node, nodeRunId);
      }
      case DIRECT -> journal.record(TurnEvents.edgeEvent(TurnEventType.DIRECT_EDGE, thread.threadId, transition.edge(),
          null, node, nodeRunId, destination, transition.reason()));
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
        .put("llm_usage_info", null));
    turn.addMessage(thread, LlmMessages.ai(content));
  }
}
