package dev.turnpoint.engine.turn;

import dev.turnpoint.model.workflow.EdgeConfig;
import dev.turnpoint.model.workflow.NodeConfig;

/**
 * Where a thread goes after a node, as {@link Transitions} chose it.
 *
 * @param move        how it gets there
 * @param edge        the edge it follows; null for moves without one (global nodes, returns, self-loops, the end).
 *                    Leaving a super node's sub-workflow follows an edge of the super node.
 * @param destination the node it goes to; the node itself for a self-loop, null at the end
 * @param reason      why, as the edge event's {@code reason} says it
 */
record Transition(Move move, EdgeConfig edge, NodeConfig destination, String reason) {

  /** The ways a thread can move on, in the order they are considered. */
  enum Move {
    /** From a super node into its sub-workflow's start node ({@code force_transfer_to_node}). */
    ENTER_SUPER_NODE,
    /** Into a global node whose condition holds ({@code force_transfer_to_node}). */
    GLOBAL,
    /** Instead of a guardrail node, to the escalation node once the run used its strikes. */
    GUARDRAIL_ESCALATION,
    /** Out of a global node, back to where it was entered from, because its reverse condition holds. */
    REVERSE,
    /** Along the first conditional edge whose condition holds. */
    CONDITIONAL,
    /** Along the first direct edge that does not start a companion thread. */
    DIRECT,
    /** Out of a global node without edges, back to the node it was entered from ({@code force_transfer_to_node}). */
    RETURN_FROM_GLOBAL,
    /** The node runs again. */
    SELF_LOOP,
    /** Nowhere: the thread ends. */
    END
  }
}
