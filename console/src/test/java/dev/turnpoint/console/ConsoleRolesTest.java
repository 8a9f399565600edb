package dev.turnpoint.console;

import dev.turnpoint.engine.EngineVerticle;
import dev.turnpoint.model.run.CommentConfig;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.service.CreatedApiKey;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what in the console, on every route that changes something, by the rule of the REST API: members run,
 * read, comment and fork; only admins create and activate versions; a comment is deleted by its author or an admin.
 * Each route is called by a member and by an admin of the team, each time on fresh data; a test walks the mounted
 * routes, so a new state-changing route without a row here fails the build.
 */
class ConsoleRolesTest {

  /** Who may call a route. */
  enum Rule { ADMINS, MEMBERS, AUTHOR_OR_ADMINS }

  /** A request one of the cases sends: its path and form fields, built against fresh data of the team. */
  record Call(String path, MultiMap form) {
  }

  /** One row of the role table: the route, who may call it and what success answers. */
  record RouteCase(String template, Rule rule, int success, Function<Team, Call> call) {
    @Override
    public String toString() {
      return "POST " + template;
    }
  }

  /** Routes everyone may call, signed in or not; they change only the caller's own session. */
  private static final Set<String> SESSION_ROUTES = Set.of("POST /sign-in", "POST /sign-out");

  static final List<RouteCase> ROUTES = List.of(
      new RouteCase("/workflows/:workflowId/versions", Rule.ADMINS, 303,
          team -> new Call("/workflows/" + team.workflowId() + "/versions", form().add("version_name", "Second"))),
      new RouteCase("/workflows/:workflowId/versions/:versionNumber/activate", Rule.ADMINS, 303,
          team -> new Call("/workflows/" + team.workflowId() + "/versions/" + team.secondVersion() + "/activate",
              form())),
      new RouteCase("/workflows/:workflowId/runs", Rule.MEMBERS, 303,
          team -> new Call("/workflows/" + team.workflowId() + "/runs", form().add("version_number", "0"))),
      new RouteCase("/runs/:runId/messages", Rule.MEMBERS, 303,
          team -> new Call("/runs/" + team.liveRun() + "/messages", form().add("message", "Hi"))),
      new RouteCase("/runs/:runId/commands", Rule.MEMBERS, 303,
          team -> new Call("/runs/" + team.liveRun() + "/commands", form().add("command", "pause"))),
      new RouteCase("/runs/:runId/comments", Rule.MEMBERS, 303,
          team -> new Call("/runs/" + team.endedRun() + "/comments", form().add("content", "Fine"))),
      new RouteCase("/runs/:runId/comments/:commentId/delete", Rule.AUTHOR_OR_ADMINS, 303,
          team -> new Call("/runs/" + team.endedRun() + "/comments/" + team.othersRunComment() + "/delete", form())),
      new RouteCase("/runs/:runId/turns/:turnIndex/comments", Rule.MEMBERS, 303,
          team -> new Call("/runs/" + team.endedRun() + "/turns/0/comments", form().add("content", "Fine"))),
      new RouteCase("/runs/:runId/turns/:turnIndex/comments/:commentId/delete", Rule.AUTHOR_OR_ADMINS, 303,
          team -> new Call("/runs/" + team.endedRun() + "/turns/0/comments/" + team.othersTurnComment() + "/delete",
              form())),
      new RouteCase("/runs/:runId/turns/:turnIndex/resume/preview", Rule.MEMBERS, 200,
          team -> new Call("/runs/" + team.liveRun() + "/turns/0/resume/preview", form())),
      new RouteCase("/runs/:runId/turns/:turnIndex/resume", Rule.MEMBERS, 303,
          team -> new Call("/runs/" + team.liveRun() + "/turns/0/resume",
              form().add("idempotency_key", "console-" + "a".repeat(24) + team.teamId))));

  private static ConsoleFixture fixture;
  private static int teams;

  @BeforeAll
  static void start() {
    fixture = ConsoleFixture.start(new JsonObject(), List.of(EngineVerticle::new),
        new JsonObject().put("default_llm", new JsonObject().put("type", "offline_llm")).put("reaper_interval_ms", 0));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static Stream<Arguments> routesAndRoles() {
    return ROUTES.stream().flatMap(route -> Stream.of(ApiKeyRole.MEMBER, ApiKeyRole.ADMIN)
        .map(role -> Arguments.of(route, role)));
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("routesAndRoles")
  void onlyThoseTheRuleNamesMayCallARoute(RouteCase route, ApiKeyRole role) {
    Team team = new Team();
    Call call = route.call().apply(team);
    WebClientSession browser = fixture.browser();
    String token = fixture.signIn(browser, team.key(role));

    HttpResponse<Buffer> response = browser.post(call.path()).sendForm(call.form().add("csrf_token", token)).await();

    boolean refused = role == ApiKeyRole.MEMBER && route.rule() != Rule.MEMBERS;
    if (refused) {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(403);
      assertThat(response.bodyAsString()).contains("Not allowed");
    } else {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(route.success());
    }
  }

  @Test
  void aMemberIsRefusedAsAFragmentForHtmxAndNothingChanges() {
    Team team = new Team();
    WebClientSession browser = fixture.browser();
    String token = fixture.signIn(browser, team.key(ApiKeyRole.MEMBER));
    int second = team.secondVersion();

    HttpResponse<Buffer> activated = browser.post("/workflows/" + team.workflowId() + "/versions/" + second
        + "/activate").putHeader("HX-Request", "true").putHeader("X-CSRF-Token", token).send().await();
    HttpResponse<Buffer> created = browser.post("/workflows/" + team.workflowId() + "/versions")
        .sendForm(form().add("csrf_token", token).add("version_name", "")).await();

    assertThat(activated.statusCode()).isEqualTo(403);
    assertThat(activated.bodyAsString()).doesNotContain("<html")
        .contains("Only team admins can activate workflow versions");
    assertThat(created.statusCode()).as("refused before the name is checked").isEqualTo(403);
    assertThat(created.bodyAsString()).contains("Only team admins can create workflow versions");
    WorkflowDocument workflow = fixture.services.workflows().getWorkflow(team.teamId, team.workflowId()).await();
    assertThat(workflow.activeVersionNumber).isZero();
    assertThat(fixture.services.workflows().listVersions(team.teamId, team.workflowId()).await()).hasSize(2);
  }

  @Test
  void aMemberDeletesTheirOwnCommentButNotAnothers() {
    Team team = new Team();
    WebClientSession browser = fixture.browser();
    String token = fixture.signIn(browser, team.key(ApiKeyRole.MEMBER));
    String own = team.runComment(team.memberKey.info().id());

    HttpResponse<Buffer> deleted = browser.post("/runs/" + team.endedRun() + "/comments/" + own + "/delete")
        .sendForm(form().add("csrf_token", token)).await();

    assertThat(deleted.statusCode()).isEqualTo(303);
    assertThat(fixture.services.runs().getRun(team.teamId, team.endedRun()).await().document().workflowRun.comments)
        .extracting(comment -> comment.logicalId).doesNotContain(own);
  }

  @Test
  void theWorkflowPageOffersVersionChangesToAdminsOnly() {
    Team team = new Team();
    team.secondVersion();
    String path = "/workflows/" + team.workflowId();

    String asMember = page(team.key(ApiKeyRole.MEMBER), path);
    String asAdmin = page(team.key(ApiKeyRole.ADMIN), path);

    assertThat(asMember).doesNotContain("/activate").doesNotContain("Create version")
        .contains("Only team admins can create and activate versions.").contains("Start a run on v0");
    assertThat(asAdmin).contains(path + "/versions/1/activate").contains("Create version")
        .doesNotContain("Only team admins can").contains("Start a run on v0");
  }

  @Test
  void theTableCoversEveryRouteThatChangesSomething() {
    Set<String> changing = new HashSet<>();
    for (Route route : fixture.mountedRouter().getRoutes()) {
      if (route.getPath() == null || route.methods() == null) {
        continue;
      }
      for (HttpMethod method : route.methods()) {
        if (method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS) {
          changing.add(method.name() + " " + route.getPath());
        }
      }
    }
    Set<String> table = new HashSet<>(SESSION_ROUTES);
    ROUTES.forEach(route -> table.add(route.toString()));

    assertThat(changing).contains("POST /workflows/:workflowId/versions");
    assertThat(table).isEqualTo(changing);
  }

  private static String page(String key, String path) {
    WebClientSession browser = fixture.browser();
    fixture.signIn(browser, key);
    HttpResponse<Buffer> page = browser.get(path).send().await();
    assertThat(page.statusCode()).isEqualTo(200);
    return page.bodyAsString();
  }

  private static MultiMap form() {
    return MultiMap.caseInsensitiveMultiMap();
  }

  /** A new team with an admin and a member key; what a case acts on is made on first use. */
  static final class Team {
    final String teamId = "team-roles-" + ++teams;
    final CreatedApiKey adminKey = key(ApiKeyRole.ADMIN, "admin");
    final CreatedApiKey memberKey = key(ApiKeyRole.MEMBER, "member");
    private String workflowId;
    private String liveRunId;
    private String endedRunId;

    private CreatedApiKey key(ApiKeyRole role, String name) {
      return fixture.services.apiKeys().createKey(teamId, role, name, "test").await();
    }

    String key(ApiKeyRole role) {
      return role == ApiKeyRole.ADMIN ? adminKey.key() : memberKey.key();
    }

    String workflowId() {
      if (workflowId == null) {
        workflowId = fixture.services.workflows().createWorkflow(teamId, "seed", ConsoleFixture.frontDesk())
            .await().id;
      }
      return workflowId;
    }

    int secondVersion() {
      return fixture.services.workflows().createVersion(teamId, "seed", workflowId(), "Second", false, null)
          .await().versionNumber;
    }

    /** A run the engine started, waiting for the user. */
    String liveRun() {
      if (liveRunId == null) {
        liveRunId = fixture.driveRun(teamId, workflowId());
      }
      return liveRunId;
    }

    /** A finished run of one turn, open for comments. */
    String endedRun() {
      if (endedRunId == null) {
        endedRunId = fixture.seedRun(teamId, workflowId(), WorkflowStatus.COMPLETED, "Hi").runId();
      }
      return endedRunId;
    }

    /** A comment on the ended run by a third key, neither the member's nor the admin's. */
    String othersRunComment() {
      return runComment("someone-else");
    }

    String runComment(String author) {
      CommentConfig comment = CommentConfig.create("Theirs", author);
      fixture.services.runs().addRunComment(teamId, endedRun(), comment).await();
      return comment.logicalId;
    }

    String othersTurnComment() {
      CommentConfig comment = CommentConfig.create("Theirs", "someone-else");
      fixture.services.runs().addTurnComment(teamId, endedRun(), 0, comment).await();
      return comment.logicalId;
    }
  }
}
