package dev.turnpoint.engine;

import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.TerminationSource;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.RunEvents;
import dev.turnpoint.testing.Polling;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.turnpoint.engine.EngineFixture.input;
import static org.assertj.core.api.Assertions.assertThat;

/** The reaper, with a stale age short enough to watch it work. */
class StaleRunReaperTest {

  private static final String CHAT = """
      {"workflow_config": {"name": "Chat", "llms_config": {"type": "offline_llm", "offline": {}}},
       "node_configs": [{"logical_id": "node_chat", "type": "say_llm", "is_start": true}],
       "edge_configs": []}
      """;

  private static EngineFixture fixture;

  @BeforeAll
  static void deploy() {
    fixture = new EngineFixture(EngineFixture.testConfig()
        .put("reaper_interval_ms", 100)
        .put("stale_run_after_ms", 400));
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  @Test
  void runsLeftWaitingTooLongFailButPausedRunsAreLeftAlone() {
    String team = EngineFixture.newTeam();
    Queue<JsonObject> changes = new ConcurrentLinkedQueue<>();
    MessageConsumer<JsonObject> consumer = fixture.vertx.eventBus().consumer(Addresses.EVENT_STATUS_CHANGED,
        message -> {
          if (team.equals(message.body().getString(RunEvents.TEAM_ID))) {
            changes.add(message.body());
          }
        });
    consumer.completion().await();
    String workflowId = fixture.createWorkflow(team, CHAT);
    String abandoned = fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, null, null,
        input(RunCommand.START)).await().runId;
    String paused = fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, null, null,
        input(RunCommand.START)).await().runId;
    fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, paused, null, input(RunCommand.PAUSE)).await();

    Polling.upTo(Duration.ofSeconds(5)).until("the reaper fails the abandoned run",
        () -> fixture.runs.getRun(team, abandoned).await().document().workflowRun.status == WorkflowStatus.FAILED);
    WorkflowRun reaped = fixture.runs.getRun(team, abandoned).await().document().workflowRun;
    assertThat(reaped.terminationSource).isEqualTo(TerminationSource.STALE_RUN_REAPER);
    assertThat(reaped.inputOutputPairs).hasSize(1);
    Polling.upTo(Duration.ofSeconds(5)).until("the run's failure is announced", () -> changes.stream().anyMatch(change ->
        abandoned.equals(change.getString(RunEvents.RUN_ID)) && "failed".equals(change.getString(RunEvents.NEW_STATUS))
            && TerminationSource.STALE_RUN_REAPER.equals(change.getString(RunEvents.TERMINATION_SOURCE))));

    assertThat(fixture.runs.getRun(team, paused).await().document().workflowRun.status)
        .isEqualTo(WorkflowStatus.PAUSED);
    consumer.unregister().await();
  }
}
