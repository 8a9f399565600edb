package dev.turnpoint.engine;

import dev.turnpoint.model.run.InteractiveRunResponse;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.LeaseRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static dev.turnpoint.engine.EngineFixture.assertFailsWith;
import static dev.turnpoint.engine.EngineFixture.input;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A turn that takes several times its lease's duration (an LLM on loopback, allow-listed, that answers slowly) keeps
 * its run the whole time: the engine renews the lease, so neither another turn nor a stop gets in, and the turn
 * commits. Real time, since renewal is the engine's timer; the margins are a whole lease wide.
 */
class LongTurnLeaseTest {

  private static final long LEASE_MILLIS = 1_500;
  private static final long LLM_ANSWERS_AFTER_MILLIS = 3 * LEASE_MILLIS;

  private static Vertx llmVertx;
  private static String llmUrl;
  private static EngineFixture fixture;
  private static final AtomicReference<Promise<Void>> llmCalled = new AtomicReference<>();

  @BeforeAll
  static void start() {
    llmVertx = Vertx.vertx();
    Router router = Router.router(llmVertx);
    router.post("/v1/chat/completions").handler(ctx -> {
      llmCalled.get().tryComplete();
      llmVertx.setTimer(LLM_ANSWERS_AFTER_MILLIS, id -> ctx.json(new JsonObject().put("model", "slow-model")
          .put("choices", new JsonArray().add(new JsonObject().put("message",
              new JsonObject().put("role", "assistant").put("content", "Sorry for the wait."))))));
    });
    int port = llmVertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await().actualPort();
    llmUrl = "http://127.0.0.1:" + port + "/v1";
    fixture = new EngineFixture(EngineFixture.testConfig()
        .put("turn_lease_ms", LEASE_MILLIS)
        .put("outbound_allow", new JsonArray().add("127.0.0.1:" + port)));
  }

  @AfterAll
  static void stop() {
    fixture.close();
    llmVertx.close().await();
  }

  @Test
  void aTurnLongerThanItsLeaseKeepsTheRunUntilItCommits() throws InterruptedException {
    String graph = """
        {"workflow_config": {"name": "Slow LLM"},
         "node_configs": [
           {"logical_id": "node_hello", "type": "say_static", "is_start": true,
            "static_messages_config": {"static_messages": ["Hello!"]}},
           {"logical_id": "node_chat", "type": "say_llm", "wait_for_user_message": true, "self_loop": true,
            "main_response_config": {"prompt": "Answer."},
            "llms_config": {"type": "custom_llm", "model": "slow-model", "base_url": "%s", "max_retries": 0}}
         ],
         "edge_configs": [
           {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_hello",
            "destination_node_logical_id": "node_chat"}
         ]}
        """.formatted(llmUrl);
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, graph);
    String runId = fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, null, null,
        input(RunCommand.START)).await().runId;
    llmCalled.set(Promise.promise());

    Future<InteractiveRunResponse> slowTurn = fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, runId,
        null, input(RunCommand.DATA, "are you there?"));
    llmCalled.get().future().await();
    Thread.sleep(2 * LEASE_MILLIS);

    assertThat(slowTurn.isComplete()).as("the LLM is still thinking").isFalse();
    assertFailsWith(fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, runId, null,
        input(RunCommand.STOP)), FailureCode.CONFLICT);
    assertFailsWith(fixture.runs.beginTurn(team, runId, LeaseRequest.holdingNothing("intruder", LEASE_MILLIS)),
        FailureCode.CONFLICT);

    InteractiveRunResponse answered = slowTurn.await();
    assertThat(answered.error).isNull();
    assertThat(EngineServiceTest.said(answered)).containsExactly("Sorry for the wait.");
    assertThat(fixture.runs.getRun(team, runId).await().turnCount()).isEqualTo(2);
    InteractiveRunResponse stopped = fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, runId, null,
        input(RunCommand.STOP)).await();
    assertThat(stopped.status).as("renewal ended with the turn").isEqualTo(WorkflowStatus.CANCELLED);
  }
}
