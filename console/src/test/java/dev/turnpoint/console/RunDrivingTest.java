package dev.turnpoint.console;

import dev.turnpoint.engine.EngineVerticle;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.testing.Polling;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Driving runs from the console through the real engine: messages, pause, resume, stop, and starting a run. */
class RunDrivingTest {

  private static ConsoleFixture fixture;
  private static WorkflowDocument workflow;
  private static WebClientSession browser;
  private static String token;

  @BeforeAll
  static void start() {
    fixture = ConsoleFixture.start(new JsonObject(), List.of(EngineVerticle::new),
        new JsonObject().put("default_llm", new JsonObject().put("type", "offline_llm")).put("reaper_interval_ms", 0));
    workflow = fixture.services.workflows().createWorkflow(ConsoleFixture.TEAM, "seed", ConsoleFixture.frontDesk())
        .await();
    browser = fixture.browser();
    token = fixture.signIn(browser, fixture.createKey(ConsoleFixture.TEAM, ApiKeyRole.MEMBER));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void aWorkflowPageStartsARunAndOpensIt() {
    HttpResponse<Buffer> started = browser.post("/workflows/" + workflow.id + "/runs")
        .sendForm(form().add("version_number", "0")).await();

    assertThat(started.statusCode()).isEqualTo(303);
    String location = started.getHeader("Location");
    assertThat(location).matches("/runs/[0-9a-f]{24}");
    assertThat(browser.get(location).send().await().bodyAsString())
        .contains("May I have your full name").contains("status-waiting_for_user_input").contains("sse-connect");
  }

  @Test
  void anHtmxMessageAnswersAtOnceAndTheTurnFollows() {
    String runId = startRun();

    HttpResponse<Buffer> sent = htmxPost("/runs/" + runId + "/messages", form().add("message", "Hi <there>"));

    assertThat(sent.statusCode()).isEqualTo(200);
    assertThat(sent.bodyAsString()).contains("id=\"pending-turn\"").contains("Hi &lt;there&gt;")
        .contains("id=\"composer\"").contains("hx-swap-oob=\"true\"");
    RunRecord run = awaitTurns(runId, 2);
    assertThat(run.document().workflowRun.inputOutputPairs.get(1).runInput.userMessages())
        .containsExactly("Hi <there>");
  }

  @Test
  void aPlainFormMessageWaitsForTheTurnAndRedirects() {
    String runId = startRun();

    HttpResponse<Buffer> sent = browser.post("/runs/" + runId + "/messages")
        .sendForm(form().add("message", "This is Ada Lovelace, I need a check-up")).await();

    assertThat(sent.statusCode()).isEqualTo(303);
    assertThat(sent.getHeader("Location")).isEqualTo("/runs/" + runId + "#composer");
    assertThat(browser.get("/runs/" + runId).send().await().bodyAsString()).contains("Turn 2");
  }

  @Test
  void anEmptyMessageIsRefused() {
    String runId = startRun();

    HttpResponse<Buffer> sent = htmxPost("/runs/" + runId + "/messages", form().add("message", "   "));

    assertThat(sent.statusCode()).isEqualTo(422);
    assertThat(sent.bodyAsString()).contains("Write a message first.");
    assertThat(fixture.services.runs().getRun(ConsoleFixture.TEAM, runId).await().turnCount()).isEqualTo(1);
  }

  @Test
  void pauseResumeAndStopChangeTheRunAndAPausedRunTakesNoMessage() {
    String runId = startRun();
    String commands = "/runs/" + runId + "/commands";

    HttpResponse<Buffer> paused = htmxPost(commands, form().add("command", "pause"));
    assertThat(paused.statusCode()).isEqualTo(200);
    assertThat(paused.bodyAsString()).contains("status-paused").contains("value=\"resume\"")
        .doesNotContain("value=\"pause\"");

    HttpResponse<Buffer> refused = htmxPost("/runs/" + runId + "/messages", form().add("message", "hello?"));
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.bodyAsString()).contains("The run is paused. Resume it to send a message.");

    HttpResponse<Buffer> resumed = htmxPost(commands, form().add("command", "resume"));
    assertThat(resumed.bodyAsString()).contains("status-waiting_for_user_input");

    HttpResponse<Buffer> stopped = browser.post(commands).sendForm(form().add("command", "stop")).await();
    assertThat(stopped.statusCode()).isEqualTo(303);
    assertThat(fixture.services.runs().getRun(ConsoleFixture.TEAM, runId).await().document().workflowRun.status)
        .isEqualTo(WorkflowStatus.CANCELLED);

    HttpResponse<Buffer> again = htmxPost(commands, form().add("command", "stop"));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsString()).contains("Could not stop the run");

    assertThat(htmxPost(commands, form().add("command", "explode")).statusCode()).isEqualTo(400);
  }

  private static String startRun() {
    String location = browser.post("/workflows/" + workflow.id + "/runs").sendForm(form()).await()
        .getHeader("Location");
    return location.substring("/runs/".length());
  }

  /** Polls the store until the run has {@code turns} turns, for at most ten seconds. */
  private static RunRecord awaitTurns(String runId, int turns) {
    RunRecord run = Polling.upTo(Duration.ofSeconds(10)).every(Duration.ofMillis(25)).until("the run has its turns",
        () -> fixture.services.runs().getRun(ConsoleFixture.TEAM, runId).await(),
        stored -> stored.turnCount() >= turns);
    assertThat(run.turnCount()).isEqualTo(turns);
    return run;
  }

  private static HttpResponse<Buffer> htmxPost(String path, MultiMap form) {
    return browser.post(path).putHeader("HX-Request", "true").putHeader("X-CSRF-Token", token).sendForm(form)
        .await();
  }

  private static MultiMap form() {
    return MultiMap.caseInsensitiveMultiMap().add("csrf_token", token);
  }
}
