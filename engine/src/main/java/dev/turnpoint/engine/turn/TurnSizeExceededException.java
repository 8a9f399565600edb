package dev.turnpoint.engine.turn;

/**
 * A turn stopped because it would have passed one of its {@link TurnSizeLimits}; the message names the bound and its
 * configuration key. A run waiting for the user keeps the state it had before the turn (see {@link TurnClosing}).
 */
final class TurnSizeExceededException extends WorkflowExecutionException {
  TurnSizeExceededException(String message) {
    super(message);
  }
}
