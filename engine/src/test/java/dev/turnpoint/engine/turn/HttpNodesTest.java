package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.GraphResources;
import dev.turnpoint.engine.http.OutboundPolicy;
import dev.turnpoint.model.run.NodeRunInput;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.turnpoint.engine.turn.TurnDriver.said;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code http_request} and {@code external_api} tools against a real HTTP server on loopback. */
class HttpNodesTest {

  private static final String RUN_ID = "66f000000000000000000002";
  private static Vertx vertx;
  private static HttpServer server;
  private static String base;
  private static OutboundPolicy allowTestServers;

  @BeforeAll
  static void startServer() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.route("/echo").handler(HttpNodesTest::echo);
    router.get("/text").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain").end("plain words"));
    router.get("/slow").handler(ctx -> {
    });
    router.route("/fail").handler(ctx -> ctx.response().setStatusCode(500).end("boom"));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    base = "http://127.0.0.1:" + server.actualPort();
    // The fake API, and port 9 (nothing listens) for the unreachable case.
    allowTestServers = TestExecutors.allowing("127.0.0.1:" + server.actualPort(), "127.0.0.1:9");
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static void echo(RoutingContext ctx) {
    JsonObject query = new JsonObject();
    ctx.queryParams().forEach(query::put);
    ctx.json(new JsonObject()
        .put("method", ctx.request().method().name())
        .put("query", query)
        .put("token", ctx.request().getHeader("X-Token"))
        .put("authorization", ctx.request().getHeader("Authorization"))
        .put("content_type", ctx.request().getHeader("Content-Type"))
        .put("body", ctx.body().asString()));
  }

  private static TurnOutcome run(String graph, JsonObject dynamicVariables) {
    WorkflowRunInput input = TurnDriver.input(RunCommand.START);
    input.dynamicVariables = dynamicVariables.put("base", base);
    return new TurnDriver(TestExecutors.executor(vertx, allowTestServers), GraphResources.graph(graph), RUN_ID)
        .turn(input);
  }

  private static JsonObject output(TurnOutcome outcome, int index) {
    return outcome.pair().runOutput.threadToNodeOutputs.get("0").get(index);
  }

  @Test
  void aGetRequestSendsRenderedHeadersAndQueryAndStoresTheParsedResult() {
    String graph = """
        {"workflow_config": {"name": "GET"},
         "node_configs": [
           {"logical_id": "node_call", "type": "http_request", "is_start": true,
            "url": "{{base}}/echo", "method": "GET",
            "headers": {"X-Token": "t-{{token}}", "Authorization": "Bearer {{token}}"},
            "query_parameters": {"patient": "{{patient}}"}, "result_runtime_variable_name": "lookup"},
           {"logical_id": "node_say", "type": "say_static", "static_messages_config": {"static_messages": [
             "[[lookup.status_code]] [[lookup.body.method]] [[lookup.body.query.patient]] [[lookup.body.token]]"]}}
         ],
         "edge_configs": [
           {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_call",
            "destination_node_logical_id": "node_say"}
         ]}
        """;
    TurnOutcome outcome = run(graph, new JsonObject().put("token", "secret42").put("patient", "Ana Silva"));
    assertThat(said(outcome)).containsExactly("200 GET Ana Silva t-secret42");
    JsonObject call = output(outcome, 0);
    assertThat(call.getBoolean("success")).isTrue();
    assertThat(call.getInteger("http_status_code")).isEqualTo(200);
    assertThat(call.getJsonObject("http_response").getString("authorization")).isEqualTo("Bearer secret42");
    assertThat(call.getString("curl_command")).startsWith("curl -X GET '" + base + "/echo?patient=Ana Silva'")
        .contains("'Authorization: ***'").doesNotContain("secret42");
    JsonObject event = outcome.events().stream().filter(e -> "http_request".equals(e.getString("type")))
        .findFirst().orElseThrow();
    assertThat(event.getInteger("status_code")).isEqualTo(200);
    assertThat(event.getString("url")).isEqualTo(base + "/echo");
    assertThat(outcome.checkpoint().runtimeVariables.getJsonObject("lookup").getJsonObject("headers")
        .getString("content-type")).contains("application/json");
  }

  @Test
  void bodiesAreSentAsJsonFormOrText() {
    String graph = """
        {"workflow_config": {"name": "POST"},
         "node_configs": [
           {"logical_id": "node_json", "type": "http_request", "is_start": true, "url": "{{base}}/echo",
            "method": "POST", "body_parameters": {"name": "{{name}}", "age": "[[age]]", "note": "age [[age]]"},
            "result_runtime_variable_name": "json_result"},
           {"logical_id": "node_form", "type": "http_request", "url": "{{base}}/echo", "method": "PUT",
            "body_content_type": "form", "body_parameters": {"name": "{{name}}"},
            "result_runtime_variable_name": "form_result"},
           {"logical_id": "node_text", "type": "http_request", "url": "{{base}}/echo", "method": "PATCH",
            "body_content_type": "text", "body_parameters": {"text": "hello {{name}}"},
            "response_format": "text", "result_runtime_variable_name": "text_result"}
         ],
         "edge_configs": [
           {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_json",
            "destination_node_logical_id": "node_form"},
           {"logical_id": "e2", "type": "direct", "source_node_logical_id": "node_form",
            "destination_node_logical_id": "node_text"}
         ]}
        """;
    WorkflowRunInput input = TurnDriver.input(RunCommand.START);
    input.dynamicVariables = new JsonObject().put("base", base).put("name", "Ana");
    input.runtimeVariables = new JsonObject().put("age", 42);
    TurnOutcome outcome = new TurnDriver(TestExecutors.executor(vertx, allowTestServers),
        GraphResources.graph(graph), RUN_ID).turn(input);
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.COMPLETED);
    JsonObject variables = outcome.checkpoint().runtimeVariables;

    JsonObject json = variables.getJsonObject("json_result").getJsonObject("body");
    assertThat(json.getString("content_type")).startsWith("application/json");
    assertThat(new JsonObject(json.getString("body")).getMap())
        .containsEntry("name", "Ana").containsEntry("age", 42).containsEntry("note", "age 42");

    JsonObject form = variables.getJsonObject("form_result").getJsonObject("body");
    assertThat(form.getString("method")).isEqualTo("PUT");
    assertThat(form.getString("content_type")).startsWith("application/x-www-form-urlencoded");
    assertThat(form.getString("body")).isEqualTo("name=Ana");

    String text = variables.getJsonObject("text_result").getString("body");
    assertThat(new JsonObject(text).getString("body")).isEqualTo("hello Ana");
    assertThat(new JsonObject(text).getString("content_type")).startsWith("text/plain");
  }

  @Test
  void aFailedCallIsRecordedAndTheWorkflowBranchesOnIt() {
    String graph = """
        {"workflow_config": {"name": "Unreachable"},
         "node_configs": [
           {"logical_id": "node_call", "type": "http_request", "is_start": true, "url": "{{target}}", "timeout": 0.2},
           {"logical_id": "node_ok", "type": "say_static",
            "static_messages_config": {"static_messages": ["reachable"]}},
           {"logical_id": "node_down", "type": "say_static",
            "static_messages_config": {"static_messages": ["down: [[http_request_result.error]]"]}}
         ],
         "edge_configs": [
           {"logical_id": "e_ok", "type": "conditional", "source_node_logical_id": "node_call",
            "destination_node_logical_id": "node_ok",
            "condition": {"condition_expression": "[[http_request_result.status_code]] == 200"}},
           {"logical_id": "e_down", "type": "direct", "source_node_logical_id": "node_call",
            "destination_node_logical_id": "node_down"}
         ]}
        """;
    for (String target : List.of("http://127.0.0.1:9/nothing", base + "/slow", "not a url", base + "/fail")) {
      TurnOutcome outcome = run(graph, new JsonObject().put("target", target));
      assertThat(outcome.status()).as(target).isEqualTo(WorkflowStatus.COMPLETED);
      assertThat(said(outcome)).as(target).singleElement().asString().startsWith("down: ");
      assertThat(output(outcome, 0).getBoolean("success")).isFalse();
    }
    TurnOutcome slow = run(graph, new JsonObject().put("target", base + "/slow"));
    assertThat(said(slow)).containsExactly("down: no response within 200 ms");
    TurnOutcome failing = run(graph, new JsonObject().put("target", base + "/fail"));
    assertThat(output(failing, 0).getInteger("http_status_code")).isEqualTo(500);
    assertThat(output(failing, 0).getString("http_response")).isEqualTo("boom");
    TurnOutcome text = run(graph.replace("{{target}}", "{{base}}/text"), new JsonObject());
    assertThat(said(text)).containsExactly("reachable");
    assertThat(text.checkpoint().runtimeVariables.getJsonObject("http_request_result").getString("body"))
        .isEqualTo("plain words");
  }

  @Test
  void externalApiToolsSendTheirArgumentsAndRecordTheAnswer() {
    String graph = """
        {"workflow_config": {"name": "Tools"},
         "node_configs": [
           {"logical_id": "node_post", "type": "tool_node", "is_start": true, "preserve_argument_types": true,
            "tool_config": {"type": "external_api", "name": "book", "api_endpoint": "{{base}}/echo",
                            "api_method": "POST", "api_headers": {"X-Token": "{{token}}"},
                            "api_body": {"clinic": "{{clinic}}", "slot": "default"}},
            "tool_arguments": {"slot": "[[slot]]", "patient": "{{patient}}"},
            "result_runtime_variable_name": "booking"},
           {"logical_id": "node_get", "type": "tool_node",
            "tool_config": {"type": "external_api", "api_endpoint": "{{base}}/echo", "api_method": "GET",
                            "expand_result_into_runtime_variables": true},
            "tool_arguments": {"q": "{{patient}}"}},
           {"logical_id": "node_broken", "type": "tool_node",
            "tool_config": {"type": "external_api", "api_endpoint": "{{base}}/fail"},
            "result_runtime_variable_name": "broken"}
         ],
         "edge_configs": [
           {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_post",
            "destination_node_logical_id": "node_get"},
           {"logical_id": "e2", "type": "direct", "source_node_logical_id": "node_get",
            "destination_node_logical_id": "node_broken"}
         ]}
        """;
    WorkflowRunInput input = TurnDriver.input(RunCommand.START);
    input.dynamicVariables = new JsonObject().put("base", base).put("token", "tok").put("clinic", "Riverside")
        .put("patient", "Ana");
    input.runtimeVariables = new JsonObject().put("slot", 9);
    TurnOutcome outcome = new TurnDriver(TestExecutors.executor(vertx, allowTestServers),
        GraphResources.graph(graph), RUN_ID).turn(input);
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.COMPLETED);
    JsonObject variables = outcome.checkpoint().runtimeVariables;

    JsonObject booking = variables.getJsonObject("booking");
    assertThat(booking.getInteger("status_code")).isEqualTo(200);
    assertThat(booking.getJsonObject("body").getString("token")).isEqualTo("tok");
    assertThat(new JsonObject(booking.getJsonObject("body").getString("body")).getMap())
        .containsEntry("clinic", "Riverside").containsEntry("slot", 9).containsEntry("patient", "Ana");

    JsonObject fetched = variables.getJsonObject("tool_result");
    assertThat(fetched.getJsonObject("body").getJsonObject("query").getString("q")).isEqualTo("Ana");
    assertThat(variables.getInteger("status_code")).isEqualTo(200);

    JsonObject broken = output(outcome, 2);
    assertThat(broken.getBoolean("success")).isFalse();
    assertThat(broken.getString("error_message")).isEqualTo("the API answered HTTP 500");
    assertThat(variables.getJsonObject("broken").getString("body")).isEqualTo("boom");
  }

  /** As the Interactly SDK sends them: JSON text with placeholders, parsed once they are substituted. */
  private static final String TEXT_PARAMETERS = """
      {"workflow_config": {"name": "Text parameters"},
       "node_configs": [
         {"logical_id": "node_call", "name": "Lookup", "type": "http_request", "is_start": true,
          "url": "{{base}}/echo", "method": "POST", "body_content_type": "application/json",
          "query_parameters": "{\\"search\\": \\"brand:{{drug}}\\", \\"limit\\": [[limit]]}",
          "body_parameters": "{\\"drug\\": \\"{{drug}}\\", \\"limit\\": [[limit]]}",
          "result_runtime_variable_name": "lookup"}
       ],
       "edge_configs": []}
      """;

  @Test
  void queryAndBodyParametersGivenAsJsonTextAreParsedAfterSubstitution() {
    WorkflowRunInput input = TurnDriver.input(RunCommand.START);
    input.dynamicVariables = new JsonObject().put("base", base).put("drug", "aspirin");
    input.runtimeVariables = new JsonObject().put("limit", 1);
    TurnOutcome outcome = new TurnDriver(TestExecutors.executor(vertx, allowTestServers),
        GraphResources.graph(TEXT_PARAMETERS), RUN_ID).turn(input);

    assertThat(outcome.status()).isEqualTo(WorkflowStatus.COMPLETED);
    JsonObject echoed = outcome.checkpoint().runtimeVariables.getJsonObject("lookup").getJsonObject("body");
    assertThat(echoed.getJsonObject("query").getMap()).containsEntry("search", "brand:aspirin")
        .containsEntry("limit", "1");
    assertThat(echoed.getString("content_type")).startsWith("application/json");
    assertThat(new JsonObject(echoed.getString("body")).getMap()).containsEntry("drug", "aspirin")
        .containsEntry("limit", 1);
  }

  @Test
  void parametersTextThatIsNotAJsonObjectFailsTheRunNamingTheNodeAndField() {
    for (String limit : List.of("1, oops", "1} and more")) {
      WorkflowRunInput input = TurnDriver.input(RunCommand.START);
      input.dynamicVariables = new JsonObject().put("base", base).put("drug", "aspirin");
      input.runtimeVariables = new JsonObject().put("limit", limit);
      TurnOutcome outcome = new TurnDriver(TestExecutors.executor(vertx, allowTestServers),
          GraphResources.graph(TEXT_PARAMETERS), RUN_ID).turn(input);

      assertThat(outcome.status()).as(limit).isEqualTo(WorkflowStatus.FAILED);
      JsonObject error = outcome.events().stream().filter(e -> "workflow_error".equals(e.getString("type")))
          .findFirst().orElseThrow();
      assertThat(error.getString("error_message")).contains("'Lookup' (node_call)",
          "body_parameters must be a JSON object once its placeholders are substituted");
    }
    String array = TEXT_PARAMETERS.replace("\"query_parameters\": \"{", "\"query_parameters\": \"[1]\", \"x\": \"{");
    WorkflowRunInput input = TurnDriver.input(RunCommand.START);
    input.dynamicVariables = new JsonObject().put("base", base).put("drug", "aspirin");
    input.runtimeVariables = new JsonObject().put("limit", 1);
    TurnOutcome outcome = new TurnDriver(TestExecutors.executor(vertx, allowTestServers),
        GraphResources.graph(array), RUN_ID).turn(input);
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.FAILED);
    assertThat(outcome.events().stream().filter(e -> "workflow_error".equals(e.getString("type"))).findFirst()
        .orElseThrow().getString("error_message")).contains("query_parameters must be a JSON object");
  }

  @Test
  void anOverrideUrlInTheTurnsNodeRunInputReplacesTheNodesUrl() {
    String graph = TEXT_PARAMETERS.replace("{{base}}/echo", "http://127.0.0.1:9/never-called");
    WorkflowRunInput input = TurnDriver.input(RunCommand.START);
    input.dynamicVariables = new JsonObject().put("base", base).put("drug", "aspirin");
    input.runtimeVariables = new JsonObject().put("limit", 1);
    NodeRunInput override = new NodeRunInput();
    override.type = "http_request";
    override.nodeLogicalId = "node_call";
    override.otherFields.put("override_url", "{{base}}/echo");
    input.threadToNodeInputs.get(WorkflowRunInput.MAIN_THREAD).nodeRunInputs.add(override);
    TurnOutcome outcome = new TurnDriver(TestExecutors.executor(vertx, allowTestServers),
        GraphResources.graph(graph), RUN_ID).turn(input);

    assertThat(outcome.status()).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(output(outcome, 0).getInteger("http_status_code")).isEqualTo(200);
    assertThat(outcome.events().stream().filter(e -> "http_request".equals(e.getString("type"))).findFirst()
        .orElseThrow().getString("url")).isEqualTo(base + "/echo");

    override.nodeLogicalId = "node_other";
    TurnOutcome elsewhere = new TurnDriver(TestExecutors.executor(vertx, allowTestServers),
        GraphResources.graph(graph), RUN_ID).turn(input);
    assertThat(output(elsewhere, 0).getBoolean("success")).isFalse();
  }
}
