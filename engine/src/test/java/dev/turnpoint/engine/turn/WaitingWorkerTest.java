package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.GraphResources;
import dev.turnpoint.model.run.WorkflowStatus;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.turnpoint.engine.turn.TurnDriver.said;
import static dev.turnpoint.engine.turn.TurnDriver.types;
import static org.assertj.core.api.Assertions.assertThat;

/** A self-looping {@code worker_llm} with {@code wait_for_user_message} works once per user message, then waits. */
class WaitingWorkerTest {

  private static final String GRAPH = GraphResources.resource("/graphs/waiting-worker.json");

  @RegisterExtension
  static final OfflineEngine ENGINE = new OfflineEngine();

  @Test
  void theWorkerWaitsForTheUserBeforeItWorks() {
    TurnDriver run = ENGINE.driver(GRAPH, "66f000000000000000000101");
    TurnOutcome first = run.start();

    assertThat(first.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(said(first)).containsExactly("Hello, what is your name?");
    assertThat(types(first)).doesNotContain("worker_llm").contains("busy_wait_for_user_message");
    assertThat(first.nextInputHint().getString("origin_node_logical_id")).isEqualTo("node_worker");
    assertThat(first.turnTokenUsage().callCount).isZero();
  }

  @Test
  void eachAnswerIsWorkedOnOnceAndTheSelfLoopWaitsAgain() {
    TurnDriver run = ENGINE.driver(GRAPH, "66f000000000000000000102");
    run.start();
    TurnOutcome vague = run.say("hello there");

    assertThat(vague.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(types(vague).stream().filter("worker_llm"::equals)).hasSize(1);
    assertThat(types(vague)).contains("self_loop_edge").endsWith("end_workflow_iteration");
    assertThat(vague.turnTokenUsage().callCount).isEqualTo(1);
    assertThat(vague.nextInputHint().getString("origin_node_logical_id")).isEqualTo("node_worker");

    TurnOutcome named = run.say("I am Ana Silva");
    JsonObject work = named.events().stream().filter(e -> "worker_llm".equals(e.getString("type"))).findFirst()
        .orElseThrow();
    assertThat(work.getJsonObject("structured_output").getString("full_name")).isEqualTo("Ana Silva");
    assertThat(said(named)).containsExactly("Thanks Ana Silva.");
    assertThat(named.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }
}
