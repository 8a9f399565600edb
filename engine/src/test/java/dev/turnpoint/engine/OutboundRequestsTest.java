package dev.turnpoint.engine;

import dev.turnpoint.model.run.InteractiveRunResponse;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.turnpoint.engine.EngineFixture.input;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine as deployed, with its outbound check: nodes, tools and a workflow's own LLM base URL that point at the
 * server's loopback are refused by default, as a failed call of that node, and reach it once {@code outbound_allow}
 * names it.
 */
class OutboundRequestsTest {

  private static final String REFUSED = "refused: 127.0.0.1 is a loopback address and outbound_allow does not "
      + "permit it";
  private static final String GRAPH = """
      {"workflow_config": {"name": "Outbound calls"},
       "node_configs": [
         {"logical_id": "node_call", "type": "http_request", "is_start": true, "url": "{{target}}/status",
          "result_runtime_variable_name": "status"},
         {"logical_id": "node_tool", "type": "tool_node", "result_runtime_variable_name": "tool",
          "tool_config": {"type": "external_api", "api_endpoint": "{{target}}/status", "api_method": "GET"}},
         {"logical_id": "node_say", "type": "say_static", "static_messages_config": {"static_messages": [
           "http [[status.status_code | default: 'none']], tool [[tool.status_code | default: 'none']]"]}}
       ],
       "edge_configs": [
         {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_call",
          "destination_node_logical_id": "node_tool"},
         {"logical_id": "e2", "type": "direct", "source_node_logical_id": "node_tool",
          "destination_node_logical_id": "node_say"}
       ]}
      """;

  private static Vertx serverVertx;
  private static String target;
  private static EngineFixture byDefault;
  private static EngineFixture allowing;
  private static final Queue<String> received = new ConcurrentLinkedQueue<>();

  @BeforeAll
  static void start() {
    serverVertx = Vertx.vertx();
    Router router = Router.router(serverVertx);
    router.get("/status").handler(ctx -> {
      received.add(ctx.request().path());
      ctx.json(new JsonObject().put("up", true));
    });
    router.post("/v1/chat/completions").handler(ctx -> {
      received.add(ctx.request().path());
      ctx.json(new JsonObject().put("model", "local-model").put("choices", new JsonArray().add(new JsonObject()
          .put("message", new JsonObject().put("role", "assistant").put("content", "Hello from loopback")))));
    });
    int port = serverVertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
    target = "http://127.0.0.1:" + port;
    byDefault = new EngineFixture(EngineFixture.testConfig());
    allowing = new EngineFixture(EngineFixture.testConfig()
        .put("outbound_allow", new JsonArray().add("127.0.0.1:" + port)));
  }

  @AfterAll
  static void stop() {
    byDefault.close();
    allowing.close();
    serverVertx.close().await();
  }

  @BeforeEach
  void reset() {
    received.clear();
  }

  private static InteractiveRunResponse start(EngineFixture fixture, String graph, String targetUrl) {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, graph);
    WorkflowRunInput start = input(RunCommand.START);
    start.dynamicVariables = new JsonObject().put("target", targetUrl);
    return fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, null, null, start).await();
  }

  @Test
  void anHttpNodeAndAToolCallingLoopbackAreRefusedByDefaultAndTheTurnGoesOn() {
    InteractiveRunResponse turn = start(byDefault, GRAPH, target);
    assertThat(turn.error).isNull();
    assertThat(turn.status).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(EngineServiceTest.said(turn)).containsExactly("http none, tool none");
    JsonObject call = turn.events.stream().filter(e -> "http_request".equals(e.getString("type"))).findFirst()
        .orElseThrow();
    assertThat(call.getBoolean("success")).isFalse();
    assertThat(call.getValue("status_code")).isNull();
    assertThat(call.getString("error_message")).isEqualTo(REFUSED);
    assertThat(received).as("nothing reached the server").isEmpty();
  }

  @Test
  void theAllowListLetsTheSameWorkflowThrough() {
    InteractiveRunResponse turn = start(allowing, GRAPH, target);
    assertThat(EngineServiceTest.said(turn)).containsExactly("http 200, tool 200");
    assertThat(received).containsExactly("/status", "/status");
  }

  @Test
  void aNameThatResolvesToLoopbackIsRefusedToo() {
    InteractiveRunResponse turn = start(byDefault, GRAPH, target.replace("127.0.0.1", "localhost"));
    assertThat(EngineServiceTest.said(turn)).containsExactly("http none, tool none");
    assertThat(turn.events).filteredOn(e -> "http_request".equals(e.getString("type"))).singleElement()
        .satisfies(e -> assertThat(e.getString("error_message")).startsWith("refused: localhost resolves to "));
    assertThat(received).isEmpty();
  }

  @Test
  void aWorkflowsOwnLlmBaseUrlOnLoopbackFailsTheRunByDefault() {
    String graph = """
        {"workflow_config": {"name": "Local LLM"},
         "node_configs": [
           {"logical_id": "node_a", "type": "say_llm", "is_start": true, "main_response_config": {"prompt": "Hi."},
            "llms_config": {"type": "custom_llm", "model": "local-model", "base_url": "{{target}}/v1"}}
         ],
         "edge_configs": []}
        """;
    InteractiveRunResponse refused = start(byDefault, graph.replace("{{target}}", target), target);
    assertThat(refused.status).isEqualTo(WorkflowStatus.FAILED);
    assertThat(refused.error).contains("cannot call the LLM at " + target + "/v1/chat/completions: " + REFUSED);
    assertThat(received).isEmpty();

    InteractiveRunResponse allowed = start(allowing, graph.replace("{{target}}", target), target);
    assertThat(EngineServiceTest.said(allowed)).containsExactly("Hello from loopback");
    assertThat(received).containsExactly("/v1/chat/completions");
  }
}
