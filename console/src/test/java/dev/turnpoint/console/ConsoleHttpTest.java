package dev.turnpoint.console;

import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.service.ForkSpec;
import dev.turnpoint.service.RunRecord;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The console over HTTP, as a browser sees it: sessions, fragments, CSRF, headers and team isolation. */
class ConsoleHttpTest {

  private static ConsoleFixture fixture;
  private static String key;
  private static String adminKey;
  private static String otherTeamKey;
  private static WorkflowDocument workflow;

  @BeforeAll
  static void start() {
    fixture = ConsoleFixture.start(new JsonObject());
    key = fixture.createKey(ConsoleFixture.TEAM, ApiKeyRole.MEMBER);
    adminKey = fixture.createKey(ConsoleFixture.TEAM, ApiKeyRole.ADMIN);
    otherTeamKey = fixture.createKey(ConsoleFixture.OTHER_TEAM, ApiKeyRole.MEMBER);
    workflow = fixture.createWorkflow(ConsoleFixture.TEAM, "Clinic intake");
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void signingInStartsAnHttpOnlyStrictSessionAndSigningOutEndsIt() {
    WebClientSession browser = fixture.browser();

    HttpResponse<Buffer> anonymous = browser.get("/runs").send().await();
    assertThat(anonymous.statusCode()).isEqualTo(303);
    assertThat(anonymous.getHeader("Location")).isEqualTo("/sign-in?return_to=%2Fruns");

    HttpResponse<Buffer> signInPage = browser.get("/sign-in").send().await();
    assertThat(signInPage.statusCode()).isEqualTo(200);
    String token = ConsoleFixture.csrfToken(signInPage);

    HttpResponse<Buffer> wrongKey = browser.post("/sign-in")
        .sendForm(form(token).add("api_key", "tp_not-a-key")).await();
    assertThat(wrongKey.statusCode()).isEqualTo(401);
    assertThat(wrongKey.bodyAsString()).contains("That API key is not valid");

    HttpResponse<Buffer> signedIn = browser.post("/sign-in")
        .sendForm(form(token).add("api_key", key).add("return_to", "/workflows")).await();
    assertThat(signedIn.statusCode()).isEqualTo(303);
    assertThat(signedIn.getHeader("Location")).isEqualTo("/workflows");
    assertThat(signedIn.cookies()).anySatisfy(cookie -> assertThat(cookie)
        .startsWith("turnpoint_console_session=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict"));

    HttpResponse<Buffer> runs = browser.get("/runs").send().await();
    assertThat(runs.statusCode()).isEqualTo(200);
    assertThat(runs.bodyAsString()).contains(ConsoleFixture.TEAM).contains("Sign out");
    String signedInToken = ConsoleFixture.csrfToken(runs);
    assertThat(signedInToken).as("signing in replaces the token").isNotEqualTo(token);

    HttpResponse<Buffer> signedOut = browser.post("/sign-out").sendForm(form(signedInToken)).await();
    assertThat(signedOut.statusCode()).isEqualTo(303);
    assertThat(signedOut.getHeader("Location")).isEqualTo("/sign-in?signed_out=1");
    assertThat(browser.get("/runs").send().await().statusCode()).isEqualTo(303);
  }

  @Test
  void signInReturnsOnlyToConsolePages() {
    WebClientSession browser = fixture.browser();
    String token = ConsoleFixture.csrfToken(browser.get("/sign-in?return_to=//evil.example/x").send().await());

    HttpResponse<Buffer> signedIn = browser.post("/sign-in")
        .sendForm(form(token).add("api_key", key).add("return_to", "//evil.example/x")).await();

    assertThat(signedIn.getHeader("Location")).isEqualTo("/runs");
  }

  @Test
  void sameUrlServesTheFullPageOrItsFragment() {
    WebClientSession browser = signedIn(key);

    HttpResponse<Buffer> page = browser.get("/runs").send().await();
    HttpResponse<Buffer> fragment = browser.get("/runs").putHeader("HX-Request", "true").send().await();

    for (HttpResponse<Buffer> response : java.util.List.of(page, fragment)) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
      assertThat(response.getHeader("Vary")).isEqualTo("HX-Request");
      assertThat(response.bodyAsString()).contains("id=\"run-results\"");
    }
    assertThat(page.bodyAsString()).startsWith("<!DOCTYPE html>").contains("<main id=\"main\">");
    assertThat(fragment.bodyAsString()).doesNotContain("<html").doesNotContain("<main");
  }

  @Test
  void stateChangesWithoutTheTokenAreRefused() {
    RunRecord run = fixture.seedRun(ConsoleFixture.TEAM, workflow.id, WorkflowStatus.COMPLETED, "hello");
    WebClientSession browser = signedIn(key);
    String comments = "/runs/" + run.runId() + "/comments";

    HttpResponse<Buffer> noToken = browser.post(comments)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("content", "no token")).await();
    HttpResponse<Buffer> wrongToken = browser.post(comments).putHeader("X-CSRF-Token", "0".repeat(64))
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("content", "wrong token")).await();
    HttpResponse<Buffer> anonymousSignIn = fixture.browser().post("/sign-in")
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("api_key", key)).await();

    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(wrongToken.statusCode()).isEqualTo(403);
    assertThat(anonymousSignIn.statusCode()).isEqualTo(403);
    RunRecord stored = fixture.services.runs().getRun(ConsoleFixture.TEAM, run.runId()).await();
    assertThat(stored.document().workflowRun.comments).isEmpty();
  }

  @Test
  void commentsAreAddedWithTheTokenInTheHtmxHeaderOnlyOnFinishedRuns() {
    RunRecord finished = fixture.seedRun(ConsoleFixture.TEAM, workflow.id, WorkflowStatus.COMPLETED, "hi");
    RunRecord waiting = fixture.seedRun(ConsoleFixture.TEAM, workflow.id, WorkflowStatus.WAITING_FOR_USER_INPUT,
        "hi");
    WebClientSession browser = signedIn(key);
    String token = ConsoleFixture.csrfToken(browser.get("/runs").send().await());

    HttpResponse<Buffer> added = browser.post("/runs/" + finished.runId() + "/turns/0/comments")
        .putHeader("HX-Request", "true").putHeader("X-CSRF-Token", token)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("content", "<b>Good</b> answer")).await();
    HttpResponse<Buffer> refused = browser.post("/runs/" + waiting.runId() + "/comments")
        .putHeader("HX-Request", "true").putHeader("X-CSRF-Token", token)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("content", "too early")).await();

    assertThat(added.statusCode()).isEqualTo(200);
    assertThat(added.bodyAsString()).startsWith("<section class=\"comments\" id=\"turn-0-comments\"")
        .contains("&lt;b&gt;Good&lt;/b&gt; answer");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.bodyAsString()).contains("Comments can be added once the run has finished.");
    RunRecord stored = fixture.services.runs().getRun(ConsoleFixture.TEAM, finished.runId()).await();
    assertThat(stored.document().workflowRun.inputOutputPairs.get(0).comments)
        .extracting(comment -> comment.content).containsExactly("<b>Good</b> answer");
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() {
    WebClientSession browser = signedIn(key);
    for (String path : java.util.List.of("/sign-in", "/runs", "/static/htmx.min.js", "/static/console.css",
        "/no-such-page", "/runs/" + "0".repeat(24))) {
      HttpResponse<Buffer> response = browser.get(path).send().await();
      assertThat(response.getHeader("Content-Security-Policy")).as(path)
          .contains("default-src 'self'").contains("script-src 'self'").contains("style-src 'self'")
          .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
      assertThat(response.getHeader("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
      assertThat(response.getHeader("Referrer-Policy")).as(path).isEqualTo("same-origin");
    }
  }

  @Test
  void htmxAndItsSseExtensionComeFromTheWebjars() {
    HttpResponse<Buffer> htmx = fixture.browser().get("/static/htmx.min.js").send().await();
    HttpResponse<Buffer> sse = fixture.browser().get("/static/htmx-ext-sse.js").send().await();
    HttpResponse<Buffer> css = fixture.browser().get("/static/console.css").send().await();

    assertThat(htmx.statusCode()).isEqualTo(200);
    assertThat(htmx.getHeader("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    assertThat(htmx.bodyAsString()).contains("htmx");
    assertThat(sse.bodyAsString()).contains("defineExtension('sse'");
    assertThat(css.getHeader("Content-Type")).isEqualTo("text/css; charset=utf-8");
    HttpResponse<Buffer> revalidated = fixture.browser().get("/static/console.css")
        .putHeader("If-None-Match", css.getHeader("ETag")).send().await();
    assertThat(revalidated.statusCode()).isEqualTo(304);
  }

  @Test
  void anotherTeamsRunIsNotFound() {
    RunRecord theirs = fixture.seedRun(ConsoleFixture.OTHER_TEAM, workflow.id, WorkflowStatus.COMPLETED, "secret");
    WebClientSession browser = signedIn(key);
    String token = ConsoleFixture.csrfToken(browser.get("/runs").send().await());

    HttpResponse<Buffer> page = browser.get("/runs/" + theirs.runId()).send().await();
    HttpResponse<Buffer> live = browser.get("/runs/" + theirs.runId() + "/live").send().await();
    HttpResponse<Buffer> comment = browser.post("/runs/" + theirs.runId() + "/comments")
        .putHeader("X-CSRF-Token", token)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("content", "mine now")).await();
    HttpResponse<Buffer> list = browser.get("/runs?q=" + theirs.runId()).send().await();

    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.bodyAsString()).doesNotContain("secret");
    assertThat(live.statusCode()).isEqualTo(404);
    assertThat(comment.statusCode()).isEqualTo(404);
    assertThat(list.bodyAsString()).doesNotContain("href=\"/runs/" + theirs.runId()).contains("No runs match");
    assertThat(signedIn(otherTeamKey).get("/runs/" + theirs.runId()).send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void runPageShowsHeaderTimelineAndUsage() {
    RunRecord run = fixture.seedRun(ConsoleFixture.TEAM, workflow.id, WorkflowStatus.COMPLETED,
        "My name is Ada", "I need a check-up");
    WebClientSession browser = signedIn(key);

    HttpResponse<Buffer> page = browser.get("/runs/" + run.runId()).send().await();

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString())
        .contains("Clinic intake")
        .contains("Turn 1").contains("Turn 2")
        .contains("My name is Ada").contains("You said: I need a check-up")
        .contains("status-completed")
        .contains("last_message")
        .contains("Add comment")
        .doesNotContain("sse-connect");
  }

  @Test
  void aForkShowsItsLineageCarriedOverUsageAndInheritedTurns() {
    RunRecord source = fixture.seedRun(ConsoleFixture.TEAM, workflow.id, WorkflowStatus.COMPLETED,
        "first", "second", "third");
    WorkflowRun header = new WorkflowRun();
    header.workflowId = workflow.id;
    header.status = WorkflowStatus.WAITING_FOR_USER_INPUT;
    header.sourceWorkflowRunId = source.runId();
    header.checkpointSourceTurnIndex = 1;
    header.carriedOverLlmTokenUsage = new LLMTokenUsage();
    header.carriedOverLlmTokenUsage.record("offline-model", "offline", 1_000, 234, false);
    RunRecord fork = fixture.services.runs().forkRun(ConsoleFixture.TEAM, "fixture", new ForkSpec(source.runId(), 1,
        header, new JsonObject(), "retry", null, null)).await();
    WebClientSession browser = signedIn(key);

    String page = browser.get("/runs/" + fork.runId()).send().await().bodyAsString();
    String sourcePage = browser.get("/runs/" + source.runId()).send().await().bodyAsString();
    String forks = browser.get("/runs?source=" + source.runId()).send().await().bodyAsString();

    assertThat(page).contains("<a href=\"/runs/" + source.runId() + "\"").contains("forked at turn 2")
        .contains("1,234 carried over").contains("inherited").contains("sse-connect")
        .doesNotContain("You said: third");
    assertThat(sourcePage).contains("/runs?source=" + source.runId()).contains("1 run forked from this one");
    assertThat(forks).contains("href=\"/runs/" + fork.runId() + "\"").contains("Forks of");
  }

  @Test
  void runListFiltersByWorkflowStatusAndSource() {
    WorkflowDocument other = fixture.createWorkflow(ConsoleFixture.TEAM, "Billing");
    RunRecord failed = fixture.seedRun(ConsoleFixture.TEAM, other.id, WorkflowStatus.FAILED, "x");
    RunRecord completed = fixture.seedRun(ConsoleFixture.TEAM, other.id, WorkflowStatus.COMPLETED, "y");
    WebClientSession browser = signedIn(key);

    String byWorkflow = browser.get("/runs?workflow=" + other.id).send().await().bodyAsString();
    String byStatus = browser.get("/runs?workflow=" + other.id + "&status=failed").send().await().bodyAsString();

    assertThat(byWorkflow).contains(failed.runId()).contains(completed.runId()).contains("Billing");
    assertThat(byStatus).contains(failed.runId()).doesNotContain(completed.runId());
    assertThat(browser.get("/runs?source=" + completed.runId()).send().await().bodyAsString())
        .contains("No runs match");
  }

  @Test
  void malformedInputIsAClearClientError() {
    WebClientSession browser = signedIn(key);

    assertThat(browser.get("/runs?status=bogus").send().await().statusCode()).isEqualTo(400);
    assertThat(browser.get("/runs?page=0").send().await().statusCode()).isEqualTo(400);
    assertThat(browser.get("/runs?workflow=nope").send().await().statusCode()).isEqualTo(400);
    assertThat(browser.get("/runs/not-an-id").send().await().statusCode()).isEqualTo(404);
    assertThat(browser.get("/workflows/" + workflow.id + "?version=99").send().await().statusCode())
        .isEqualTo(404);
    HttpResponse<Buffer> badStatus = browser.get("/runs?status=bogus").send().await();
    assertThat(badStatus.bodyAsString()).contains("There is no run status called");
  }

  @Test
  void workflowPageListsVersionsAndTheGraphAndCreatesAndActivatesVersions() {
    WorkflowDocument created = fixture.createWorkflow(ConsoleFixture.TEAM, "Versioned");
    WebClientSession browser = signedIn(adminKey);
    String token = ConsoleFixture.csrfToken(browser.get("/workflows").send().await());

    String list = browser.get("/workflows").send().await().bodyAsString();
    String page = browser.get("/workflows/" + created.id).send().await().bodyAsString();
    HttpResponse<Buffer> newVersion = browser.post("/workflows/" + created.id + "/versions")
        .sendForm(form(token).add("version_name", "Second draft")).await();
    HttpResponse<Buffer> emptyName = browser.post("/workflows/" + created.id + "/versions")
        .sendForm(form(token).add("version_name", "  ")).await();
    HttpResponse<Buffer> activated = browser.post("/workflows/" + created.id + "/versions/1/activate")
        .putHeader("HX-Request", "true").putHeader("X-CSRF-Token", token).send().await();

    assertThat(list).contains("Versioned");
    assertThat(page).contains("Greeting").contains("badge-start").contains("isNonEmpty([[full_name]])")
        .contains("Initial Version");
    assertThat(newVersion.statusCode()).isEqualTo(303);
    assertThat(newVersion.getHeader("Location")).isEqualTo("/workflows/" + created.id + "?version=1");
    assertThat(emptyName.statusCode()).isEqualTo(422);
    assertThat(emptyName.bodyAsString()).contains("Give the new version a name.");
    assertThat(activated.statusCode()).isEqualTo(200);
    assertThat(activated.bodyAsString()).doesNotContain("<html").contains("Version 1 is now active");
    assertThat(fixture.services.workflows().getWorkflow(ConsoleFixture.TEAM, created.id).await()
        .activeVersionNumber).isEqualTo(1);
  }

  private static WebClientSession signedIn(String apiKey) {
    WebClientSession browser = fixture.browser();
    fixture.signIn(browser, apiKey);
    return browser;
  }

  private static MultiMap form(String token) {
    return MultiMap.caseInsensitiveMultiMap().add("csrf_token", token);
  }
}
