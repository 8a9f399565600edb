package dev.turnpoint.api;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.testing.Polling;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.vertx.core.http.HttpMethod.GET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that ask for a 4.5 MB run and never read the answer. The server holds at most its budget of such answers
 * (here 12 MB: two of them), refuses more with 503, goes on answering everybody else at once, and lets go of what
 * the stalled answers hold when their clients stop taking any of it for the idle timeout.
 */
@ExtendWith(VertxExtension.class)
class LargeAnswerBackpressureIT {

  private static final long BUDGET = 12L * 1024 * 1024;
  private static final int STALLED_CLIENTS = 8;
  private static final int IDLE_TIMEOUT_SECONDS = 20;
  private static ApiFixture api;
  private static String key;
  private static String bigRun;
  private final List<Socket> sockets = new ArrayList<>();
  private final Map<Socket, StringBuilder> statusLines = new HashMap<>();

  @BeforeAll
  static void start(Vertx vertx) {
    ApiFixture fixture = ApiFixture.start(vertx);
    api = fixture.anotherApi(new JsonObject().put("max_answer_bytes_in_flight", BUDGET)
        .put("idle_timeout_seconds", IDLE_TIMEOUT_SECONDS));
    String teamId = ApiFixture.newTeamId();
    key = api.teamKey(teamId, dev.turnpoint.service.ApiKeyRole.ADMIN);
    bigRun = TestRuns.run(api.runs, teamId, Ids.newObjectId(), 5, WorkflowStatus.COMPLETED, "x".repeat(450_000))
        .runId();
  }

  @AfterEach
  void closeSockets() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  @Test
  void stalledReadersHoldNoMoreThanTheBudgetAndEveryoneElseIsAnsweredAtOnce() throws Exception {
    HttpResponse<Buffer> read = api.send(GET, "/workflows/v1/workflow-runs/" + bigRun, key);
    assertThat(read.statusCode()).isEqualTo(200);
    int answerBytes = read.body().length();
    assertThat(answerBytes).isBetween(4_000_000, 6_000_000);
    long heapBefore = usedHeapAfterGc();

    for (int i = 0; i < STALLED_CLIENTS; i++) {
      stalledReader("/workflows/v1/workflow-runs/" + bigRun);
    }
    // Every stalled request has been worked on once all but the two the budget takes were refused.
    Polling.upTo(Duration.ofSeconds(90)).until("all but two stalled requests are refused",
        () -> statusLines().stream().filter(line -> line.contains(" 503 ")).count() == STALLED_CLIENTS - 2);

    assertThat(statusLines().stream().filter(line -> line.contains(" 200 ")).count()).isEqualTo(2);
    assertThat(api.api.answerBytesInFlight()).isBetween(2L * answerBytes, BUDGET);
    long started = System.nanoTime();
    HttpResponse<Buffer> list = api.send(GET, "/workflows/v1/workflow-runs", key);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    HttpResponse<Buffer> refused = api.send(GET, "/workflows/v1/workflow-runs/" + bigRun, key);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("large answers");
    assertThat(usedHeapAfterGc() - heapBefore).as("heap held by the stalled answers")
        .isLessThan(BUDGET + 64L * 1024 * 1024);

    Polling.upTo(Duration.ofSeconds(IDLE_TIMEOUT_SECONDS * 3L)).until("the stalled answers are let go",
        () -> api.api.answerBytesInFlight() == 0);
    assertThat(api.send(GET, "/workflows/v1/workflow-runs/" + bigRun, key).statusCode()).isEqualTo(200);
  }

  /** Sends the request and reads nothing; its receive buffer is tiny, so the answer stays at the server. */
  private void stalledReader(String path) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("localhost", api.api.actualPort()));
    sockets.add(socket);
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** The status line each stalled socket has received so far ("" while it has none), reading nothing more. */
  private List<String> statusLines() {
    List<String> lines = new ArrayList<>();
    for (Socket socket : sockets) {
      StringBuilder line = statusLines.computeIfAbsent(socket, ignored -> new StringBuilder());
      try {
        InputStream in = socket.getInputStream();
        while (line.indexOf("\r") < 0 && in.available() > 0) {
          line.append((char) in.read());
        }
      } catch (IOException closed) {
        line.append("(closed)");
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
