package dev.turnpoint.console.signin;

import dev.turnpoint.console.web.ConsoleConnections;
import dev.turnpoint.console.web.ConsoleSession;
import dev.turnpoint.console.web.ConsoleSessionStore;
import dev.turnpoint.console.web.Viewer;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.ApiKeyInfo;
import dev.turnpoint.service.ApiKeyStore;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Ends the console sessions of a revoked API key, in two ways that cover for each other.
 *
 * <ul>
 *   <li>At once: the key store publishes every revocation on {@link Addresses#EVENT_API_KEY_REVOKED}, and
 *   {@link #onRevocation} signs out every session signed in with that key and cuts its live streams.</li>
 *   <li>On every request (as a route handler): the key of a signed-in session must still be one of its team's live
 *   keys in the {@link ApiKeyStore}. A team's keys are read once and trusted for at most {@code checkInterval}, so
 *   this costs one lookup per team and interval, whatever the number of sessions; a revocation this console did not
 *   hear of (published while it was restarting, or lost between cluster members) ends the session within that
 *   interval.</li>
 * </ul>
 * A signed-out session stays in the store, anonymous, so that the sign-in page can say why. At most {@code maxTeams}
 * teams' keys are remembered (the least recently checked go first). Shared by every console instance in one Vert.x,
 * so its state is guarded by this object's lock.
 */
public final class KeyRevocations implements Handler<RoutingContext> {

  private final ApiKeyStore keys;
  private final ConsoleSessionStore sessions;
  private final ConsoleConnections connections;
  private final Clock clock;
  private final long checkIntervalMillis;
  private final Map<String, CheckedKeys> checked;

  public KeyRevocations(ApiKeyStore keys, ConsoleSessionStore sessions, ConsoleConnections connections, Clock clock,
                        Duration checkInterval, int maxTeams) {
    this.keys = keys;
    this.sessions = sessions;
    this.connections = connections;
    this.clock = clock;
    this.checkIntervalMillis = checkInterval.toMillis();
    this.checked = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, CheckedKeys> eldest) {
        return size() > maxTeams;
      }
    };
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<Viewer> signedIn = ConsoleSession.viewer(ctx);
    if (signedIn.isEmpty()) {
      ctx.next();
      return;
    }
    Viewer viewer = signedIn.get();
    Context here = Vertx.currentContext();
    liveKeys(viewer.teamId()).onComplete(checked -> {
      // A lookup started by another console instance completes on that instance's event loop.
      if (here == null || Vertx.currentContext() == here) {
        proceed(ctx, viewer, checked);
      } else {
        here.runOnContext(ignored -> proceed(ctx, viewer, checked));
      }
    });
  }

  /** Handles a message of {@link Addresses#EVENT_API_KEY_REVOKED}. */
  public void onRevocation(Message<JsonObject> message) {
    JsonObject revocation = message.body();
    String teamId = revocation.getString("team_id");
    String keyId = revocation.getString("key_id");
    if (teamId != null && keyId != null) {
      revoked(teamId, keyId);
    }
  }

  private void proceed(RoutingContext ctx, Viewer viewer, AsyncResult<Set<String>> checked) {
    if (checked.failed()) {
      ctx.fail(checked.cause());
      return;
    }
    if (!checked.result().contains(viewer.keyId())) {
      revoked(viewer.teamId(), viewer.keyId());
      ConsoleSession.endRevoked(ctx.session());
    } else if (streams(ctx)) {
      connections.carriesStreamOf(ctx.request().connection(), viewer.keyId());
    }
    ctx.next();
  }

  private void revoked(String teamId, String keyId) {
    synchronized (this) {
      checked.remove(teamId);
    }
    sessions.signOutKey(keyId);
    connections.closeStreamsOf(keyId);
  }

  /** The ids of the team's keys that are not revoked, as last read when that was recent enough. */
  private synchronized Future<Set<String>> liveKeys(String teamId) {
    long now = clock.millis();
    CheckedKeys last = checked.get(teamId);
    if (last != null && now - last.checkedAt() < checkIntervalMillis) {
      return last.liveKeyIds();
    }
    Future<Set<String>> lookup = keys.listKeys(teamId).map(infos -> infos.stream()
        .filter(info -> info.revokedAt() == null)
        .map(ApiKeyInfo::id)
        .collect(Collectors.toUnmodifiableSet()));
    if (checkIntervalMillis > 0) {
      checked.put(teamId, new CheckedKeys(lookup, now));
      lookup.onFailure(failure -> forget(teamId, lookup));
    }
    return lookup;
  }

  private synchronized void forget(String teamId, Future<Set<String>> failedLookup) {
    CheckedKeys last = checked.get(teamId);
    if (last != null && last.liveKeyIds() == failedLookup) {
      checked.remove(teamId);
    }
  }

  private static boolean streams(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.contains("text/event-stream");
  }

  /** A team's live keys as read at {@code checkedAt}; the lookup may still be under way. */
  private record CheckedKeys(Future<Set<String>> liveKeyIds, long checkedAt) {
  }
}
