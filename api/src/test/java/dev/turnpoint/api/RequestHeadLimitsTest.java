package dev.turnpoint.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request line and the header block have configured limits, refused before anything is routed. Sent over raw
 * sockets, because the server closes a connection after refusing its request head.
 */
@ExtendWith(VertxExtension.class)
class RequestHeadLimitsTest {

  private static ApiFixture api;
  private static String key;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx, new JsonObject().put("max_header_bytes", 2048).put("max_initial_line_bytes", 512));
    key = api.newTeamAdmin();
  }

  @Test
  void aRequestLineOverTheLimitIs414() throws IOException {
    String search = "q".repeat(600);

    assertThat(statusLine("/workflows/v1/workflows?search=" + search, "")).contains(" 414 ");
    assertThat(statusLine("/workflows/v1/workflows?search=" + search.substring(0, 100), "")).contains(" 200 ");
  }

  @Test
  void headersOverTheLimitAre431() throws IOException {
    assertThat(statusLine("/workflows/v1/workflows", "X-Padding: " + "p".repeat(3000) + "\r\n")).contains(" 431 ");
    assertThat(statusLine("/workflows/v1/workflows", "X-Padding: " + "p".repeat(1000) + "\r\n")).contains(" 200 ");
  }

  private static String statusLine(String path, String moreHeaders) throws IOException {
    try (Socket socket = new Socket("localhost", api.api.actualPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
          + "\r\nConnection: close\r\n" + moreHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    }
  }
}
