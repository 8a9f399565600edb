package dev.turnpoint.engine.turn;

/** A turn stopped because it looked like an endless loop; the run ends {@code aborted_looping_risk}. */
class LoopingRiskException extends RuntimeException {
  LoopingRiskException(String message) {
    super(message);
  }
}
