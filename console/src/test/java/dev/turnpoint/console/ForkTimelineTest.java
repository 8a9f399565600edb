package dev.turnpoint.console;

import dev.turnpoint.engine.EngineVerticle;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.service.ApiKeyRole;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timeline of a fork over HTTP against the real engine: the variables a fork overrode show as the fork's own
 * entry after the turn it was made at, and the inherited turn shows only what it changed itself, for a fork, a fork
 * of a fork made at the same turn and one made at a later turn of its own.
 */
class ForkTimelineTest {

  private static final String BOOKED = "Yes, this is Ada Lovelace and I would like a check-up";

  private static ConsoleFixture fixture;
  private static WorkflowDocument workflow;
  private static WebClientSession browser;
  private static String token;
  /** A finished three-turn run: the start, "Hi", and the message that books a check-up for Ada Lovelace. */
  private static String root;
  /** Forked from {@link #root} after its turn 3, with the reason overridden and another clinic. */
  private static String fork;

  @BeforeAll
  static void start() {
    fixture = ConsoleFixture.start(new JsonObject(), List.of(EngineVerticle::new),
        new JsonObject().put("default_llm", new JsonObject().put("type", "offline_llm")).put("reaper_interval_ms", 0));
    workflow = fixture.services.workflows().createWorkflow(ConsoleFixture.TEAM, "seed", ConsoleFixture.frontDesk())
        .await();
    browser = fixture.browser();
    token = fixture.signIn(browser, fixture.createKey(ConsoleFixture.TEAM, ApiKeyRole.MEMBER));
    root = fixture.driveRun(ConsoleFixture.TEAM, workflow.id, "Hi", BOOKED);
    fork = fork(root, 2, "reason = vaccination", "clinic_name = Cove Clinic");
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void aForksOverridesAreItsOwnEntryAfterTheInheritedTurn() {
    String page = page(fork);
    String inherited = turn(page, 2);
    String forked = forkEntry(page, fork);

    assertThat(inherited).as("the inherited turn shows what it changed itself")
        .contains("inherited").contains("<td><code>full_name</code></td>").contains("Ada Lovelace")
        .contains("<td><code>reason</code></td>").contains("check-up")
        .doesNotContain("vaccination").doesNotContain("Cove Clinic");
    assertThat(forked).contains("Forked here").contains("this run's overrides")
        .contains("This run was forked").contains("href=\"/runs/" + root + "\"").contains("after turn 3")
        .contains("2 variables were overridden")
        .contains("<td><code>[[reason]]</code></td>").contains("<td>changed</td>").contains("check-up")
        .contains("vaccination")
        .contains("<td><code>{{clinic_name}}</code></td>").contains("Harbour Clinic").contains("Cove Clinic")
        .doesNotContain("full_name");
    assertThat(page.indexOf("id=\"fork-" + fork + "\"")).as("the entry follows the turn it was made at")
        .isGreaterThan(page.indexOf("id=\"turn-2\""));
    assertThat(page(root)).as("the source's own timeline has no fork entries").doesNotContain("class=\"fork-point\"")
        .doesNotContain("vaccination");
  }

  @Test
  void aTurnsChangesReadWhenAskedForLeaveTheOverridesOut() {
    String asked = browser.get("/runs/" + fork + "/turns/2/variables").putHeader("HX-Request", "true").send()
        .await().bodyAsString();

    assertThat(asked).contains("<td><code>full_name</code></td>").contains("check-up")
        .doesNotContain("vaccination");
  }

  @Test
  void aForkOfAForkAtTheSameTurnShowsBothForksOverridesInOrder() {
    String again = fork(fork, 2, "priority = routine", "");
    String page = page(again);
    String inherited = turn(page, 2);
    String first = forkEntry(page, fork);
    String second = forkEntry(page, again);

    assertThat(inherited).contains("check-up").contains("Ada Lovelace")
        .doesNotContain("vaccination").doesNotContain("routine");
    assertThat(first).contains("Forked as run").contains("inherited").contains("href=\"/runs/" + fork + "\"")
        .contains("<td><code>[[reason]]</code></td>").contains("vaccination").contains("Cove Clinic")
        .doesNotContain("routine");
    assertThat(second).contains("Forked here").contains("href=\"/runs/" + fork + "\"")
        .contains("1 variable was overridden").contains("<td><code>[[priority]]</code></td>")
        .contains("<td>added</td>").contains("routine").doesNotContain("vaccination");
    assertThat(page.indexOf("id=\"fork-" + fork + "\"")).isGreaterThan(page.indexOf("id=\"turn-2\""))
        .isLessThan(page.indexOf("id=\"fork-" + again + "\""));
  }

  @Test
  void aForkOfAForkAtALaterTurnShowsTheSourcesOverridesBeforeItsTurn() {
    String played = fork(root, 2, "reason = vaccination", "");
    fixture.services.engine().executeTurn(ConsoleFixture.TEAM, "seed", workflow.id, played, null,
        WorkflowRunInput.of(RunCommand.DATA, "Actually it is about a headache")).await();
    String later = fork(played, 3, "priority = urgent", "");
    String page = page(later);
    String rootTurn = turn(page, 2);
    String sourceEntry = forkEntry(page, played);
    String sourceTurn = turn(page, 3);
    String ownEntry = forkEntry(page, later);

    assertThat(rootTurn).contains("check-up").doesNotContain("vaccination").doesNotContain("urgent");
    assertThat(sourceEntry).contains("Forked as run").contains("<td><code>[[reason]]</code></td>")
        .contains("check-up").contains("vaccination").doesNotContain("headache").doesNotContain("urgent");
    assertThat(sourceTurn).as("the source's own turn shows only what it changed")
        .contains("inherited").contains("<td><code>reason</code></td>").contains("vaccination").contains("headache")
        .doesNotContain("check-up").doesNotContain("urgent");
    assertThat(ownEntry).contains("Forked here").contains("after turn 4").contains("[[priority]]")
        .contains("urgent").doesNotContain("headache");
    assertThat(page.indexOf("id=\"fork-" + played + "\"")).isGreaterThan(page.indexOf("id=\"turn-2\""))
        .isLessThan(page.indexOf("id=\"turn-3\""));
    assertThat(page.indexOf("id=\"fork-" + later + "\"")).isGreaterThan(page.indexOf("id=\"turn-3\""));

    String asked = browser.get("/runs/" + later + "/turns/3/variables").putHeader("HX-Request", "true").send()
        .await().bodyAsString();
    assertThat(asked).contains("headache").contains("vaccination").doesNotContain("check-up")
        .doesNotContain("urgent");
  }

  @Test
  void aForkWhoseSourceWasDeletedSaysItsOverridesCannotBeToldApart() {
    String gone = fixture.driveRun(ConsoleFixture.TEAM, workflow.id, "Hi", BOOKED);
    String orphan = fork(gone, 2, "reason = vaccination", "");
    fixture.services.runs().deleteRun(ConsoleFixture.TEAM, gone).await();

    String page = page(orphan);

    assertThat(forkEntry(page, orphan)).contains("Forked here")
        .contains("Its source is no longer available, so the variables it overrode show in turn 3 together with"
            + " that turn's own changes.")
        .doesNotContain("<table");
    assertThat(turn(page, 2)).contains("Ada Lovelace").contains("vaccination");
  }

  /** Forks {@code runId} after turn {@code turnIndex} through the console's resume form; answers the new run. */
  private static String fork(String runId, int turnIndex, String runtimeVariables, String dynamicVariables) {
    String path = "/runs/" + runId + "/turns/" + turnIndex + "/resume";
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("csrf_token", token)
        .add("idempotency_key", "fork-timeline-" + java.util.UUID.randomUUID().toString().replace("-", ""))
        .add("runtime_variables", runtimeVariables).add("dynamic_variables", dynamicVariables);
    HttpResponse<Buffer> created = browser.post(path).sendForm(form).await();
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(303);
    return created.getHeader("Location").substring("/runs/".length());
  }

  private static String page(String runId) {
    HttpResponse<Buffer> page = browser.get("/runs/" + runId).send().await();
    assertThat(page.statusCode()).isEqualTo(200);
    return page.bodyAsString();
  }

  /** The timeline item of turn {@code index}, up to the next item. */
  private static String turn(String page, int index) {
    return item(page, "<li class=\"turn\" id=\"turn-" + index + "\"");
  }

  /** The entry of fork {@code runId}, up to the next item. */
  private static String forkEntry(String page, String runId) {
    return item(page, "<li class=\"fork-point\" id=\"fork-" + runId + "\"");
  }

  private static String item(String page, String start) {
    int from = page.indexOf(start);
    assertThat(from).as(start).isNotNegative();
    int next = page.length();
    for (String following : List.of("<li class=\"turn\" id=", "<li class=\"fork-point\"", "</ol>\n</section>")) {
      int at = page.indexOf(following, from + start.length());
      if (at >= 0) {
        next = Math.min(next, at);
      }
    }
    return page.substring(from, next);
  }
}
