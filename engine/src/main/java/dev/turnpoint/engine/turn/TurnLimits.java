package dev.turnpoint.engine.turn;

/**
 * Bounds that stop a turn which looks like an endless loop (status {@code aborted_looping_risk}).
 *
 * @param maxNodeExecutionsPerTurn node runs a turn may make, companion threads included
 * @param maxConditionalHopsPerTurn conditional-edge and global-node hops a turn may chain without a user message
 * @param maxDelaySeconds           the longest {@code no_op} delay honoured; longer ones are cut to it
 */
public record TurnLimits(int maxNodeExecutionsPerTurn, int maxConditionalHopsPerTurn, double maxDelaySeconds) {
  public static final TurnLimits DEFAULT = new TurnLimits(100, 25, 300);
}
