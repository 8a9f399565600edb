package dev.turnpoint.console;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's HTTP server holds at most {@code max_connections} connections (one more is closed at once) and closes
 * a connection idle for {@code idle_timeout_seconds}. Over raw sockets, so that nothing pools or reconnects.
 */
class ConsoleConnectionLimitsIT {

  private ConsoleFixture fixture;
  private NetClient net;

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aConnectionOverTheLimitIsClosedAtOnceAndOneThatClosedMakesRoom() throws TimeoutException {
    start(new JsonObject().put("max_connections", 2));
    Connection first = connect();
    Connection second = connect();
    assertThat(first.get("/sign-in")).startsWith("HTTP/1.1 200");
    assertThat(second.get("/sign-in")).startsWith("HTTP/1.1 200");

    Connection third = connect();
    third.closed.future().await(5, TimeUnit.SECONDS);
    assertThat(third.closed.future().succeeded()).as("closed by the server").isTrue();
    assertThat(third.received.toString()).isEmpty();
    assertThat(first.get("/sign-in")).as("the others stay").startsWith("HTTP/1.1 200");

    first.socket.close().await();
    assertThat(connectWhenThereIsRoom().get("/sign-in")).startsWith("HTTP/1.1 200");
  }

  @Test
  void anIdleConnectionIsClosed() throws TimeoutException {
    start(new JsonObject().put("idle_timeout_seconds", 1));
    Connection connection = connect();
    assertThat(connection.get("/sign-in")).startsWith("HTTP/1.1 200");
    long answered = System.nanoTime();

    connection.closed.future().await(10, TimeUnit.SECONDS);

    assertThat(connection.closed.future().succeeded()).isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered)).isGreaterThanOrEqualTo(900);
  }

  private void start(JsonObject config) {
    fixture = ConsoleFixture.start(config);
    net = fixture.vertx.createNetClient();
  }

  /** Listens to the socket as soon as it is connected, so that not even an immediate close goes unseen. */
  private Connection connect() {
    return net.connect(fixture.port, "127.0.0.1").map(Connection::new).await();
  }

  /** The server notices a closed connection a moment after the client closed it. */
  private Connection connectWhenThereIsRoom() {
    List<Connection> refused = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 5_000;
    while (System.currentTimeMillis() < deadline) {
      Connection connection = connect();
      try {
        connection.closed.future().await(200, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillOpen) {
        return connection;
      }
      refused.add(connection);
    }
    throw new AssertionError(refused.size() + " connections refused for 5 seconds");
  }

  private final class Connection {
    final NetSocket socket;
    final StringBuffer received = new StringBuffer();
    final Promise<Void> closed = Promise.promise();

    Connection(NetSocket socket) {
      this.socket = socket;
      socket.handler(chunk -> received.append(chunk.toString()));
      socket.closeHandler(ignored -> closed.tryComplete());
    }

    /** Sends a GET on this connection and answers the response's head. */
    String get(String path) {
      received.setLength(0);
      socket.write(Buffer.buffer("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + fixture.port + "\r\n\r\n"))
          .await();
      long deadline = System.currentTimeMillis() + 10_000;
      while (received.indexOf("\r\n\r\n") < 0 && System.currentTimeMillis() < deadline && !closed.future()
          .isComplete()) {
        fixture.vertx.timer(10).await();
      }
      return received.toString();
    }
  }
}
