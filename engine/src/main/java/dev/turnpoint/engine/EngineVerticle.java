package dev.turnpoint.engine;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Executes workflow turns. */
public class EngineVerticle extends VerticleBase {
  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
