package dev.turnpoint.console.web;

import io.vertx.ext.auth.prng.VertxContextPRNG;
import io.vertx.ext.web.sstore.AbstractSession;

import java.time.Clock;

/**
 * A session whose last access is read from the console's {@link Clock} rather than the system's, so that the idle
 * timeout follows the same time as everything else the console decides (and tests can move it).
 */
final class ClockedSession extends AbstractSession {

  private final Clock clock;

  ClockedSession(VertxContextPRNG random, long timeout, int length, Clock clock) {
    super(random, timeout, length);
    this.clock = clock;
    setLastAccessed(clock.millis());
  }

  @Override
  public void setAccessed() {
    setLastAccessed(clock.millis());
  }
}
