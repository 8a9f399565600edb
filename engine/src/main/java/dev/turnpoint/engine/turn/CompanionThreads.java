package dev.turnpoint.engine.turn;

import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.CompanionEdge;
import dev.turnpoint.model.workflow.DirectEdge;
import dev.turnpoint.model.workflow.EdgeConfig;
import dev.turnpoint.model.workflow.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.function.Function;

/**
 * The companion threads a node starts when it finishes: one per companion edge leaving it (a companion edge, or a
 * direct edge flagged {@code is_companion_thread}), in graph order, each run to its end before the next and before the
 * node's own transition is chosen, so that conditions see what the companions extracted.
 *
 * <p>A companion thread is {@code <parent>_companion_<id>}, where the id is the edge's
 * {@code companion_thread_config.thread_id} or else its logical id. The thread is kept in the checkpoint between
 * runs (its runtime variables and node history stay, its run count grows) and each run starts at the edge's
 * destination with a copy of the parent's messages.
 */
final class CompanionThreads {

  private final GraphIndex graph;
  private final RunCheckpoint state;
  private final TurnJournal journal;
  private final Function<ThreadState, Future<Void>> walk;

  /**
   * @param walk runs a thread until it waits or ends: the turn's graph walk
   */
  CompanionThreads(GraphIndex graph, RunCheckpoint state, TurnJournal journal,
                   Function<ThreadState, Future<Void>> walk) {
    this.graph = graph;
    this.state = state;
    this.journal = journal;
    this.walk = walk;
  }

  /** Whether an edge starts a companion thread rather than moving its thread on. */
  static boolean startsCompanion(EdgeConfig edge) {
    return edge instanceof CompanionEdge || edge instanceof DirectEdge direct && direct.startsCompanionThread();
  }

  /** Runs, one after the other, the companion threads of a node that has just finished on {@code parent}. */
  Future<Void> runAfter(ThreadState parent, NodeConfig node, String nodeRunId) {
    Future<Void> chain = Future.succeededFuture();
    for (EdgeConfig edge : graph.outgoing(node)) {
      if (startsCompanion(edge)) {
        chain = chain.compose(v -> run(parent, edge, node, nodeRunId));
      }
    }
    return chain;
  }

  private Future<Void> run(ThreadState parent, EdgeConfig edge, NodeConfig source, String sourceRunId) {
    String suffix = edge instanceof DirectEdge direct && direct.companionThreadConfig != null
        && TurnRun.blankToNull(direct.companionThreadConfig.threadId) != null
        ? direct.companionThreadConfig.threadId : edge.logicalId;
    String threadId = parent.threadId + "_companion_" + suffix;
    NodeConfig destination = graph.requireNode(edge.destinationNodeLogicalId);
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
    journal.record(TurnEvents.edgeEvent(TurnEventType.COMPANION_EDGE, parent.threadId, edge, null, source, sourceRunId,
        destination, "companion thread " + threadId + " runs beside " + parent.threadId)
        .put("companion_thread_id", threadId));
    return walk.apply(companion);
  }
}
