package dev.turnpoint.console;

import dev.turnpoint.engine.EngineVerticle;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.testing.Polling;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's page links the run that evaluates it, with its status, and the evaluation run's page links back. */
class RunEvaluationPageTest {

  private static final String EVALUATOR = """
      {"workflow_config": {"name": "Evaluator", "llms_config": {"type": "offline_llm", "offline": {
          "structured_output": {"score": 1}}}},
       "node_configs": [
         {"logical_id": "node_fetch", "type": "workflow_run_fetch", "is_start": true},
         {"logical_id": "node_score", "type": "workflow_run_evaluator"}
       ],
       "edge_configs": [
         {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_fetch",
          "destination_node_logical_id": "node_score"}
       ]}
      """;

  private static final String EVALUATED = """
      {"workflow_config": {"name": "Greeter", "llms_config": {"type": "offline_llm"},
          "evaluation_config": {"evaluator_workflow_id": "%s"}},
       "node_configs": [
         {"logical_id": "node_hello", "type": "say_static", "is_start": true,
          "static_messages_config": {"static_messages": ["Hello."]}}
       ],
       "edge_configs": []}
      """;

  private static ConsoleFixture fixture;
  private static WebClientSession browser;

  @BeforeAll
  static void start() {
    fixture = ConsoleFixture.start(new JsonObject(), List.of(EngineVerticle::new),
        new JsonObject().put("default_llm", new JsonObject().put("type", "offline_llm")).put("reaper_interval_ms", 0));
    browser = fixture.browser();
    fixture.signIn(browser, fixture.createKey(ConsoleFixture.TEAM, ApiKeyRole.MEMBER));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void theRunPageShowsItsEvaluationAndItsStatus() {
    String evaluator = create(EVALUATOR);
    String workflow = create(EVALUATED.formatted(evaluator));
    String runId = fixture.driveRun(ConsoleFixture.TEAM, workflow);
    WorkflowRun run = fixture.services.runs().getRunHeader(ConsoleFixture.TEAM, runId).await().document().workflowRun;
    String evaluationId = run.evaluationRunInfo.evaluationWorkflowRunId;

    String page = Polling.upTo(Duration.ofSeconds(20)).every(Duration.ofMillis(50)).until("the evaluation completed",
        () -> page(runId), html -> html.contains("<span class=\"muted\">completed</span>"));
    assertThat(page).contains("<dt>Evaluation</dt>")
        .contains("<a href=\"/runs/" + evaluationId + "\"><code>" + evaluationId + "</code></a>");
    assertThat(page(evaluationId)).contains("<dt>Evaluates</dt>")
        .contains("<a href=\"/runs/" + runId + "\"><code>" + runId + "</code></a>")
        .doesNotContain("<dt>Evaluation</dt>");
  }

  private static String create(String graph) {
    return fixture.services.workflows().createWorkflow(ConsoleFixture.TEAM, "seed",
        Json.fromJson(new JsonObject(graph), WorkflowConfigFullyHydrated.class)).await().id;
  }

  private static String page(String runId) {
    HttpResponse<Buffer> page = browser.get("/runs/" + runId).send().await();
    assertThat(page.statusCode()).isEqualTo(200);
    return page.bodyAsString();
  }
}
