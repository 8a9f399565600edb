package dev.turnpoint.console.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connections the console holds open, across every console instance in one Vert.x (its methods are
 * synchronized).
 *
 * <p>They are capped: a connection over {@code maxConnections} is closed as soon as it is accepted, before it can send
 * a request, so that a client opening connections without end cannot exhaust the server's sockets or memory. And a
 * connection that carries a live stream remembers the API key of the session it streams to, so that revoking the key
 * can cut the stream at once.
 */
public final class ConsoleConnections implements Handler<HttpConnection> {

  private static final String NO_STREAM = "";

  private final int maxConnections;
  /** Each open connection, with the key id of the live stream it carried last, or {@link #NO_STREAM}. */
  private final Map<HttpConnection, String> open = new IdentityHashMap<>();

  public ConsoleConnections(int maxConnections) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("the console needs room for at least one connection");
    }
    this.maxConnections = maxConnections;
  }

  @Override
  public synchronized void handle(HttpConnection connection) {
    if (open.size() >= maxConnections) {
      connection.close();
      return;
    }
    open.put(connection, NO_STREAM);
    connection.closeHandler(closed -> closed(connection));
  }

  /** Notes that {@code connection} streams to a session signed in with the API key {@code keyId}. */
  public synchronized void carriesStreamOf(HttpConnection connection, String keyId) {
    open.replace(connection, keyId);
  }

  /** Closes every connection that streams to a session of the API key {@code keyId}. */
  public void closeStreamsOf(String keyId) {
    List<HttpConnection> streams = new ArrayList<>();
    synchronized (this) {
      open.forEach((connection, streamKey) -> {
        if (streamKey.equals(keyId)) {
          streams.add(connection);
        }
      });
    }
    streams.forEach(HttpConnection::close);
  }

  /** How many connections are open now. */
  public synchronized int count() {
    return open.size();
  }

  private synchronized void closed(HttpConnection connection) {
    open.remove(connection);
  }
}
