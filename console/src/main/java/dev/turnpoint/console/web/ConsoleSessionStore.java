package dev.turnpoint.console.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.prng.VertxContextPRNG;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.sstore.SessionStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's sessions, in memory, bounded in number and expiring when idle, on the console's {@link Clock}.
 *
 * <p>A session that has seen no request for its timeout is gone: it is never answered again and is dropped when the
 * store next makes room. At most {@code maxSessions} are kept, of which at most a tenth (at least one) anonymous ones
 * (visitors who only opened the sign-in page). One anonymous session more evicts the least recently used anonymous
 * one, one signed-in session more the least recently used signed-in one: visits to the sign-in page, however many,
 * never sign anyone out. Because of the bound the store needs no sweeping timer. Every console instance in one
 * Vert.x shares one store; its methods are synchronized.
 */
public final class ConsoleSessionStore implements SessionStore {

  private final Clock clock;
  private final VertxContextPRNG random;
  private final int maxAnonymous;
  private final int maxSignedIn;
  /** Both in the order they were last stored in, least recent first. */
  private final LinkedHashMap<String, Session> anonymous = new LinkedHashMap<>();
  private final LinkedHashMap<String, Session> signedIn = new LinkedHashMap<>();

  public ConsoleSessionStore(Vertx vertx, Clock clock, int maxSessions) {
    if (maxSessions < 2) {
      throw new IllegalArgumentException("the console needs room for at least two sessions");
    }
    this.clock = clock;
    this.random = VertxContextPRNG.current(vertx);
    this.maxAnonymous = Math.max(1, maxSessions / 10);
    this.maxSignedIn = maxSessions - maxAnonymous;
  }

  @Override
  public SessionStore init(Vertx vertx, JsonObject options) {
    return this;
  }

  /** Sessions live in this process only: a miss is final, there is nothing to wait for. */
  @Override
  public long retryTimeout() {
    return 0;
  }

  @Override
  public Session createSession(long timeout) {
    return createSession(timeout, DEFAULT_SESSIONID_LENGTH);
  }

  @Override
  public Session createSession(long timeout, int length) {
    return new ClockedSession(random, timeout, length, clock);
  }

  @Override
  public synchronized Future<Session> get(String id) {
    Session session = signedIn.get(id);
    if (session == null) {
      session = anonymous.get(id);
    }
    if (session != null && expired(session, clock.millis())) {
      remove(id);
      session = null;
    }
    return Future.succeededFuture(session);
  }

  @Override
  public synchronized Future<Void> delete(String id) {
    remove(id);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> put(Session session) {
    remove(session.id());
    boolean signedInSession = ConsoleSession.isSignedIn(session);
    (signedInSession ? signedIn : anonymous).put(session.id(), session);
    long now = clock.millis();
    dropExpired(anonymous, now);
    dropExpired(signedIn, now);
    if (signedInSession) {
      evictBeyond(signedIn, maxSignedIn);
    } else {
      evictBeyond(anonymous, maxAnonymous);
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> clear() {
    anonymous.clear();
    signedIn.clear();
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Integer> size() {
    return Future.succeededFuture(anonymous.size() + signedIn.size());
  }

  @Override
  public void close() {
    // Nothing to release: the sessions are plain objects in this store's maps.
  }

  /**
   * Signs out every session signed in with the API key {@code keyId} (see {@link ConsoleSession#endRevoked}); answers
   * how many there were. The sessions stay, anonymous, so that their next page can say why.
   */
  public synchronized int signOutKey(String keyId) {
    List<Session> ended = new ArrayList<>();
    for (Iterator<Session> sessions = signedIn.values().iterator(); sessions.hasNext(); ) {
      Session session = sessions.next();
      if (ConsoleSession.signedInWith(session, keyId)) {
        sessions.remove();
        ended.add(session);
      }
    }
    for (Session session : ended) {
      ConsoleSession.endRevoked(session);
      anonymous.put(session.id(), session);
    }
    evictBeyond(anonymous, maxAnonymous);
    return ended.size();
  }

  private void remove(String id) {
    if (signedIn.remove(id) == null) {
      anonymous.remove(id);
    }
  }

  /** Evicts the least recently used of {@code sessions} until there are no more than {@code max}. */
  private static void evictBeyond(Map<String, Session> sessions, int max) {
    for (Iterator<Session> eldest = sessions.values().iterator(); sessions.size() > max && eldest.hasNext(); ) {
      eldest.next();
      eldest.remove();
    }
  }

  /**
   * Sessions are kept in the order they were last stored, which is the order of their last access (a signed-out one
   * may lag), so the expired ones are at the front; a straggler is still refused by {@link #get}.
   */
  private static void dropExpired(Map<String, Session> sessions, long now) {
    for (Iterator<Session> eldest = sessions.values().iterator(); eldest.hasNext(); ) {
      if (!expired(eldest.next(), now)) {
        return;
      }
      eldest.remove();
    }
  }

  private static boolean expired(Session session, long now) {
    return now - session.lastAccessed() > session.timeout();
  }
}
