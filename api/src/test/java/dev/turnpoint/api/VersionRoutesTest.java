package dev.turnpoint.api;

import dev.turnpoint.model.workflow.SayLlmNode;
import dev.turnpoint.model.workflow.WorkflowVersion;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class VersionRoutesTest {

  private static ApiFixture api;
  private static WorkflowStore store;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx);
    store = ServiceProxies.client(vertx, WorkflowStore.class, Addresses.WORKFLOW_STORE);
  }

  private static String versions(String workflowId) {
    return "/workflows/v1/workflows/" + workflowId + "/versions";
  }

  @Test
  void aNewVersionCopiesTheActiveOneAndIsListedWithItsState() {
    String key = api.newTeamAdmin();
    String id = api.createWorkflow(key, "Versioned");

    HttpResponse<Buffer> created = api.send(POST, versions(id), key, new JsonObject().put("version_name", "Second"));

    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(200);
    JsonObject answer = created.bodyAsJsonObject();
    assertThat(answer.getInteger("parent_active_version")).isZero();
    JsonObject version = answer.getJsonObject("version");
    assertThat(version.getInteger("version_number")).isEqualTo(1);
    assertThat(version.getString("version_name")).isEqualTo("Second");
    assertThat(version.getBoolean("is_active")).isFalse();
    assertThat(version.getString("workflow_id")).isEqualTo(id);
    assertThat(version.getJsonArray("node_configs")).hasSize(2);

    JsonArray listed = api.send(GET, versions(id), key).bodyAsJsonObject().getJsonArray("versions");
    assertThat(listed.stream().map(v -> ((JsonObject) v).getString("version_name")))
        .containsExactly("Initial Version", "Second");
    assertThat(listed.stream().map(v -> ((JsonObject) v).getBoolean("is_active"))).containsExactly(true, false);
  }

  @Test
  void aVersionCanBeMadeActiveWhenCreatedOrLater() {
    String key = api.newTeamAdmin();
    String id = api.createWorkflow(key, "Activation");

    JsonObject second = api.send(POST, versions(id), key, new JsonObject().put("version_name", "Active at once")
        .put("mark_as_active", true)).bodyAsJsonObject();
    assertThat(second.getInteger("parent_active_version")).isEqualTo(1);
    assertThat(second.getJsonObject("version").getBoolean("is_active")).isTrue();

    HttpResponse<Buffer> activated = api.send(POST, versions(id) + "/0/activate", key);
    assertThat(activated.statusCode()).as(activated.bodyAsString()).isEqualTo(200);
    JsonObject workflow = activated.bodyAsJsonObject().getJsonObject("workflow");
    assertThat(workflow.getInteger("active_version_number")).isZero();
    assertThat(workflow.getJsonObject("workflow_config").getJsonArray("node_configs")).hasSize(2);
    assertThat(workflow.getJsonObject("workflow_config").getJsonObject("workflow_config").getString("name"))
        .isEqualTo("Activation");
    assertThat(api.send(POST, versions(id) + "/7/activate", key).statusCode()).isEqualTo(404);
  }

  @Test
  void aVersionIsClonedFromTheSourceAskedFor() {
    String key = api.newTeamAdmin();
    String id = api.createWorkflow(key, "Sources");
    api.send(POST, versions(id), key, new JsonObject().put("version_name", "One"));
    api.send(PATCH, versions(id) + "/1/config", key, new JsonObject().put("config", new JsonObject()
        .put("workflow_config", new JsonObject().put("name", "Sources")).put("node_configs", new JsonArray())));

    JsonObject fromOne = api.send(POST, versions(id), key, new JsonObject().put("version_name", "From one")
        .put("source_version_number", 1)).bodyAsJsonObject().getJsonObject("version");
    JsonObject fromActive = api.send(POST, versions(id), key, new JsonObject().put("version_name", "From active"))
        .bodyAsJsonObject().getJsonObject("version");

    assertThat(fromOne.getJsonArray("node_configs")).isEmpty();
    assertThat(fromActive.getJsonArray("node_configs")).hasSize(2);
    assertThat(api.send(POST, versions(id), key, new JsonObject().put("version_name", "x")
        .put("source_version_number", 99)).statusCode()).isEqualTo(404);
  }

  @Test
  void renamingAnswersTheVersionAndTheActiveNumber() {
    String key = api.newTeamAdmin();
    String id = api.createWorkflow(key, "Renames");

    HttpResponse<Buffer> renamed = api.send(PATCH, versions(id) + "/0", key,
        new JsonObject().put("version_name", "Draft"));

    assertThat(renamed.statusCode()).isEqualTo(200);
    assertThat(renamed.bodyAsJsonObject().getJsonObject("version").getString("version_name")).isEqualTo("Draft");
    assertThat(renamed.bodyAsJsonObject().getInteger("parent_active_version")).isZero();
    assertThat(api.send(PATCH, versions(id) + "/0", key, new JsonObject().put("version_name", " ")).statusCode())
        .isEqualTo(422);
  }

  @Test
  void aWholeGraphReplacesEverythingAndSettingsAloneKeepTheNodes() {
    String key = api.newTeamAdmin();
    String id = api.createWorkflow(key, "Replaced");
    JsonObject newGraph = TestGraphs.graph("Replaced");
    newGraph.getJsonArray("node_configs").remove(1);
    newGraph.put("edge_configs", new JsonArray());

    HttpResponse<Buffer> replaced = api.send(PATCH, versions(id) + "/0/config", key,
        new JsonObject().put("config", newGraph));
    assertThat(replaced.statusCode()).as(replaced.bodyAsString()).isEqualTo(200);
    assertThat(replaced.bodyAsJsonObject().getJsonObject("version").getJsonArray("node_configs")).hasSize(1);

    HttpResponse<Buffer> settings = api.send(PATCH, versions(id) + "/0/config", key, new JsonObject()
        .put("config", new JsonObject().put("default_prompt_prefix", "Speak plainly.")));
    JsonObject version = settings.bodyAsJsonObject().getJsonObject("version");
    assertThat(version.getJsonArray("node_configs")).hasSize(1);
    assertThat(version.getJsonObject("workflow_config").getString("default_prompt_prefix"))
        .isEqualTo("Speak plainly.");
    assertThat(version.getJsonObject("workflow_config").getString("name")).isEqualTo("Replaced");
  }

  @Test
  void aMaskedCredentialSentBackKeepsTheStoredOne() {
    String key = api.newTeamAdmin();
    String teamId = api.keys.authenticate(key).await().teamId();
    JsonObject graph = TestGraphs.graph("Secrets");
    graph.getJsonArray("node_configs").getJsonObject(1).put("llms_config", new JsonObject()
        .put("type", "openai_llm").put("model", "gpt-test").put("api_key", "sk-node-secret"));
    String id = api.createWorkflow(key, graph);

    JsonObject read = api.send(GET, versions(id), key).bodyAsJsonObject().getJsonArray("versions").getJsonObject(0);
    assertThat(read.encode()).doesNotContain("sk-node-secret").contains("**********");
    JsonObject echoed = new JsonObject()
        .put("workflow_config", read.getJsonObject("workflow_config"))
        .put("node_configs", read.getJsonArray("node_configs"))
        .put("edge_configs", read.getJsonArray("edge_configs"));
    assertThat(api.send(PATCH, versions(id) + "/0/config", key, new JsonObject().put("config", echoed))
        .statusCode()).isEqualTo(200);

    WorkflowVersion stored = store.getVersion(teamId, id, 0).await();
    assertThat(((SayLlmNode) stored.nodeConfigs.get(1)).llmsConfig.apiKey).isEqualTo("sk-node-secret");
  }

  @Test
  void aGraphThatBreaksARuleIsRefusedWithEveryRuleNamed() {
    String key = api.newTeamAdmin();
    JsonObject broken = TestGraphs.graph("Broken");
    broken.getJsonArray("edge_configs").getJsonObject(0).put("destination_node_logical_id", "node_nowhere");
    broken.getJsonArray("node_configs").getJsonObject(1).put("is_start", true);

    HttpResponse<Buffer> refused = api.send(POST, "/workflows/v1/workflows", key, broken);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getString("detail")).startsWith("graph validation failed: ")
        .contains("node_nowhere");
    assertThat(refused.bodyAsJsonObject().getJsonArray("errors")).hasSize(2);

    String id = api.createWorkflow(key, "Fine");
    HttpResponse<Buffer> replace = api.send(PATCH, versions(id) + "/0/config", key,
        new JsonObject().put("config", broken));
    assertThat(replace.statusCode()).isEqualTo(400);
    assertThat(api.send(GET, versions(id), key).bodyAsJsonObject().getJsonArray("versions").getJsonObject(0)
        .getJsonArray("edge_configs").getJsonObject(0).getString("destination_node_logical_id"))
        .isEqualTo("node_chat");
  }

  @Test
  void theActiveVersionCannotBeDeletedOthersCan() {
    String key = api.newTeamAdmin();
    String id = api.createWorkflow(key, "Deletions");
    api.send(POST, versions(id), key, new JsonObject().put("version_name", "Spare"));

    HttpResponse<Buffer> active = api.send(DELETE, versions(id) + "/0", key);
    assertThat(active.statusCode()).isEqualTo(409);
    assertThat(active.bodyAsJsonObject().getString("detail")).isNotBlank();
    assertThat(api.send(DELETE, versions(id) + "/1", key).statusCode()).isEqualTo(204);
    assertThat(api.send(DELETE, versions(id) + "/1", key).statusCode()).isEqualTo(404);
    assertThat(api.send(GET, versions(id), key).bodyAsJsonObject().getJsonArray("versions")).hasSize(1);
  }

  @Test
  void theDiffNamesEveryAddedRemovedAndModifiedPart() {
    String key = api.newTeamAdmin();
    String id = api.createWorkflow(key, "Diffed");
    api.send(POST, versions(id), key, new JsonObject().put("version_name", "Edited"));
    JsonObject edited = TestGraphs.graph("Diffed");
    edited.getJsonObject("workflow_config").put("default_prompt_prefix", "New prefix");
    JsonArray nodes = edited.getJsonArray("node_configs");
    nodes.getJsonObject(0).put("name", "Welcome");
    nodes.remove(1);
    nodes.add(new JsonObject().put("logical_id", "node_bye").put("name", "Goodbye").put("type", "say_static")
        .put("static_messages_config", new JsonObject().put("static_messages", new JsonArray().add("Bye"))));
    edited.put("edge_configs", new JsonArray().add(new JsonObject().put("logical_id", "edge_2").put("type", "direct")
        .put("source_node_logical_id", "node_greet").put("destination_node_logical_id", "node_bye")));
    api.send(PATCH, versions(id) + "/1/config", key, new JsonObject().put("config", edited));

    HttpResponse<Buffer> diffed = api.send(GET, versions(id) + "/0/diff/1", key);

    assertThat(diffed.statusCode()).as(diffed.bodyAsString()).isEqualTo(200);
    JsonObject diff = diffed.bodyAsJsonObject();
    assertThat(diff.getJsonArray("workflow_config_changes").getJsonObject(0)).isEqualTo(new JsonObject()
        .put("field", "default_prompt_prefix").put("old", null).put("new", "New prefix"));
    assertThat(statuses(diff.getJsonArray("nodes"))).containsExactlyInAnyOrder(
        "node_greet:modified", "node_chat:removed", "node_bye:added");
    JsonObject greet = find(diff.getJsonArray("nodes"), "node_greet");
    assertThat(greet.getString("name")).isEqualTo("Welcome");
    assertThat(greet.getJsonArray("changes").getJsonObject(0)).isEqualTo(new JsonObject()
        .put("field", "name").put("old", "Greeting").put("new", "Welcome"));
    assertThat(statuses(diff.getJsonArray("edges"))).containsExactlyInAnyOrder("edge_1:removed", "edge_2:added");
    assertThat(diff.getJsonObject("summary")).isEqualTo(new JsonObject()
        .put("workflow_config_changes", 1)
        .put("nodes_added", 1).put("nodes_removed", 1).put("nodes_modified", 1)
        .put("edges_added", 1).put("edges_removed", 1).put("edges_modified", 0)
        .put("total_changes", 6));
    assertThat(api.send(GET, versions(id) + "/0/diff/0", key).bodyAsJsonObject().getJsonObject("summary")
        .getInteger("total_changes")).isZero();
    assertThat(api.send(GET, versions(id) + "/0/diff/5", key).statusCode()).isEqualTo(404);
  }

  private static List<String> statuses(JsonArray diffs) {
    return diffs.stream().map(d -> ((JsonObject) d).getString("logical_id") + ":" + ((JsonObject) d)
        .getString("status")).toList();
  }

  private static JsonObject find(JsonArray diffs, String logicalId) {
    return diffs.stream().map(JsonObject.class::cast).filter(d -> logicalId.equals(d.getString("logical_id")))
        .findFirst().orElseThrow();
  }
}
