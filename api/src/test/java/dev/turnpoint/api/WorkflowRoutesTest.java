package dev.turnpoint.api;

import dev.turnpoint.model.Ids;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class WorkflowRoutesTest {

  private static final String WORKFLOWS = "/workflows/v1/workflows";
  private static ApiFixture api;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx);
  }

  @Test
  void theSdkCreatesWithNameDescriptionAndConfigAndReadsIdAndName() {
    String teamId = ApiFixture.newTeamId();
    String key = api.teamKey(teamId, dev.turnpoint.service.ApiKeyRole.ADMIN);

    HttpResponse<Buffer> created = api.request(POST, WORKFLOWS, key)
        .putHeader("teamid", "some-other-team")
        .putHeader("uuid", "user-42")
        .putHeader("X-Interactly-API-Version", "2026-04-01")
        .sendJsonObject(TestGraphs.simpleCreateBody("Support")).await();

    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(200);
    JsonObject workflow = created.bodyAsJsonObject().getJsonObject("workflow");
    String id = workflow.getString("_id");
    assertThat(Ids.isObjectId(id)).isTrue();
    assertThat(workflow.getJsonObject("workflow_config").getString("name")).isEqualTo("Support");
    assertThat(workflow.getString("name")).isEqualTo("Support");
    assertThat(workflow.getString("description")).isEqualTo("about Support");
    assertThat(workflow.getInteger("active_version_number")).isZero();
    assertThat(workflow.getString("team_id")).isEqualTo(teamId);
    assertThat(workflow.getString("created_by")).isEqualTo("user-42");
    assertThat(created.bodyAsJsonObject().getString("execution_url"))
        .isEqualTo("http://localhost:" + api.api.actualPort() + WORKFLOWS + "/" + id + "/execute");

    JsonObject read = api.send(GET, WORKFLOWS + "/" + id, key).bodyAsJsonObject();
    assertThat(read.getJsonObject("workflow").getString("_id")).isEqualTo(id);
    assertThat(read.getJsonObject("workflow").getJsonObject("workflow_config").getString("name"))
        .isEqualTo("Support");
    assertThat(read.getJsonObject("workflow").getJsonObject("workflow_config").containsKey("node_configs")).isFalse();
    assertThat(read.getString("execution_url")).endsWith("/workflows/v1/workflows/" + id + "/execute");
  }

  @Test
  void aWholeGraphWithNameAtTheTopLevelBecomesVersionZero() {
    String key = api.newTeamAdmin();
    JsonObject body = TestGraphs.clinicIntake().put("name", "Clinic").put("description", "Front desk");
    body.getJsonObject("workflow_config").getJsonObject("llms_config").put("api_key", "sk-very-secret");

    HttpResponse<Buffer> created = api.send(POST, WORKFLOWS, key, body);

    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(200);
    assertThat(created.bodyAsString()).doesNotContain("sk-very-secret");
    String id = created.bodyAsJsonObject().getJsonObject("workflow").getString("_id");
    JsonObject workflow = api.send(GET, WORKFLOWS + "/" + id + "?fully_hydrate=true", key).bodyAsJsonObject()
        .getJsonObject("workflow");
    JsonObject graph = workflow.getJsonObject("workflow_config");
    assertThat(graph.getJsonObject("workflow_config").getString("name")).isEqualTo("Clinic");
    assertThat(graph.getJsonObject("workflow_config").getString("description")).isEqualTo("Front desk");
    assertThat(graph.getJsonObject("workflow_config").getJsonObject("llms_config").getString("api_key"))
        .isEqualTo("**********");
    assertThat(graph.getJsonArray("node_configs")).hasSize(4);
    assertThat(graph.getJsonArray("edge_configs")).hasSize(3);
    assertThat(graph.getJsonArray("node_configs").getJsonObject(1).getString("type")).isEqualTo("say_llm");
    assertThat(workflow.getInteger("active_version_number")).isZero();
  }

  @Test
  void settingsAloneOrNoConfigMakeAnEmptyGraph() {
    String key = api.newTeamAdmin();
    String withSettings = api.createWorkflow(key, new JsonObject().put("name", "Settings only")
        .put("config", new JsonObject().put("default_prompt_prefix", "Be brief.")));
    String bare = api.createWorkflow(key, new JsonObject().put("name", "Bare"));

    JsonObject graph = hydrated(key, withSettings);
    assertThat(graph.getJsonObject("workflow_config").getString("default_prompt_prefix")).isEqualTo("Be brief.");
    assertThat(graph.getJsonObject("workflow_config").getString("name")).isEqualTo("Settings only");
    assertThat(graph.getJsonArray("node_configs")).isEmpty();
    assertThat(hydrated(key, bare).getJsonObject("workflow_config").getString("name")).isEqualTo("Bare");
  }

  @Test
  void theNameMayComeFromTheConfigAndIsRequiredSomewhere() {
    String key = api.newTeamAdmin();
    String id = api.createWorkflow(key, new JsonObject().put("config", TestGraphs.graph("Named inside")));
    assertThat(api.send(GET, WORKFLOWS + "/" + id, key).bodyAsJsonObject().getJsonObject("workflow")
        .getString("name")).isEqualTo("Named inside");

    HttpResponse<Buffer> nameless = api.send(POST, WORKFLOWS, key, new JsonObject().put("description", "x"));
    assertThat(nameless.statusCode()).isEqualTo(422);
    assertThat(nameless.bodyAsJsonObject().getJsonArray("detail").getJsonObject(0).getJsonArray("loc"))
        .isEqualTo(new JsonArray().add("body").add("name"));
  }

  @Test
  void nodesAndEdgesWithoutLogicalIdsGetOne() {
    String key = api.newTeamAdmin();
    JsonObject graph = TestGraphs.graph("Anonymous parts");
    graph.getJsonArray("node_configs").add(new JsonObject().put("name", "Unlinked").put("type", "no_op"));
    graph.getJsonArray("edge_configs").getJsonObject(0).remove("logical_id");

    String id = api.createWorkflow(key, graph);

    JsonObject stored = hydrated(key, id);
    assertThat(stored.getJsonArray("node_configs").getJsonObject(2).getString("logical_id")).startsWith("node_");
    assertThat(stored.getJsonArray("edge_configs").getJsonObject(0).getString("logical_id")).startsWith("edge_");
  }

  @Test
  void listingPagesAndSearchesTheTeamsWorkflowsOnly() {
    String key = api.newTeamAdmin();
    api.createWorkflow(key, "Alpha billing");
    api.createWorkflow(key, "Beta support");
    api.createWorkflow(key, "Gamma billing");
    api.createWorkflow(api.newTeamAdmin(), "Other team billing");

    JsonObject first = api.send(GET, WORKFLOWS + "?page=1&size=2", key).bodyAsJsonObject();
    JsonObject second = api.send(GET, WORKFLOWS + "?page=2&size=2", key).bodyAsJsonObject();
    JsonObject billing = api.send(GET, WORKFLOWS + "?search=BILLING", key).bodyAsJsonObject();

    assertThat(first.getLong("total")).isEqualTo(3);
    assertThat(first.getJsonArray("workflows")).hasSize(2);
    assertThat(second.getJsonArray("workflows")).hasSize(1);
    // What the SDK's pager reads to ask for the next page, and to stop.
    assertThat(first.copy().put("workflows", 0)).isEqualTo(new JsonObject().put("workflows", 0).put("total", 3)
        .put("page", 1).put("size", 2).put("pages", 2).put("has_next", true));
    assertThat(second.getInteger("page")).isEqualTo(2);
    assertThat(second.getBoolean("has_next")).isFalse();
    JsonObject empty = api.send(GET, WORKFLOWS, api.newTeamAdmin()).bodyAsJsonObject();
    assertThat(empty.getInteger("pages")).isZero();
    assertThat(empty.getBoolean("has_next")).isFalse();
    assertThat(names(billing)).containsExactlyInAnyOrder("Alpha billing", "Gamma billing");
    assertThat(billing.getLong("total")).isEqualTo(2);
    assertThat(names(api.send(GET, WORKFLOWS, key).bodyAsJsonObject()))
        .containsExactly("Gamma billing", "Beta support", "Alpha billing");
  }

  @Test
  void patchRenamesAndRedescribes() {
    String key = api.newTeamAdmin();
    String id = api.createWorkflow(key, "Before");

    HttpResponse<Buffer> renamed = api.send(PATCH, WORKFLOWS + "/" + id, key, new JsonObject().put("name", "After"));
    HttpResponse<Buffer> described = api.send(PATCH, WORKFLOWS + "/" + id, key,
        new JsonObject().put("description", ""));

    assertThat(renamed.statusCode()).isEqualTo(200);
    assertThat(renamed.bodyAsJsonObject().getJsonObject("workflow").getJsonObject("workflow_config")
        .getString("name")).isEqualTo("After");
    JsonObject workflow = described.bodyAsJsonObject().getJsonObject("workflow");
    assertThat(workflow.getString("name")).isEqualTo("After");
    assertThat(workflow.getString("description")).isEmpty();
  }

  @Test
  void deleteRemovesTheWorkflow() {
    String key = api.newTeamAdmin();
    String id = api.createWorkflow(key, "Short lived");

    assertThat(api.send(DELETE, WORKFLOWS + "/" + id, key).statusCode()).isEqualTo(204);
    assertThat(api.send(GET, WORKFLOWS + "/" + id, key).statusCode()).isEqualTo(404);
    assertThat(api.send(DELETE, WORKFLOWS + "/" + id, key).statusCode()).isEqualTo(404);
  }

  @Test
  void anotherTeamsWorkflowAnswersExactlyLikeAMissingOne() {
    String owner = api.newTeamAdmin();
    String stranger = api.newTeamAdmin();
    String id = api.createWorkflow(owner, "Private");
    String missing = Ids.newObjectId();

    for (String path : new String[]{WORKFLOWS + "/" + id, WORKFLOWS + "/" + id + "/versions"}) {
      HttpResponse<Buffer> foreign = api.send(GET, path, stranger);
      HttpResponse<Buffer> absent = api.send(GET, path.replace(id, missing), stranger);
      assertThat(foreign.statusCode()).isEqualTo(404);
      assertThat(absent.statusCode()).isEqualTo(404);
      assertThat(foreign.bodyAsJsonObject().fieldNames()).isEqualTo(absent.bodyAsJsonObject().fieldNames());
    }
    assertThat(api.send(PATCH, WORKFLOWS + "/" + id, stranger, new JsonObject().put("name", "Mine")).statusCode())
        .isEqualTo(404);
    assertThat(api.send(DELETE, WORKFLOWS + "/" + id, stranger).statusCode()).isEqualTo(404);
    assertThat(api.send(GET, WORKFLOWS + "/" + id, owner).bodyAsJsonObject().getJsonObject("workflow")
        .getString("name")).isEqualTo("Private");
    assertThat(api.send(GET, WORKFLOWS, stranger).bodyAsJsonObject().getLong("total")).isZero();
  }

  private static JsonObject hydrated(String key, String id) {
    return api.send(GET, WORKFLOWS + "/" + id + "?fully_hydrate=true", key).bodyAsJsonObject()
        .getJsonObject("workflow").getJsonObject("workflow_config");
  }

  private static java.util.List<String> names(JsonObject page) {
    return page.getJsonArray("workflows").stream().map(w -> ((JsonObject) w).getString("name")).toList();
  }
}
