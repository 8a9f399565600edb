package dev.turnpoint.engine.turn;

/** How a node run leaves its thread. */
enum NodeResult {
  /** Follow the node's edges. */
  CONTINUE,
  /** Park the thread until the user's next message. */
  WAIT,
  /** End the thread here. */
  END
}
