package dev.turnpoint.console;

import dev.turnpoint.engine.EngineVerticle;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.service.RunQuery;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.checkpoint.CheckpointRunRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resuming a run from a turn, its lineage and comparisons, over HTTP against the real engine: the form as fragment
 * and page, the live preview, creating a fork once per form, CSRF, validation, and team isolation on every route.
 */
class CheckpointPagesTest {

  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("name=\"idempotency_key\" value=\"([^\"]+)\"");
  private static final String BOOKED = "Yes, this is Ada Lovelace and I would like a check-up";

  private static ConsoleFixture fixture;
  private static WorkflowDocument workflow;
  private static WorkflowDocument otherTeamWorkflow;
  private static WebClientSession browser;
  private static String token;
  /** A finished three-turn run: the start, "Hi", and the message that books the visit. */
  private static String source;

  @BeforeAll
  static void start() {
    fixture = ConsoleFixture.start(new JsonObject(), List.of(EngineVerticle::new),
        new JsonObject().put("default_llm", new JsonObject().put("type", "offline_llm")).put("reaper_interval_ms", 0));
    workflow = fixture.services.workflows().createWorkflow(ConsoleFixture.TEAM, "seed", ConsoleFixture.frontDesk())
        .await();
    otherTeamWorkflow = fixture.services.workflows().createWorkflow(ConsoleFixture.OTHER_TEAM, "seed",
        ConsoleFixture.frontDesk()).await();
    fixture.services.workflows().createVersion(ConsoleFixture.TEAM, "seed", workflow.id, "Without the intake",
        false, null).await();
    fixture.services.workflows().replaceVersionGraph(ConsoleFixture.TEAM, "seed", workflow.id, 1, withoutIntake())
        .await();
    browser = fixture.browser();
    token = fixture.signIn(browser, fixture.createKey(ConsoleFixture.TEAM, ApiKeyRole.MEMBER));
    source = driveRun(ConsoleFixture.TEAM, "Hi", BOOKED);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void theResumeFormIsAFragmentForHtmxAndAPageOtherwise() {
    String path = "/runs/" + source + "/turns/1/resume";

    HttpResponse<Buffer> fragment = browser.get(path).putHeader("HX-Request", "true").send().await();
    HttpResponse<Buffer> page = browser.get(path).send().await();

    for (HttpResponse<Buffer> response : List.of(fragment, page)) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
      assertThat(response.getHeader("Vary")).isEqualTo("HX-Request");
      assertThat(response.bodyAsString()).contains("<form id=\"resume-1\"")
          .contains("v0 · Initial Version (this run's)").contains("v1 · Without the intake")
          .contains("Where the run was after turn 2").contains("<option value=\"node_book\">Book</option>")
          .contains("waits for the user at Ask name and reason")
          .contains("Yes, this is Ada Lovelace").contains("Not sent unless");
    }
    assertThat(fragment.bodyAsString()).startsWith("<form").doesNotContain("<html")
        .contains("name=\"placement\" value=\"inline\"").contains("hx-get=\"/runs/" + source + "/turns/1/actions\"");
    assertThat(page.bodyAsString()).startsWith("<!DOCTYPE html>").contains("Resume from turn 2 of 3")
        .doesNotContain("name=\"placement\"");
    assertThat(key(fragment)).as("every rendered form gets its own key").isNotEqualTo(key(page));
  }

  @Test
  void thePreviewFollowsTheFormAndShowsMistakesBesideTheFields() {
    String path = "/runs/" + source + "/turns/1/resume/preview";

    HttpResponse<Buffer> overridden = htmxPost(path, form().add("runtime_variables", "reason = vaccination")
        .add("reason", "try a vaccination").add("nodes_for_version", ""));
    HttpResponse<Buffer> mistaken = htmxPost(path, form().add("runtime_variables", "reason vaccination")
        .add("nodes_for_version", ""));
    HttpResponse<Buffer> withoutJavaScript = browser.post(path)
        .sendForm(form().add("runtime_variables", "reason = vaccination").add("replay_inputs", "on")).await();

    assertThat(overridden.statusCode()).isEqualTo(200);
    assertThat(overridden.bodyAsString()).startsWith("<section class=\"resume-preview\" id=\"resume-1-preview\"")
        .contains("<tr class=\"overridden\">").contains("<code class=\"value\">vaccination</code>")
        .contains("This run had not set [[reason]] by turn 2; the override adds it.")
        .contains("id=\"resume-1-runtime-variables-error\" hidden")
        .contains("<button type=\"submit\" class=\"primary resume-submit\" id=\"resume-1-submit\"")
        .doesNotContain("id=\"resume-1-start-node-field\"");
    assertThat(mistaken.statusCode()).isEqualTo(200);
    assertThat(mistaken.bodyAsString()).contains("Correct the marked fields")
        .contains("id=\"resume-1-runtime-variables-error\" role=\"alert\"")
        .contains("Line 1: write name = value.");
    assertThat(withoutJavaScript.statusCode()).isEqualTo(200);
    assertThat(withoutJavaScript.bodyAsString()).startsWith("<!DOCTYPE html>")
        .contains("reason = vaccination</textarea>").contains("These are sent to the new run")
        .contains("<input type=\"checkbox\" name=\"replay_inputs\" checked");
    assertThat(forksOf(source)).isZero();
  }

  @Test
  void choosingAnotherVersionSendsItsStartNodesAndWarnsWhatWouldBlockTheFork() {
    String path = "/runs/" + source + "/turns/1/resume/preview";

    HttpResponse<Buffer> switched = htmxPost(path, form().add("version", "1").add("nodes_for_version", "")
        .add("start_node", "node_ask"));
    HttpResponse<Buffer> elsewhere = htmxPost(path, form().add("version", "1").add("nodes_for_version", "1")
        .add("start_node", "node_book"));

    assertThat(switched.statusCode()).isEqualTo(200);
    assertThat(switched.bodyAsString())
        .contains("<div class=\"field\" id=\"resume-1-start-node-field\" hx-swap-oob=\"true\">")
        .contains("name=\"nodes_for_version\" value=\"1\"")
        .contains("<option value=\"\" selected>Where the run was after turn 2</option>")
        .doesNotContain("<option value=\"node_ask\"")
        .contains("<strong>Cannot fork:</strong> Version 1 has no enabled node Ask name and reason")
        .contains("another version")
        .contains("id=\"resume-1-submit\" disabled");
    assertThat(elsewhere.bodyAsString()).contains("Continues at").doesNotContain("Cannot fork")
        .doesNotContain("resume-1-start-node-field");
  }

  @Test
  void submittingCreatesTheForkOnceAndOpensIt() {
    String path = "/runs/" + source + "/turns/1/resume";
    String key = key(browser.get(path).send().await());
    MultiMap submission = form().add("idempotency_key", key).add("runtime_variables", "reason = vaccination")
        .add("reason", "Ask about the vaccination instead");

    HttpResponse<Buffer> created = browser.post(path).sendForm(submission).await();
    HttpResponse<Buffer> again = browser.post(path).sendForm(submission).await();
    HttpResponse<Buffer> viaHtmx = htmxPost(path, form().add("idempotency_key", key(browser.get(path).send()
        .await())).add("replay_inputs", "on"));

    assertThat(created.statusCode()).isEqualTo(303);
    String fork = created.getHeader("Location").substring("/runs/".length());
    assertThat(again.statusCode()).isEqualTo(303);
    assertThat(again.getHeader("Location")).as("a second submit of the same form opens the same run")
        .isEqualTo("/runs/" + fork);
    RunRecord stored = fixture.services.runs().getRun(ConsoleFixture.TEAM, fork).await();
    assertThat(stored.reason()).isEqualTo("Ask about the vaccination instead");
    assertThat(stored.document().workflowRun.checkpointSourceTurnIndex).isEqualTo(1);
    assertThat(stored.lastCheckpoint().getJsonObject("runtime_variables").getString("reason"))
        .isEqualTo("vaccination");

    assertThat(viaHtmx.statusCode()).isEqualTo(200);
    String replayed = viaHtmx.getHeader("HX-Redirect").substring("/runs/".length());
    RunRecord replayedRun = fixture.services.runs().getRun(ConsoleFixture.TEAM, replayed).await();
    assertThat(replayedRun.turnCount()).as("the later input was replayed").isEqualTo(3);
    assertThat(replayedRun.document().workflowRun.status).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(forksOf(source)).isGreaterThanOrEqualTo(2);
    assertThat(browser.get("/runs/" + fork).send().await().bodyAsString())
        .contains("Ask about the vaccination instead").contains("status-started");
  }

  @Test
  void aSubmitWithoutTheRightTokenIsRefused() {
    String path = "/runs/" + source + "/turns/0/resume";
    MultiMap noToken = MultiMap.caseInsensitiveMultiMap().add("idempotency_key", "console-" + "a".repeat(32));

    HttpResponse<Buffer> without = browser.post(path).sendForm(noToken).await();
    HttpResponse<Buffer> wrong = browser.post(path).putHeader("X-CSRF-Token", "0".repeat(64)).sendForm(noToken)
        .await();
    HttpResponse<Buffer> previewWithout = browser.post(path + "/preview").sendForm(noToken).await();

    assertThat(without.statusCode()).isEqualTo(403);
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(previewWithout.statusCode()).isEqualTo(403);
    assertThat(fixture.services.runs().listRuns(ConsoleFixture.TEAM, new RunQuery(null, null, source, 0, null,
        null, null, 1, 10)).await().total()).isZero();
  }

  @Test
  void mistakesAndRefusalsAreShownInTheFormAndCreateNothing() {
    String run = driveRun(ConsoleFixture.TEAM, "Hi");
    String path = "/runs/" + run + "/turns/1/resume";

    HttpResponse<Buffer> badOverrides = browser.post(path).sendForm(form().add("idempotency_key", newKey())
        .add("dynamic_variables", "{\"clinic_name\": ").add("reason", "kept <b>as typed</b>")).await();
    HttpResponse<Buffer> badStartNode = htmxPost(path, form().add("idempotency_key", newKey()).add("version", "1")
        .add("start_node", "node_ask"));
    HttpResponse<Buffer> tooLong = htmxPost(path, form().add("idempotency_key", newKey())
        .add("reason", "x".repeat(CheckpointRunRequest.REASON_MAX_LENGTH + 1)));
    HttpResponse<Buffer> blocked = htmxPost(path, form().add("idempotency_key", newKey()).add("version", "1"));
    HttpResponse<Buffer> withoutKey = browser.post(path).sendForm(form()).await();
    HttpResponse<Buffer> unknownVersion = htmxPost(path, form().add("idempotency_key", newKey())
        .add("version", "42"));

    assertThat(badOverrides.statusCode()).isEqualTo(422);
    assertThat(badOverrides.bodyAsString()).startsWith("<!DOCTYPE html>")
        .contains("This is not a valid JSON object").contains("value=\"kept &lt;b>as typed&lt;/b>\"");
    assertThat(badStartNode.statusCode()).isEqualTo(422);
    assertThat(badStartNode.bodyAsString()).startsWith("<form")
        .contains("Version 1 has no enabled node 'node_ask'.");
    assertThat(tooLong.bodyAsString()).contains("A reason can have at most 2,000 characters.");
    assertThat(blocked.statusCode()).isEqualTo(422);
    assertThat(blocked.bodyAsString()).contains("The run was not created:").contains("Cannot fork:")
        .doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(withoutKey.statusCode()).isEqualTo(400);
    assertThat(unknownVersion.bodyAsString()).contains("This workflow has no version '42'.");
    assertThat(forksOf(run)).isZero();

    String reused = newKey();
    assertThat(htmxPost(path, form().add("idempotency_key", reused)).getHeader("HX-Redirect")).isNotNull();
    HttpResponse<Buffer> conflict = htmxPost(path, form().add("idempotency_key", reused)
        .add("reason", "other settings"));
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.bodyAsString()).contains("This form already started a run with other settings");
    assertThat(key(conflict)).as("the form gets a fresh key").isNotEqualTo(reused);
    assertThat(forksOf(run)).isEqualTo(1);
  }

  @Test
  void anotherTeamsRunIsNotFoundOnEveryNewRoute() {
    String theirs = driveRun(ConsoleFixture.OTHER_TEAM, "Hi");
    String mine = source;
    String base = "/runs/" + theirs;

    for (String path : List.of(base + "/turns/0/actions", base + "/turns/0/resume", base + "/lineage",
        base + "/turns/0/variables",
        base + "/compare/" + mine, "/runs/" + mine + "/compare/" + theirs)) {
      HttpResponse<Buffer> page = browser.get(path).send().await();
      assertThat(page.statusCode()).as(path).isEqualTo(404);
      assertThat(page.bodyAsString()).as(path).doesNotContain("Who am I speaking with").doesNotContain("Hi</");
    }
    for (String path : List.of(base + "/turns/0/resume/preview", base + "/turns/0/resume")) {
      HttpResponse<Buffer> post = browser.post(path).sendForm(form().add("idempotency_key", newKey())).await();
      assertThat(post.statusCode()).as(path).isEqualTo(404);
    }
    assertThat(browser.get("/runs/" + mine + "/turns/3/resume").send().await().statusCode()).isEqualTo(404);
    assertThat(browser.get("/runs/" + mine + "/turns/-1/resume").send().await().statusCode()).isEqualTo(404);
    assertThat(browser.get("/runs/" + mine + "/compare/nope").send().await().statusCode()).isEqualTo(404);
    assertThat(fixture.services.runs().listRuns(ConsoleFixture.OTHER_TEAM, new RunQuery(null, null, theirs, null,
        null, null, null, 1, 10)).await().total()).isZero();
  }

  @Test
  void lineageAndComparisonRenderForAForkOfAFork() {
    String root = driveRun(ConsoleFixture.TEAM, "Hi", BOOKED);
    String fork = fork(root, 1, "reason = vaccination", "Vaccination <i>instead</i>");
    String forkOfFork = fork(fork, 1, "", "Back to the check-up");

    String lineage = browser.get("/runs/" + forkOfFork + "/lineage").send().await().bodyAsString();
    String rootLineage = browser.get("/runs/" + root + "/lineage").send().await().bodyAsString();
    HttpResponse<Buffer> compare = browser.get("/runs/" + forkOfFork + "/compare/" + root).send().await();
    String runPage = browser.get("/runs/" + forkOfFork).send().await().bodyAsString();
    String forks = browser.get("/runs?source=" + fork).send().await().bodyAsString();

    assertThat(lineage).contains("Lineage of run").contains("3 runs")
        .contains("<a href=\"/runs/" + root + "\"").contains("<a href=\"/runs/" + fork + "\"")
        .contains("<li class=\"lineage-node lineage-current\" id=\"lineage-" + forkOfFork + "\">")
        .contains("Vaccination &lt;i&gt;instead&lt;/i&gt;").contains("Back to the check-up")
        .contains("href=\"/runs/" + forkOfFork + "/compare/" + root + "\"");
    assertThat(rootLineage.indexOf("lineage-" + fork)).isPositive()
        .isLessThan(rootLineage.indexOf("lineage-" + forkOfFork));
    assertThat(compare.statusCode()).isEqualTo(200);
    assertThat(compare.bodyAsString()).contains("Compare runs").contains("<dt>Shared turns</dt><dd>2</dd>")
        .contains("class=\"compare-turn compare-differs compare-shared-turn compare-first-divergent\" id=\"turn-1\"")
        .contains("<a href=\"#turn-1\" class=\"first-divergence-link\">Turn 2</a>")
        .contains("Ask name and reason");
    assertThat(runPage).contains("href=\"/runs/" + forkOfFork + "/lineage\"")
        .contains("href=\"/runs/" + forkOfFork + "/compare/" + fork + "\">Compare with source</a>")
        .contains("Back to the check-up")
        .contains("hx-get=\"/runs/" + forkOfFork + "/turns/1/resume\"");
    assertThat(forks).contains("href=\"/runs/" + forkOfFork + "\"").contains("fork of")
        .contains("title=\"" + fork + "\"").contains("at turn 2");
  }

  @Test
  void theTurnActionsComeBackWhenTheFormIsClosed() {
    String path = "/runs/" + source + "/turns/2/actions";

    HttpResponse<Buffer> fragment = browser.get(path).putHeader("HX-Request", "true").send().await();
    HttpResponse<Buffer> plain = browser.get(path).send().await();

    assertThat(fragment.statusCode()).isEqualTo(200);
    assertThat(fragment.bodyAsString()).startsWith("<div class=\"turn-actions\" id=\"turn-2-actions\"")
        .contains("Resume from here").doesNotContain("hx-preserve");
    assertThat(plain.statusCode()).isEqualTo(303);
    assertThat(plain.getHeader("Location")).isEqualTo("/runs/" + source + "#turn-2");
  }

  @Test
  void aTurnsVariableChangesAreReadWhenAskedFor() {
    String path = "/runs/" + source + "/turns/2/variables";

    HttpResponse<Buffer> fragment = browser.get(path).putHeader("HX-Request", "true").send().await();
    HttpResponse<Buffer> page = browser.get(path).send().await();
    HttpResponse<Buffer> first = browser.get("/runs/" + source + "/turns/0/variables")
        .putHeader("HX-Request", "true").send().await();

    assertThat(fragment.statusCode()).isEqualTo(200);
    assertThat(fragment.bodyAsString()).doesNotContain("<html").contains("<details class=\"turn-variables\" open>")
        .contains("<td><code>full_name</code></td>").contains("Ada Lovelace").contains("check-up");
    assertThat(page.bodyAsString()).startsWith("<!DOCTYPE html>")
        .contains("Runtime variables changed in turn 3").contains("Ada Lovelace");
    assertThat(first.bodyAsString()).contains("No runtime variable changed in turn 1.");
    assertThat(browser.get("/runs/" + source + "/turns/3/variables").send().await().statusCode()).isEqualTo(404);
  }

  private static String fork(String runId, int turnIndex, String runtimeVariables, String reason) {
    HttpResponse<Buffer> created = browser.post("/runs/" + runId + "/turns/" + turnIndex + "/resume")
        .sendForm(form().add("idempotency_key", newKey()).add("runtime_variables", runtimeVariables)
            .add("reason", reason)).await();
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(303);
    return created.getHeader("Location").substring("/runs/".length());
  }

  /** A run of the team's front desk driven through the engine: its start, then one turn per message. */
  private static String driveRun(String teamId, String... messages) {
    String workflowId = ConsoleFixture.TEAM.equals(teamId) ? workflow.id : otherTeamWorkflow.id;
    return fixture.driveRun(teamId, workflowId, messages);
  }

  /** The front desk without its intake node: a version a fork waiting at the intake cannot run on. */
  private static WorkflowConfigFullyHydrated withoutIntake() {
    WorkflowConfigFullyHydrated graph = ConsoleFixture.frontDesk();
    graph.nodeConfigs.removeIf(node -> "node_ask".equals(node.logicalId));
    Set<String> intakeEdges = Set.of("edge_to_ask", "edge_note", "edge_emergency", "edge_book");
    graph.edgeConfigs.removeIf(edge -> intakeEdges.contains(edge.logicalId));
    return graph;
  }

  private static long forksOf(String runId) {
    return fixture.services.runs().listRuns(ConsoleFixture.TEAM, new RunQuery(null, null, runId, null, null, null,
        null, 1, 1)).await().total();
  }

  private static String key(HttpResponse<Buffer> page) {
    Matcher matcher = IDEMPOTENCY_KEY.matcher(page.bodyAsString());
    assertThat(matcher.find()).as("the form carries an idempotency key").isTrue();
    return matcher.group(1);
  }

  private static String newKey() {
    return "console-test-" + java.util.UUID.randomUUID().toString().replace("-", "");
  }

  private static HttpResponse<Buffer> htmxPost(String path, MultiMap form) {
    return browser.post(path).putHeader("HX-Request", "true").putHeader("X-CSRF-Token", token).sendForm(form)
        .await();
  }

  private static MultiMap form() {
    return MultiMap.caseInsensitiveMultiMap().add("csrf_token", token);
  }
}
