package dev.turnpoint.console;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** The browser console. */
public class ConsoleVerticle extends VerticleBase {
  @Override
  public Future<?> start() {
    return Future.succeededFuture();
  }
}
