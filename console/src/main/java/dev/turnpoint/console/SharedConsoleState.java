package dev.turnpoint.console;

import dev.turnpoint.console.signin.KeyRevocations;
import dev.turnpoint.console.signin.SignInThrottle;
import dev.turnpoint.console.web.ConsoleConnections;
import dev.turnpoint.console.web.ConsoleSessionStore;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.time.Clock;

/**
 * What every console instance in one Vert.x shares, so that a session works on any of them and a second instance is no
 * way around a limit: the sessions, the sign-in throttle, the key checks and the open connections. The first instance
 * to start creates it with its settings; the last one to stop drops it.
 */
final class SharedConsoleState implements Shareable {

  private static final String MAP = "turnpoint.console.shared";
  private static final String KEY = "state";

  final ConsoleSessionStore sessions;
  final SignInThrottle throttle;
  final ConsoleConnections connections;
  final KeyRevocations revocations;
  /** Guarded by the shared map's atomic compute. */
  private int instances;

  private SharedConsoleState(Vertx vertx, ConsoleConfig settings, ConsoleServices services, Clock clock) {
    ConsoleConfig.Sessions limits = settings.sessions();
    sessions = new ConsoleSessionStore(vertx, clock, limits.maxSessions());
    throttle = new SignInThrottle(clock, settings.signIn().maxFailures(), settings.signIn().failureWindow(),
        settings.signIn().trackedAddresses());
    connections = new ConsoleConnections(settings.connections().maxConnections());
    // One team per signed-in session at most, so the session bound also bounds the teams whose keys are remembered.
    revocations = new KeyRevocations(services.apiKeys(), sessions, connections, clock, limits.keyCheckInterval(),
        limits.maxSessions());
  }

  static SharedConsoleState acquire(Vertx vertx, ConsoleConfig settings, ConsoleServices services, Clock clock) {
    return map(vertx).compute(KEY, (key, existing) -> {
      SharedConsoleState state = existing != null ? existing : new SharedConsoleState(vertx, settings, services, clock);
      state.instances++;
      return state;
    });
  }

  void release(Vertx vertx) {
    map(vertx).compute(KEY, (key, existing) -> {
      if (existing != this) {
        return existing;
      }
      instances--;
      return instances == 0 ? null : this;
    });
  }

  private static LocalMap<String, SharedConsoleState> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
