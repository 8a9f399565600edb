package dev.turnpoint.engine.turn;

import io.vertx.core.Future;

/** Executes one node type. */
interface NodeRunner {
  Future<NodeResult> run(NodeRun run);
}
