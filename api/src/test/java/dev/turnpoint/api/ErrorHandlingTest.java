package dev.turnpoint.api;

import dev.turnpoint.model.Ids;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ErrorHandlingTest {

  private static final String WORKFLOWS = "/workflows/v1/workflows";
  private static final int BODY_LIMIT = 64 * 1024;
  private static ApiFixture api;
  private static String key;
  private static String workflowId;

  @BeforeAll
  static void start(Vertx vertx) {
    // The nasty-input sweep sends thousands of requests as fast as it can: no rate limit, or it would test 429s.
    api = ApiFixture.start(vertx, new JsonObject().put("body_limit_bytes", BODY_LIMIT).put("rate_limit_per_key", 0));
    key = api.newTeamAdmin();
    workflowId = api.createWorkflow(key, "Target");
  }

  @Test
  void aMalformedPathIdNamesThePathParameter() {
    HttpResponse<Buffer> response = api.send(GET, WORKFLOWS + "/not-an-object-id", key);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("detail", new JsonArray().add(
        new JsonObject().put("loc", new JsonArray().add("path").add("workflow_id"))
            .put("msg", "String should match pattern '^[0-9a-f]{24}$'")
            .put("type", "string_pattern_mismatch"))));
  }

  @Test
  void badQueryParametersAreAllReportedTogether() {
    assertThat(errors(api.send(GET, WORKFLOWS + "?page=0&size=abc", key)))
        .containsExactly("query.page:greater_than_equal", "query.size:int_parsing");
    assertThat(errors(api.send(GET, WORKFLOWS + "?size=100000", key))).containsExactly("query.size:less_than_equal");
    assertThat(errors(api.send(GET, WORKFLOWS + "/" + workflowId + "?fully_hydrate=maybe", key)))
        .containsExactly("query.fully_hydrate:bool_parsing");
    assertThat(errors(api.send(GET, WORKFLOWS + "/" + workflowId + "/versions/x/diff/-1", key)))
        .containsExactly("path.version_number:int_parsing", "path.other_version_number:greater_than_equal");
  }

  @Test
  void brokenJsonNamesThePositionOfTheError() {
    HttpResponse<Buffer> response = api.sendRaw(POST, WORKFLOWS, key, "application/json",
        Buffer.buffer("{\"name\": \"x\",}"));

    assertThat(response.statusCode()).isEqualTo(422);
    JsonObject error = response.bodyAsJsonObject().getJsonArray("detail").getJsonObject(0);
    assertThat(error.getJsonArray("loc")).isEqualTo(new JsonArray().add("body").add(13));
    assertThat(error.getString("type")).isEqualTo("json_invalid");
    HttpResponse<Buffer> trailing = api.sendRaw(POST, WORKFLOWS, key, "application/json",
        Buffer.buffer("{} trailing"));
    assertThat(errors(trailing)).hasSize(1).allMatch(problem -> problem.endsWith(":json_invalid"));
  }

  @Test
  void aMissingOrNonObjectBodyIsRefused() {
    assertThat(errors(api.sendRaw(POST, WORKFLOWS, key, "application/json", Buffer.buffer())))
        .containsExactly("body:missing");
    assertThat(errors(api.sendRaw(POST, WORKFLOWS, key, null, Buffer.buffer("[1, 2]"))))
        .containsExactly("body:model_attributes_type");
    assertThat(errors(api.sendRaw(PATCH, WORKFLOWS + "/" + workflowId, key, "application/json",
        Buffer.buffer("null")))).containsExactly("body:model_attributes_type");
  }

  @Test
  void wrongTypesAndMissingFieldsNameTheirExactLocation() {
    String versions = WORKFLOWS + "/" + workflowId + "/versions";
    assertThat(errors(api.send(POST, versions, key, new JsonObject().put("version_name", 5)
        .put("mark_as_active", "yes").put("source_version_number", -1))))
        .containsExactly("body.version_name:string_type", "body.mark_as_active:bool_type",
            "body.source_version_number:greater_than_equal");
    assertThat(errors(api.send(POST, versions, key, new JsonObject()))).containsExactly("body.version_name:missing");

    JsonObject listNotString = TestGraphs.graph("Typed");
    listNotString.getJsonArray("node_configs").getJsonObject(0).getJsonObject("static_messages_config")
        .put("static_messages", "Hello!");
    assertThat(errors(api.send(POST, WORKFLOWS, key, new JsonObject().put("name", "x")
        .put("config", listNotString))))
        .containsExactly("body.config.node_configs.0.static_messages_config.static_messages:list_type");

    JsonObject numberForString = TestGraphs.graph("Typed");
    numberForString.getJsonArray("edge_configs").getJsonObject(0).put("source_node_logical_id", 7);
    assertThat(errors(api.send(POST, WORKFLOWS, key, numberForString)))
        .containsExactly("body.edge_configs.0.source_node_logical_id:string_type");
    assertThat(errors(api.send(POST, WORKFLOWS, key, new JsonObject().put("name", "x")
        .put("config", new JsonObject().put("node_configs", new JsonArray().addNull())))))
        .containsExactly("body.config.node_configs.0:model_attributes_type");
  }

  @Test
  void anUnknownNodeOrEdgeTypeNamesTheTypeField() {
    JsonObject unknownNode = TestGraphs.graph("Types");
    unknownNode.getJsonArray("node_configs").getJsonObject(1).put("type", "teleport");
    JsonObject unknownEdge = TestGraphs.graph("Types");
    unknownEdge.getJsonArray("edge_configs").getJsonObject(0).put("type", "wormhole");
    JsonObject untyped = TestGraphs.graph("Types");
    untyped.getJsonArray("node_configs").getJsonObject(0).remove("type");

    HttpResponse<Buffer> node = api.send(POST, WORKFLOWS, key, unknownNode);
    assertThat(errors(node)).containsExactly("body.node_configs.1.type:union_tag_invalid");
    assertThat(node.bodyAsJsonObject().getJsonArray("detail").getJsonObject(0).getString("msg"))
        .startsWith("Input tag 'teleport' found using 'type' does not match any of the expected tags: 'say_llm'");
    assertThat(errors(api.send(POST, WORKFLOWS, key, new JsonObject().put("name", "x").put("config", unknownNode))))
        .containsExactly("body.config.node_configs.1.type:union_tag_invalid");
    assertThat(errors(api.send(POST, WORKFLOWS, key, unknownEdge)))
        .containsExactly("body.edge_configs.0.type:union_tag_invalid");
    assertThat(errors(api.send(POST, WORKFLOWS, key, untyped)))
        .containsExactly("body.node_configs.0.type:union_tag_not_found");
    assertThat(errors(api.send(PATCH, WORKFLOWS + "/" + workflowId + "/versions/0/config", key,
        new JsonObject().put("config", unknownNode))))
        .containsExactly("body.config.node_configs.1.type:union_tag_invalid");
  }

  @Test
  void unknownRoutesAnswer404AndWrongMethods405AsJson() {
    HttpResponse<Buffer> unknown = api.send(GET, "/workflows/v1/nothing-here", key);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("detail")).isEqualTo("Not Found");
    assertThat(api.send(GET, "/elsewhere", null).bodyAsJsonObject().getString("detail")).isEqualTo("Not Found");

    HttpResponse<Buffer> wrongMethod = api.send(PUT, WORKFLOWS, key, new JsonObject());
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.bodyAsJsonObject().getString("detail")).isEqualTo("Method Not Allowed");
  }

  @Test
  void aBodyOverTheLimitIs413() {
    String big = "x".repeat(BODY_LIMIT + 1);

    HttpResponse<Buffer> response = api.send(POST, WORKFLOWS, key, new JsonObject().put("name", big));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.bodyAsJsonObject().getString("detail")).contains(String.valueOf(BODY_LIMIT));
  }

  @Test
  void aBodyThatIsNotJsonIs415() {
    HttpResponse<Buffer> form = api.sendRaw(POST, WORKFLOWS, key, "application/x-www-form-urlencoded",
        Buffer.buffer("name=x"));
    HttpResponse<Buffer> text = api.sendRaw(POST, WORKFLOWS, key, "text/plain", Buffer.buffer("{\"name\":\"x\"}"));

    assertThat(form.statusCode()).isEqualTo(415);
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(text.bodyAsJsonObject().getString("detail")).contains("application/json");
    assertThat(api.sendRaw(POST, WORKFLOWS, key, "application/json; charset=utf-8",
        Buffer.buffer("{\"name\":\"x\"}")).statusCode()).isEqualTo(200);
  }

  @Test
  void noNastyInputOnAnyRouteYieldsAServerError() {
    JsonObject paths = api.send(GET, "/workflows/v1/openapi.json", null).bodyAsJsonObject().getJsonObject("paths");
    String target = api.createWorkflow(key, "Nasty target");
    List<String> failures = new ArrayList<>();
    int sent = 0;
    for (String template : paths.fieldNames()) {
      for (String method : paths.getJsonObject(template).fieldNames()) {
        HttpMethod httpMethod = HttpMethod.valueOf(method.toUpperCase());
        for (String path : nastyPaths(template, target)) {
          for (Buffer body : httpMethod == GET ? List.of(Buffer.buffer()) : nastyBodies()) {
            HttpResponse<Buffer> response = api.sendRaw(httpMethod, path, key, "application/json", body);
            sent++;
            if (response.statusCode() >= 500 || !isJsonOrNothing(response)) {
              failures.add(method + " " + path + " " + abbreviate(body) + " -> " + response.statusCode() + " "
                  + response.bodyAsString());
            }
          }
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(sent).isGreaterThan(500);
    assertThat(api.send(GET, WORKFLOWS, key).statusCode()).isEqualTo(200);
  }

  private static List<String> nastyPaths(String template, String target) {
    List<String> paths = new ArrayList<>();
    Map<String, List<String>> values = Map.of(
        "workflow_id", List.of(target, Ids.newObjectId(), "ZZZZZZZZZZZZZZZZZZZZZZZZ", "%00", "..%2F..%2Fetc",
            "%F0%9F%92%A9", "a".repeat(1500), "5eb7cf5a86d9755df3a6c59"),
        "version_number", List.of("0", "-1", "99999999999999999999", "1e3", "%20", "NaN"),
        "other_version_number", List.of("0", "2147483648"),
        "key_id", List.of(Ids.newObjectId(), "%27%3B--"));
    paths.add(template.replaceAll("\\{[a-z_]+}", "x"));
    for (Map.Entry<String, List<String>> param : values.entrySet()) {
      if (!template.contains("{" + param.getKey() + "}")) {
        continue;
      }
      for (String value : param.getValue()) {
        String path = template.replace("{" + param.getKey() + "}", value);
        paths.add(path.replace("{workflow_id}", target).replace("{version_number}", "0")
            .replace("{other_version_number}", "0").replace("{key_id}", Ids.newObjectId()));
      }
    }
    List<String> withQueries = new ArrayList<>(paths);
    for (String query : List.of("?page=%zz", "?size=1e3&page=99999999999", "?search=%00%FF", "?fully_hydrate=",
        "?team_id=%7B%22%24ne%22%3Anull%7D", "?search=" + "q".repeat(500))) {
      withQueries.add(paths.get(0) + query);
    }
    return withQueries;
  }

  private static List<Buffer> nastyBodies() {
    List<String> texts = List.of("", "null", "[]", "\"text\"", "42", "{", "{\"name\":", "[".repeat(5000),
        "{\"a\":" .repeat(3000), "{\"name\": {\"$gt\": \"\"}}", "{\"name\": \"\\ud800\"}",
        "{\"name\": \"x\", \"config\": {\"node_configs\": [null]}}",
        "{\"name\": \"x\", \"config\": {\"node_configs\": {}}}",
        "{\"node_configs\": [{\"type\": null}]}", "{\"node_configs\": [{\"type\": [\"say_llm\"]}]}",
        "{\"workflow_config\": []}", "{\"workflow_config\": null, \"name\": \"x\"}",
        "{\"version_name\": 1e999}", "{\"version_name\": \"v\", \"source_version_number\": 1e20}",
        "{\"config\": {\"edge_configs\": [{\"type\": \"conditional\", \"condition\": {\"condition_expression\": "
            + "\"((((\"}}]}, \"name\": \"x\"}",
        "{\"name\": \"x\", \"config\": {\"node_configs\": [{\"type\": \"say_llm\", \"llms_config\": {\"type\": "
            + "\"martian_llm\"}, \"self_loop_config\": {\"max_retries\": \"lots\"}}]}}",
        "{\"name\": \"x\", \"config\": {\"workflow_config\": {\"miscellaneous\": 5}}}",
        "{\"role\": null, \"team_id\": {\"$ne\": null}}", "{\"role\": \"admin\", \"team_id\": \"" + "t".repeat(300)
            + "\"}",
        "{\"name\": 1" + "0".repeat(2000) + "}", "{\"description\": null, \"name\": null}",
        "{\"config\": \"settings\", \"version_name\": [], \"content\": {}}");
    List<Buffer> bodies = new ArrayList<>();
    texts.forEach(text -> bodies.add(Buffer.buffer(text, StandardCharsets.UTF_8.name())));
    bodies.add(Buffer.buffer(new byte[]{(byte) 0xff, (byte) 0xfe, '{', '}', 0}));
    return bodies;
  }

  private static boolean isJsonOrNothing(HttpResponse<Buffer> response) {
    if (response.body() == null || response.body().length() == 0) {
      return response.statusCode() == 204 || response.statusCode() == 400 || response.statusCode() == 414;
    }
    try {
      response.bodyAsJsonObject();
      return true;
    } catch (RuntimeException notJson) {
      return false;
    }
  }

  private static String abbreviate(Buffer body) {
    String text = body.toString();
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }

  static List<String> errors(HttpResponse<Buffer> response) {
    return ApiKeyRoutesTest.detail(response);
  }
}
