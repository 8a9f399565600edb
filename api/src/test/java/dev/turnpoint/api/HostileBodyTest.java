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

import java.util.ArrayList;
import java.util.List;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies that parse as JSON but that no store could keep or no client read back, and page numbers past any end:
 * each is answered as a client error (or an empty page), never a 500 and never stored.
 */
@ExtendWith(VertxExtension.class)
class HostileBodyTest {

  private static final String WORKFLOWS = "/workflows/v1/workflows";
  private static final String RUNS = "/workflows/v1/workflow-runs";
  private static final int DEPTH = 6;
  private static ApiFixture api;
  private static ApiFixture shallow;
  private static String key;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx);
    key = api.newTeamAdmin();
    shallow = api.anotherApi(new JsonObject().put("max_json_depth", DEPTH));
  }

  @Test
  void aNulCharacterInAKeyIsRefusedWhereItIs() {
    String body = "{\"workflow_config\": {\"name\": \"Nul\"}, \"dynamic_variables\": {\"a\\u0000b\": 1}}";

    HttpResponse<Buffer> response = api.sendRaw(POST, WORKFLOWS, key, "application/json", Buffer.buffer(body));

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(422);
    JsonObject error = response.bodyAsJsonObject().getJsonArray("detail").getJsonObject(0);
    assertThat(error.getJsonArray("loc")).isEqualTo(new JsonArray().add("body").add("dynamic_variables")
        .add("a\u0000b"));
    assertThat(error.getString("type")).isEqualTo("value_error");
    assertThat(total(WORKFLOWS, "workflows")).isZero();
  }

  @Test
  void nestingBeyondTheLimitIsRefusedAndNothingIsStored() {
    String deep = "{\"workflow_config\": {\"name\": \"Deep\"}, \"dynamic_variables\": {\"x\": "
        + "[".repeat(900) + "]".repeat(900) + "}}";

    HttpResponse<Buffer> response = api.sendRaw(POST, WORKFLOWS, key, "application/json", Buffer.buffer(deep));

    assertThat(ErrorHandlingTest.errors(response)).hasSize(1).allMatch(error -> error.endsWith(":json_invalid"));
    assertThat(response.bodyAsJsonObject().getJsonArray("detail").getJsonObject(0).getString("msg"))
        .contains("64 levels");
    assertThat(total(WORKFLOWS, "workflows")).isZero();
  }

  @Test
  void theNestingLimitIsConfigurable() {
    String shallowKey = shallow.newTeamAdmin();
    String atTheLimit = "{\"workflow_config\": {\"name\": \"Nested\"}, \"dynamic_variables\": {\"x\": "
        + "[".repeat(DEPTH - 2) + "]".repeat(DEPTH - 2) + "}}";
    String overTheLimit = atTheLimit.replace("[]", "[[]]");

    assertThat(shallow.sendRaw(POST, WORKFLOWS, shallowKey, "application/json", Buffer.buffer(atTheLimit))
        .statusCode()).isEqualTo(200);
    HttpResponse<Buffer> refused = shallow.sendRaw(POST, WORKFLOWS, shallowKey, "application/json",
        Buffer.buffer(overTheLimit));
    assertThat(ErrorHandlingTest.errors(refused)).hasSize(1).allMatch(error -> error.endsWith(":json_invalid"));
    assertThat(refused.bodyAsJsonObject().getJsonArray("detail").getJsonObject(0).getString("msg"))
        .contains(DEPTH + " levels");
  }

  @Test
  void numbersNoStoreCanHoldAreRefusedWhereTheyAre() {
    String body = "{\"workflow_config\": {\"name\": \"Numbers\"}, \"dynamic_variables\": {\"big\": 1e309,"
        + " \"negative\": -1e309, \"huge\": 1" + "0".repeat(30) + ", \"fine\": 1.5e300, \"long\": "
        + Long.MAX_VALUE + "}}";

    HttpResponse<Buffer> response = api.sendRaw(POST, WORKFLOWS, key, "application/json", Buffer.buffer(body));

    assertThat(ErrorHandlingTest.errors(response)).containsExactly("body.dynamic_variables.big:finite_number",
        "body.dynamic_variables.negative:finite_number", "body.dynamic_variables.huge:int_parsing_size");
    assertThat(total(WORKFLOWS, "workflows")).isZero();
  }

  @Test
  void everyOperationWithABodyRefusesNonFiniteNumbersAndNulKeys() {
    JsonObject paths = api.send(GET, "/workflows/v1/openapi.json", null).bodyAsJsonObject().getJsonObject("paths");
    List<String> accepted = new ArrayList<>();
    int operations = 0;
    for (String template : paths.fieldNames()) {
      for (String method : paths.getJsonObject(template).fieldNames()) {
        if (!paths.getJsonObject(template).getJsonObject(method).containsKey("requestBody")) {
          continue;
        }
        operations++;
        String path = template.replaceAll("\\{[a-z_]*(id)}", Ids.newObjectId()).replaceAll("\\{[a-z_]+}", "0");
        HttpMethod httpMethod = HttpMethod.valueOf(method.toUpperCase());
        for (String body : List.of("{\"x\": 1e400}", "{\"\\u0000\": true}")) {
          HttpResponse<Buffer> response = api.sendRaw(httpMethod, path, key, "application/json",
              Buffer.buffer(body));
          if (response.statusCode() != 422 || !response.bodyAsString().contains("[\"body\",\"")) {
            accepted.add(method + " " + path + " " + body + " -> " + response.statusCode());
          }
        }
      }
    }
    assertThat(accepted).isEmpty();
    assertThat(operations).isGreaterThanOrEqualTo(12);
  }

  @Test
  void aPagePastAnyEndIsEmptyAndKeepsTheTotal() {
    String teamKey = api.newTeamAdmin();
    api.createWorkflow(teamKey, "Only one");

    for (String query : List.of("?page=2147483647", "?page=2147483647&size=1000", "?page=21474837&size=1000",
        "?page=2&size=1")) {
      HttpResponse<Buffer> workflows = api.send(GET, WORKFLOWS + query, teamKey);
      assertThat(workflows.statusCode()).as(query).isEqualTo(200);
      assertThat(workflows.bodyAsJsonObject().getJsonArray("workflows")).as(query).isEmpty();
      assertThat(workflows.bodyAsJsonObject().getLong("total")).as(query).isEqualTo(1);
      HttpResponse<Buffer> runs = api.send(GET, RUNS + query, teamKey);
      assertThat(runs.statusCode()).as(query).isEqualTo(200);
      assertThat(runs.bodyAsJsonObject().getJsonArray("workflow_runs")).as(query).isEmpty();
    }
    assertThat(api.send(GET, WORKFLOWS + "?page=1", teamKey).bodyAsJsonObject().getJsonArray("workflows"))
        .hasSize(1);
    assertThat(ErrorHandlingTest.errors(api.send(GET, WORKFLOWS + "?page=2147483648", teamKey)))
        .containsExactly("query.page:less_than_equal");
    assertThat(ErrorHandlingTest.errors(api.send(GET, RUNS + "?page=-1", teamKey)))
        .containsExactly("query.page:greater_than_equal");
  }

  private static long total(String path, String field) {
    JsonObject page = api.send(GET, path, key).bodyAsJsonObject();
    assertThat(page.containsKey(field)).isTrue();
    return page.getLong("total");
  }
}
