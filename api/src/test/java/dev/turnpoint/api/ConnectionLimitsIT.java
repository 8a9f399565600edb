package dev.turnpoint.api;

import dev.turnpoint.testing.Polling;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Connections a client opens and leaves silent, or feeds a byte at a time: against an api allowing 5 connections,
 * and one allowing 1.5 s to deliver a request. Waits on wall time, so it is an integration test.
 */
@ExtendWith(VertxExtension.class)
class ConnectionLimitsIT {

  private static final int MAX_CONNECTIONS = 5;
  private static final long READ_TIMEOUT_MILLIS = 1500;
  private static ApiFixture fixture;
  private static ApiFixture capped;
  private static ApiFixture strict;
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeAll
  static void start(Vertx vertx) {
    fixture = ApiFixture.start(vertx);
    capped = fixture.anotherApi(new JsonObject().put("max_connections", MAX_CONNECTIONS));
    strict = fixture.anotherApi(new JsonObject().put("request_read_timeout_millis", READ_TIMEOUT_MILLIS));
  }

  @AfterEach
  void closeSockets() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    Polling.upTo(Duration.ofSeconds(5)).until("every connection is closed",
        () -> capped.api.openConnections() == 0 && strict.api.openConnections() == 0);
  }

  @Test
  void connectionsOverTheLimitAreClosedAtOnceAndRequestsGoOnWhenOneCloses(Vertx vertx) throws IOException {
    String key = fixture.newTeamAdmin();
    for (int i = 0; i < MAX_CONNECTIONS; i++) {
      connect(capped);
    }
    Polling.upTo(Duration.ofSeconds(5)).until("the connections are open",
        () -> capped.api.openConnections() == MAX_CONNECTIONS);

    Socket excess = connect(capped);
    long started = System.nanoTime();
    assertThat(readUntilClosed(excess, Duration.ofSeconds(5))).as("the excess connection is closed").isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(capped.api.actualPort()));
    try {
      assertThatThrownBy(() -> client.get("/workflows/v1/workflows").bearerTokenAuthentication(key).send().await())
          .as("no room for another connection").isNotNull();

      sockets.remove(0).close();
      Polling.upTo(Duration.ofSeconds(5)).until("a connection is closed",
          () -> capped.api.openConnections() < MAX_CONNECTIONS);
      int status = client.get("/workflows/v1/workflows").bearerTokenAuthentication(key).send().await().statusCode();
      assertThat(status).isEqualTo(200);
    } finally {
      client.close();
    }
  }

  @Test
  void aSilentConnectionIsClosedAfterTheReadTimeout() throws IOException {
    Socket silent = connect(strict);
    long started = System.nanoTime();

    assertThat(readUntilClosed(silent, Duration.ofSeconds(10))).isEmpty();

    Duration open = Duration.ofNanos(System.nanoTime() - started);
    assertThat(open).isBetween(Duration.ofMillis(READ_TIMEOUT_MILLIS - 200), Duration.ofSeconds(6));
  }

  @Test
  void headersTrickledInAByteAtATimeAreCutOff() throws Exception {
    Socket slow = connect(strict);
    OutputStream out = slow.getOutputStream();
    byte[] head = "GET /workflows/v1/openapi.json HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
        .getBytes(StandardCharsets.US_ASCII);
    long started = System.nanoTime();
    boolean cut = false;
    for (int i = 0; i < 200 && !cut; i++) {
      try {
        out.write(i < head.length ? head[i] : 'x');
        out.flush();
      } catch (IOException closed) {
        cut = true;
      }
      Thread.sleep(50);
      cut |= closedByServer(slow);
    }
    assertThat(cut).as("the server closed the connection").isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
  }

  @Test
  void aBodyTrickledInIsCutOffButAKeepAliveConnectionServesRequestAfterRequest() throws Exception {
    String key = fixture.newTeamAdmin();
    Socket slow = connect(strict);
    OutputStream out = slow.getOutputStream();
    out.write(("POST /workflows/v1/workflows HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
        + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    long started = System.nanoTime();
    boolean cut = false;
    for (int i = 0; i < 200 && !cut; i++) {
      try {
        out.write(' ');
        out.flush();
      } catch (IOException closed) {
        cut = true;
      }
      Thread.sleep(50);
      cut |= closedByServer(slow);
    }
    assertThat(cut).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));

    Socket keepAlive = connect(strict);
    for (int i = 0; i < 3; i++) {
      keepAlive.getOutputStream().write(("GET /workflows/v1/workflows HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + key + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      assertThat(readStatusLine(keepAlive)).isEqualTo("HTTP/1.1 200 OK");
      Thread.sleep(READ_TIMEOUT_MILLIS / 2);
    }
  }

  private Socket connect(ApiFixture api) throws IOException {
    Socket socket = new Socket("localhost", api.api.actualPort());
    socket.setSoTimeout(100);
    sockets.add(socket);
    return socket;
  }

  /** What the socket received until the server closed it. */
  private static byte[] readUntilClosed(Socket socket, Duration limit) throws IOException {
    InputStream in = socket.getInputStream();
    long deadline = System.nanoTime() + limit.toNanos();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    while (System.nanoTime() < deadline) {
      try {
        int read = in.read();
        if (read < 0) {
          return received.toByteArray();
        }
        received.write(read);
      } catch (SocketTimeoutException stillOpen) {
        // keep waiting
      } catch (IOException reset) {
        return received.toByteArray();
      }
    }
    throw new AssertionError("the server kept the connection open for " + limit);
  }

  private static boolean closedByServer(Socket socket) {
    try {
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /** Reads one whole answer (headers and a Content-Length body) and returns its status line. */
  private static String readStatusLine(Socket socket) throws IOException {
    socket.setSoTimeout(5000);
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int read = in.read();
      assertThat(read).as("the answer's head").isNotNegative();
      head.append((char) read);
    }
    String lengthHeader = head.toString().lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
        .findFirst().orElseThrow();
    int length = Integer.parseInt(lengthHeader.substring(lengthHeader.indexOf(':') + 1).strip());
    assertThat(in.readNBytes(length)).hasSize(length);
    socket.setSoTimeout(100);
    return head.substring(0, head.indexOf("\r\n"));
  }
}
