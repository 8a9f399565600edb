package dev.turnpoint.console;

import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.service.RunEvents;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.StatusChange;
import dev.turnpoint.testing.Polling;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The run page's event stream pushes the run again when the engine publishes an event about it. */
class RunLiveStreamTest {

  private static ConsoleFixture fixture;
  private static WorkflowDocument workflow;
  private static String cookie;

  @BeforeAll
  static void start() {
    fixture = ConsoleFixture.start(new JsonObject());
    workflow = fixture.createWorkflow(ConsoleFixture.TEAM, "Live");
    WebClientSession browser = fixture.browser();
    fixture.signIn(browser, fixture.createKey(ConsoleFixture.TEAM, ApiKeyRole.MEMBER));
    cookie = StreamSupport.stream(browser.cookieStore().get(false, "127.0.0.1", "/").spliterator(), false)
        .map(c -> c.name() + "=" + c.value())
        .collect(Collectors.joining("; "));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void pushesTheRunOnItsEventsAndEndsWhenTheRunEnds() throws Exception {
    RunRecord run = fixture.seedRun(ConsoleFixture.TEAM, workflow.id, WorkflowStatus.WAITING_FOR_USER_INPUT, "hi");
    RunRecord unrelated = fixture.seedRun(ConsoleFixture.TEAM, workflow.id, WorkflowStatus.WAITING_FOR_USER_INPUT,
        "other");
    StringBuilder received = new StringBuilder();
    Promise<Void> ended = Promise.promise();
    HttpClientResponse response = open(run, received, ended);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");

    statusChanged(ConsoleFixture.TEAM, unrelated, WorkflowStatus.PAUSED);
    RunRecord paused = fixture.services.runs().changeStatus(ConsoleFixture.TEAM, run.runId(),
        new StatusChange(run.revision(), WorkflowStatus.PAUSED, null, "test")).await();
    statusChanged(ConsoleFixture.TEAM, run, WorkflowStatus.PAUSED);
    awaitText(received, "status-paused");
    assertThat(received.toString()).startsWith("retry: 3000").contains("event: run\ndata: ")
        .contains("The run is paused. Resume it to send a message.");

    fixture.services.runs().changeStatus(ConsoleFixture.TEAM, run.runId(),
        new StatusChange(paused.revision(), WorkflowStatus.CANCELLED, null, "test")).await();
    fixture.vertx.eventBus().publish(Addresses.EVENT_TURN_COMPLETED, RunEvents.turnCompleted(ConsoleFixture.TEAM,
        run.runId(), workflow.id, 1, WorkflowStatus.CANCELLED, null, java.util.List.of()));
    ended.future().await(10, TimeUnit.SECONDS);
    assertThat(received.toString()).contains("status-cancelled").endsWith("event: end\ndata: \n\n");
  }

  @Test
  void anOutdatedPageGetsTheCurrentStateAtOnce() {
    RunRecord run = fixture.seedRun(ConsoleFixture.TEAM, workflow.id, WorkflowStatus.WAITING_FOR_USER_INPUT, "hi");
    StringBuilder received = new StringBuilder();
    Promise<Void> ended = Promise.promise();
    open(run, received, ended, run.revision() - 1);

    awaitText(received, "event: run");
    assertThat(received.toString()).contains("You said: hi");
  }

  @Test
  void eventsOfAnotherTeamAreIgnored() {
    RunRecord run = fixture.seedRun(ConsoleFixture.TEAM, workflow.id, WorkflowStatus.WAITING_FOR_USER_INPUT, "hi");
    StringBuilder received = new StringBuilder();
    Promise<Void> ended = Promise.promise();
    open(run, received, ended);

    statusChanged(ConsoleFixture.OTHER_TEAM, run, WorkflowStatus.PAUSED);
    fixture.services.runs().changeStatus(ConsoleFixture.TEAM, run.runId(),
        new StatusChange(run.revision(), WorkflowStatus.PAUSED, null, "test")).await();
    statusChanged(ConsoleFixture.TEAM, run, WorkflowStatus.PAUSED);

    awaitText(received, "status-paused");
    assertThat(received.toString().split("event: run", -1)).as("one push, for the matching event").hasSize(2);
  }

  /** Publishes what the engine publishes when it changes a run's status. */
  private static void statusChanged(String teamId, RunRecord run, WorkflowStatus status) {
    fixture.vertx.eventBus().publish(Addresses.EVENT_STATUS_CHANGED, RunEvents.statusChanged(teamId, run.runId(),
        workflow.id, WorkflowStatus.WAITING_FOR_USER_INPUT, status, null));
  }

  private HttpClientResponse open(RunRecord run, StringBuilder received, Promise<Void> ended) {
    return open(run, received, ended, run.revision());
  }

  private HttpClientResponse open(RunRecord run, StringBuilder received, Promise<Void> ended, long revision) {
    HttpClient client = fixture.vertx.createHttpClient();
    HttpClientResponse response = client.request(new RequestOptions().setMethod(HttpMethod.GET)
            .setHost("127.0.0.1").setPort(fixture.port)
            .setURI("/runs/" + run.runId() + "/live?revision=" + revision)
            .putHeader("Cookie", cookie).putHeader("Accept", "text/event-stream"))
        .compose(request -> request.send())
        .onSuccess(opened -> opened
            .handler(chunk -> {
              synchronized (received) {
                received.append(chunk.toString());
              }
            })
            .endHandler(done -> ended.tryComplete()))
        .await();
    return response;
  }

  /** Polls what arrived until it contains {@code text}, for at most ten seconds. */
  private static void awaitText(StringBuilder received, String text) {
    Polling.upTo(Duration.ofSeconds(10)).every(Duration.ofMillis(25)).until("the stream carries " + text, () -> {
      synchronized (received) {
        return received.toString();
      }
    }, arrived -> arrived.contains(text));
  }
}
