package dev.turnpoint.api.limits;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps clients from tying up the server with connections: at most {@link ConnectionLimits#maxConnections()} are
 * open (the next one is closed at once), and each must send its next whole request within
 * {@link ConnectionLimits#requestReadTimeoutMillis()} or is closed, so headers or a body that trickle in a byte at a
 * time cannot hold a connection forever, and a silent or idle keep-alive connection is closed too. The deadline does
 * not run while the server works on a request. Header size and request line length are the HTTP server's own
 * options ({@link #configure}); its idle timeout is not used, because it would also cut a request the engine is
 * still working on (answers that stall are closed by {@code AnswerWriter} instead).
 *
 * <p>One guard serves one api verticle instance and runs on its event loop.
 */
public final class ConnectionGuard {

  private final Vertx vertx;
  private final ConnectionLimits limits;
  private final Map<HttpConnection, ReadDeadline> open = new HashMap<>();

  public ConnectionGuard(Vertx vertx, ConnectionLimits limits) {
    this.vertx = vertx;
    this.limits = limits;
  }

  /** Sets the server's own limits: largest header block and longest request line. */
  public HttpServerOptions configure(HttpServerOptions options) {
    return options.setMaxHeaderSize(limits.maxHeaderBytes()).setMaxInitialLineLength(limits.maxInitialLineBytes());
  }

  /** For the server's connection handler: admits or closes each new connection and starts its read deadline. */
  public Handler<HttpConnection> connections() {
    return connection -> {
      if (open.size() >= limits.maxConnections()) {
        connection.close();
        return;
      }
      ReadDeadline deadline = new ReadDeadline(connection);
      open.put(connection, deadline);
      connection.closeHandler(closed -> open.remove(connection).cancel());
      deadline.start();
    };
  }

  /** First handler of every request: the request's deadline ends once it is all read, and restarts after it. */
  public Handler<RoutingContext> requests() {
    return ctx -> {
      HttpServerRequest request = ctx.request();
      ReadDeadline deadline = open.get(request.connection());
      if (deadline != null) {
        if (request.isEnded()) {
          deadline.cancel();
        } else {
          deadline.reading(ctx.response());
          request.end().onComplete(read -> deadline.cancel());
        }
        ctx.addEndHandler(answered -> deadline.start());
      }
      ctx.next();
    };
  }

  /** How many connections are open now. */
  public int openConnections() {
    return open.size();
  }

  /** The time a connection has left to deliver its next request; closes the connection when it runs out. */
  private final class ReadDeadline {

    private final HttpConnection connection;
    private HttpServerResponse unread;
    private long timer = -1;

    ReadDeadline(HttpConnection connection) {
      this.connection = connection;
    }

    /** Starts the time for the next request. */
    void start() {
      cancel();
      if (open.containsKey(connection)) {
        timer = vertx.setTimer(limits.requestReadTimeoutMillis(), expired -> expire());
      }
    }

    /** The request whose headers are in is still being read; at the deadline it is answered 408. */
    void reading(HttpServerResponse response) {
      unread = response;
    }

    void cancel() {
      unread = null;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    /** Closing waits for a request in progress to be answered, so one still being read is answered first. */
    private void expire() {
      timer = -1;
      connection.close();
      if (unread != null && !unread.headWritten()) {
        unread.setStatusCode(408).putHeader(HttpHeaders.CONNECTION, "close").end();
      }
    }
  }
}
