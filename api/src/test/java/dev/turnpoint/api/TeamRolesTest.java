package dev.turnpoint.api;

import dev.turnpoint.api.http.ApiPaths;
import dev.turnpoint.api.openapi.OpenApiDocument;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.ApiKeyRole;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what, on every route that changes something (and the key list): members run, read, comment and fork;
 * only admins create, change or delete workflows, versions and runs, and manage keys. Each route is called by a
 * member and by an admin of the team that owns what it acts on, each time on fresh data. The table is checked against
 * the router's own routes, so a new state-changing route without a row fails the build.
 */
@ExtendWith(VertxExtension.class)
class TeamRolesTest {

  private static final String WORKFLOWS = "/workflows/v1/workflows";
  private static final String RUNS = "/workflows/v1/workflow-runs";
  private static ApiFixture api;

  /** A request one of the cases sends, built against a fresh {@link Team}. */
  record Call(String path, JsonObject body) {
  }

  /** One row of the role table: the route, whether only admins may call it and what success answers. */
  record RouteCase(HttpMethod method, String template, boolean adminOnly, int success, Function<Team, Call> call) {
    @Override
    public String toString() {
      return method + " " + template;
    }
  }

  static final List<RouteCase> ROUTES = List.of(
      admin(POST, WORKFLOWS, 200, team -> new Call(WORKFLOWS, TestGraphs.simpleCreateBody("New"))),
      admin(PATCH, WORKFLOWS + "/{workflow_id}", 200,
          team -> new Call(team.workflow(), new JsonObject().put("name", "Renamed"))),
      admin(DELETE, WORKFLOWS + "/{workflow_id}", 204, team -> new Call(team.workflow(), null)),
      admin(POST, WORKFLOWS + "/{workflow_id}/versions", 200,
          team -> new Call(team.workflow() + "/versions", new JsonObject().put("version_name", "Second"))),
      admin(PATCH, WORKFLOWS + "/{workflow_id}/versions/{version_number}/config", 200,
          team -> new Call(team.workflow() + "/versions/0/config", new JsonObject()
              .put("config", new JsonObject().put("description", "changed")))),
      admin(POST, WORKFLOWS + "/{workflow_id}/versions/{version_number}/activate", 200,
          team -> new Call(team.secondVersion() + "/activate", null)),
      admin(PATCH, WORKFLOWS + "/{workflow_id}/versions/{version_number}", 200,
          team -> new Call(team.secondVersion(), new JsonObject().put("version_name", "Renamed"))),
      admin(DELETE, WORKFLOWS + "/{workflow_id}/versions/{version_number}", 204,
          team -> new Call(team.secondVersion(), null)),
      admin(POST, "/workflows/v1/api-keys", 201,
          team -> new Call("/workflows/v1/api-keys", new JsonObject().put("role", "member"))),
      admin(GET, "/workflows/v1/api-keys", 200, team -> new Call("/workflows/v1/api-keys", null)),
      admin(DELETE, "/workflows/v1/api-keys/{key_id}", 204,
          team -> new Call("/workflows/v1/api-keys/" + team.spareKeyId(), null)),
      admin(DELETE, RUNS + "/{workflow_run_id}", 204, team -> new Call(RUNS + "/" + team.endedRun(), null)),
      member(POST, WORKFLOWS + "/{workflow_id}/execute", 200, team -> new Call(team.workflow() + "/execute",
          new JsonObject().put("run_input", ExecutionRoutesTest.runInput("start")))),
      member(POST, RUNS, 200, team -> new Call(RUNS,
          ExecutionRoutesTest.runInput("start").put("workflow_id", team.workflowId()))),
      member(POST, RUNS + "/{workflow_run_id}/comments", 200,
          team -> new Call(RUNS + "/" + team.endedRun() + "/comments", new JsonObject().put("content", "Fine"))),
      member(DELETE, RUNS + "/{workflow_run_id}/comments/{comment_logical_id}", 200, Team::runComment),
      member(POST, RUNS + "/{workflow_run_id}/turns/{turn_index}/comments", 200,
          team -> new Call(RUNS + "/" + team.endedRun() + "/turns/0/comments",
              new JsonObject().put("content", "Fine"))),
      member(DELETE, RUNS + "/{workflow_run_id}/turns/{turn_index}/comments/{comment_logical_id}", 200,
          Team::turnComment),
      member(POST, WORKFLOWS + "/{workflow_id}/runs/{run_id}/checkpoint-run", 200,
          team -> new Call(team.forkPath(), new JsonObject().put("resume_turn_index", 0))),
      member(POST, WORKFLOWS + "/{workflow_id}/runs/{run_id}/checkpoint-run/preview", 200,
          team -> new Call(team.forkPath() + "/preview", new JsonObject().put("resume_turn_index", 0))));

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx);
  }

  static Stream<Arguments> routesAndRoles() {
    return ROUTES.stream().flatMap(route -> Stream.of(ApiKeyRole.MEMBER, ApiKeyRole.ADMIN)
        .map(role -> Arguments.of(route, role)));
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("routesAndRoles")
  void onlyAdminsChangeWhatMembersMayOnlyUse(RouteCase route, ApiKeyRole role) {
    Team team = new Team();
    Call call = route.call().apply(team);

    HttpResponse<Buffer> response = call.body() == null
        ? api.send(route.method(), call.path(), team.key(role))
        : api.send(route.method(), call.path(), team.key(role), call.body());

    if (route.adminOnly() && role == ApiKeyRole.MEMBER) {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(403);
      JsonObject body = response.bodyAsJsonObject();
      assertThat(body.getString("detail")).startsWith("Only admin API keys can ").contains("role is member");
      assertThat(body.getString("required_role")).isEqualTo("admin");
      assertThat(body.getString("role")).isEqualTo("member");
    } else {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(route.success());
    }
  }

  @Test
  void aMemberIsRefusedBeforeItsRequestIsChecked() {
    Team team = new Team();

    HttpResponse<Buffer> response = api.send(DELETE, WORKFLOWS + "/not-an-id", team.key(ApiKeyRole.MEMBER));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(api.send(GET, team.workflow(), team.key(ApiKeyRole.MEMBER)).statusCode()).isEqualTo(200);
  }

  @Test
  void theTableCoversEveryRouteThatChangesSomethingAndMatchesThePublishedDocument() {
    JsonObject paths = api.send(GET, "/workflows/v1/openapi.json", null).bodyAsJsonObject().getJsonObject("paths");
    Set<String> changing = new HashSet<>();
    Set<String> documentedAdminOnly = new HashSet<>();
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        JsonObject operation = paths.getJsonObject(path).getJsonObject(method);
        String route = method.toUpperCase() + " " + path;
        if (!method.equals("get")) {
          changing.add(route);
        }
        if ("admin".equals(operation.getString("x-required-role"))) {
          documentedAdminOnly.add(route);
          assertThat(operation.getJsonObject("responses").containsKey("403")).as(route).isTrue();
        }
      }
    }
    Set<String> table = new HashSet<>();
    Set<String> tableAdminOnly = new HashSet<>();
    for (RouteCase route : ROUTES) {
      table.add(route.toString());
      if (route.adminOnly()) {
        tableAdminOnly.add(route.toString());
      }
    }
    assertThat(table).containsAll(changing);
    assertThat(documentedAdminOnly).isEqualTo(tableAdminOnly);
  }

  @Test
  void theTableCoversEveryMountedRouteThatChangesSomething() {
    Set<String> changing = new HashSet<>();
    for (Route route : api.api.mountedRouter().getRoutes()) {
      if (route.getPath() == null || !route.getPath().startsWith(ApiPaths.BASE + "/") || route.methods() == null) {
        continue;
      }
      for (HttpMethod method : route.methods()) {
        if (method != GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS) {
          changing.add(method.name() + " " + OpenApiDocument.openApiPath(route.getPath()));
        }
      }
    }
    Set<String> table = new HashSet<>();
    ROUTES.forEach(route -> table.add(route.toString()));

    assertThat(changing).contains("DELETE " + RUNS + "/{workflow_run_id}");
    assertThat(table).containsAll(changing);
  }

  private static RouteCase admin(HttpMethod method, String template, int success, Function<Team, Call> call) {
    return new RouteCase(method, template, true, success, call);
  }

  private static RouteCase member(HttpMethod method, String template, int success, Function<Team, Call> call) {
    return new RouteCase(method, template, false, success, call);
  }

  /** A new team with an admin and a member key; what a case acts on is made on first use. */
  static final class Team {
    final String teamId = ApiFixture.newTeamId();
    final String adminKey = api.teamKey(teamId, ApiKeyRole.ADMIN);
    final String memberKey = api.teamKey(teamId, ApiKeyRole.MEMBER);
    private String workflowId;
    private String endedRunId;

    String key(ApiKeyRole role) {
      return role == ApiKeyRole.ADMIN ? adminKey : memberKey;
    }

    String workflowId() {
      if (workflowId == null) {
        workflowId = api.createWorkflow(adminKey, TestGraphs.offlineIntake());
      }
      return workflowId;
    }

    String workflow() {
      return WORKFLOWS + "/" + workflowId();
    }

    String secondVersion() {
      HttpResponse<Buffer> created = api.send(POST, workflow() + "/versions", adminKey,
          new JsonObject().put("version_name", "Second"));
      assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(200);
      return workflow() + "/versions/" + created.bodyAsJsonObject().getJsonObject("version")
          .getInteger("version_number");
    }

    String spareKeyId() {
      return api.keys.createKey(teamId, ApiKeyRole.MEMBER, "spare", "test").await().info().id();
    }

    String endedRun() {
      if (endedRunId == null) {
        endedRunId = TestRuns.run(api.runs, teamId, workflowId(), 1, WorkflowStatus.COMPLETED).runId();
      }
      return endedRunId;
    }

    String forkPath() {
      String sourceId = CheckpointRunRoutesTest.turn(api, adminKey, workflowId(), null, "start")
          .getString("run_id");
      return CheckpointRunRoutesTest.checkpointRun(workflowId(), sourceId);
    }

    Call runComment() {
      String comments = RUNS + "/" + endedRun() + "/comments";
      JsonObject run = commented(comments);
      String commentId = run.getJsonArray("comments").getJsonObject(0).getString("logical_id");
      return new Call(comments + "/" + commentId, null);
    }

    Call turnComment() {
      String comments = RUNS + "/" + endedRun() + "/turns/0/comments";
      JsonObject run = commented(comments);
      String commentId = run.getJsonArray("input_output_pairs").getJsonObject(0).getJsonArray("comments")
          .getJsonObject(0).getString("logical_id");
      return new Call(comments + "/" + commentId, null);
    }

    private JsonObject commented(String comments) {
      HttpResponse<Buffer> added = api.send(POST, comments, adminKey, new JsonObject().put("content", "Mine"));
      assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(200);
      return added.bodyAsJsonObject().getJsonObject("workflow_run").getJsonObject("workflow_run");
    }
  }
}
