package dev.turnpoint.engine;

import dev.turnpoint.engine.evaluation.RunEvaluations;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.TerminationSource;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.RunEvents;
import dev.turnpoint.testing.MovableClock;
import dev.turnpoint.testing.Polling;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.turnpoint.engine.EngineFixture.input;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reaper on a clock the test moves: runs go stale in an instant instead of after a wait. Each test has a store of
 * its own, because a sweep looks at the runs of every team.
 */
class StaleRunReaperTest {

  private static final Duration STALE_AGE = Duration.ofMinutes(30);
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String CHAT = """
      {"workflow_config": {"name": "Chat", "llms_config": {"type": "offline_llm", "offline": {}}},
       "node_configs": [{"logical_id": "node_chat", "type": "say_llm", "is_start": true}],
       "edge_configs": []}
      """;

  private EngineFixture fixture;
  private String team;
  private Queue<JsonObject> changes;
  private MessageConsumer<JsonObject> consumer;

  @BeforeEach
  void deploy() {
    fixture = new EngineFixture(EngineFixture.testConfig());
    team = EngineFixture.newTeam();
    changes = new ConcurrentLinkedQueue<>();
    consumer = fixture.vertx.eventBus().consumer(Addresses.EVENT_STATUS_CHANGED, message -> {
      if (team.equals(message.body().getString(RunEvents.TEAM_ID))) {
        changes.add(message.body());
      }
    });
    consumer.completion().await();
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void runsLeftWaitingLongerThanTheStaleAgeFailButPausedRunsAreLeftAlone() {
    String workflowId = fixture.createWorkflow(team, CHAT);
    String abandoned = startRun(workflowId);
    String paused = startRun(workflowId);
    fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, paused, null, input(RunCommand.PAUSE)).await();
    MovableClock clock = MovableClock.startingNow();
    StaleRunReaper reaper = reaper(config(0), clock);

    assertThat(reaper.sweep().await()).as("runs just updated").isZero();
    clock.advance(STALE_AGE.minusMinutes(1));
    assertThat(reaper.sweep().await()).as("runs idle for a minute less than the stale age").isZero();
    assertThat(status(abandoned)).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);

    clock.advance(Duration.ofMinutes(2));
    assertThat(reaper.sweep().await()).as("runs idle for a minute more than the stale age").isEqualTo(1);

    WorkflowRun reaped = fixture.runs.getRun(team, abandoned).await().document().workflowRun;
    assertThat(reaped.status).isEqualTo(WorkflowStatus.FAILED);
    assertThat(reaped.terminationSource).isEqualTo(TerminationSource.STALE_RUN_REAPER);
    assertThat(reaped.inputOutputPairs).hasSize(1);
    awaitFailedEvent(abandoned);
    assertThat(status(paused)).isEqualTo(WorkflowStatus.PAUSED);
    assertThat(reaper.sweep().await()).as("a failed run is not failed again").isZero();
  }

  @Test
  void onceStartedItSweepsOnItsInterval() {
    String workflowId = fixture.createWorkflow(team, CHAT);
    String abandoned = startRun(workflowId);
    MovableClock clock = MovableClock.startingNow();
    clock.advance(STALE_AGE.plusMinutes(1));
    StaleRunReaper reaper = reaper(config(50), clock);

    reaper.start();
    try {
      Polling.upTo(WAIT).until("the periodic sweep fails the stale run",
          () -> status(abandoned) == WorkflowStatus.FAILED);
    } finally {
      reaper.stop();
    }
    awaitFailedEvent(abandoned);
  }

  private String startRun(String workflowId) {
    return fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, null, null, input(RunCommand.START))
        .await().runId;
  }

  private WorkflowStatus status(String runId) {
    return fixture.runs.getRun(team, runId).await().document().workflowRun.status;
  }

  private StaleRunReaper reaper(EngineConfig config, MovableClock clock) {
    return new StaleRunReaper(fixture.vertx, fixture.runs, config, new RunEventPublisher(fixture.vertx.eventBus()),
        new RunEvaluations(fixture.workflows, fixture.runs, fixture.engine, 1, 10), clock);
  }

  private static EngineConfig config(long intervalMs) {
    return EngineConfig.from(EngineFixture.testConfig()
        .put("reaper_interval_ms", intervalMs)
        .put("stale_run_after_ms", STALE_AGE.toMillis()));
  }

  private void awaitFailedEvent(String runId) {
    Polling.upTo(WAIT).until("the run's failure is announced", () -> changes.stream().anyMatch(change ->
        runId.equals(change.getString(RunEvents.RUN_ID)) && "failed".equals(change.getString(RunEvents.NEW_STATUS))
            && TerminationSource.STALE_RUN_REAPER.equals(change.getString(RunEvents.TERMINATION_SOURCE))));
  }
}
