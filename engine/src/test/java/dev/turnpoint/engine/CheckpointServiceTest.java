package dev.turnpoint.engine;

import dev.turnpoint.model.Json;
import dev.turnpoint.model.run.InteractiveRunResponse;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.CheckpointService;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.RunEvents;
import dev.turnpoint.service.RunQuery;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.checkpoint.CheckpointPreview;
import dev.turnpoint.service.checkpoint.CheckpointRun;
import dev.turnpoint.service.checkpoint.CheckpointRunRequest;
import dev.turnpoint.service.checkpoint.CheckpointWarning;
import dev.turnpoint.service.checkpoint.RunDiff;
import dev.turnpoint.service.checkpoint.RunLineage;
import dev.turnpoint.testing.Polling;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static dev.turnpoint.engine.EngineFixture.assertFailsWith;
import static dev.turnpoint.engine.EngineFixture.input;
import static org.assertj.core.api.Assertions.assertThat;

/** Checkpoint runs, previews, lineage and diffs through the typed client of {@link CheckpointService}. */
class CheckpointServiceTest {

  private static final String INTAKE = GraphResources.resource("/graphs/intake.json");
  private static final String FINAL_MESSAGE = "I'm Jane Doe and I have a headache";
  /**
   * Fields that differ between two runs doing the same thing: ids, clocks, durations, and usage totals, which count
   * a run's own calls (a fork carries its source's over separately; the test checks their sum).
   */
  private static final Set<String> INCIDENTAL = Set.of("logical_id", "timestamp", "origin_node_run_id", "edge_run_id",
      "node_run_id", "workflow_run_id", "duration_milliseconds", "llm_token_usage", "llm_latency_stats",
      "carried_over_llm_token_usage", "carried_over_llm_latency_stats");

  private static EngineFixture fixture;
  private static CheckpointService checkpoints;

  @BeforeAll
  static void deploy() {
    fixture = new EngineFixture(EngineFixture.testConfig());
    checkpoints = ServiceProxies.client(fixture.vertx, CheckpointService.class, Addresses.CHECKPOINTS);
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  /** A run of the intake: start, "hi", "it hurts", then (when {@code finish}) the message that completes it. */
  private static String intakeRun(String team, String workflowId, boolean finish) {
    String runId = turn(team, workflowId, null, RunCommand.START).runId;
    turn(team, workflowId, runId, RunCommand.DATA, "hi");
    turn(team, workflowId, runId, RunCommand.DATA, "it hurts");
    if (finish) {
      turn(team, workflowId, runId, RunCommand.DATA, FINAL_MESSAGE);
    }
    return runId;
  }

  private static InteractiveRunResponse turn(String team, String workflowId, String runId, RunCommand command,
                                             String... messages) {
    return fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, runId, null, input(command, messages))
        .await();
  }

  private static CheckpointRun fork(String team, String workflowId, String runId, int index) {
    return checkpoints.executeCheckpointRun(team, "forker", CheckpointRunRequest.of(workflowId, runId, index)).await();
  }

  private static CheckpointRunRequest request(String workflowId, String runId, int index, String startNode,
                                              Integer version, JsonObject dynamic, JsonObject runtime,
                                              boolean replay, String key) {
    return new CheckpointRunRequest(workflowId, runId, index, startNode, version, dynamic, runtime, "because", replay,
        key);
  }

  /** A copy without what two equivalent runs necessarily differ in. */
  private static Object normalized(Object json) {
    if (json instanceof JsonObject object) {
      JsonObject copy = new JsonObject();
      object.forEach(entry -> {
        if (!INCIDENTAL.contains(entry.getKey())) {
          copy.put(entry.getKey(), normalized(entry.getValue()));
        }
      });
      return copy;
    }
    if (json instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(item -> copy.add(normalized(item)));
      return copy;
    }
    return json;
  }

  private static List<Object> normalizedEvents(InteractiveRunResponse response) {
    return response.events.stream().map(CheckpointServiceTest::normalized).toList();
  }

  @Test
  void aForkContinuesExactlyAsItsSourceWouldHave() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, INTAKE);
    String sourceId = intakeRun(team, workflowId, false);

    CheckpointRun forked = fork(team, workflowId, sourceId, 1);

    assertThat(forked.created()).isTrue();
    assertThat(forked.turnCount()).isEqualTo(2);
    WorkflowRun run = forked.run().workflowRun;
    assertThat(run.status).isEqualTo(WorkflowStatus.STARTED);
    assertThat(run.sourceWorkflowRunId).isEqualTo(sourceId);
    assertThat(run.checkpointSourceTurnIndex).isEqualTo(1);
    assertThat(run.runBy).isEqualTo("forker");
    assertThat(run.miscellaneous).isNull();
    assertThat(run.llmTokenUsage.totalTokens).isZero();

    InteractiveRunResponse sourceNext = turn(team, workflowId, sourceId, RunCommand.DATA, FINAL_MESSAGE);
    InteractiveRunResponse forkNext = turn(team, workflowId, forked.runId(), RunCommand.DATA, "it hurts");
    InteractiveRunResponse forkAfter = turn(team, workflowId, forked.runId(), RunCommand.DATA, FINAL_MESSAGE);

    RunRecord source = fixture.runs.getRun(team, sourceId).await();
    assertThat(forkNext.turnNumber).isEqualTo(3);
    assertThat(normalized(Json.toJson(source.document().workflowRun.inputOutputPairs.get(2).runOutput)))
        .isEqualTo(normalized(Json.toJson(fixture.runs.getRun(team, forked.runId()).await().document().workflowRun
            .inputOutputPairs.get(2).runOutput)));
    assertThat(forkAfter.turnNumber).isEqualTo(sourceNext.turnNumber).isEqualTo(4);
    assertThat(forkAfter.status).isEqualTo(sourceNext.status).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(normalizedEvents(forkAfter)).isEqualTo(normalizedEvents(sourceNext));
    assertThat(normalized(fixture.runs.getCheckpoint(team, forked.runId(), 3).await()))
        .isEqualTo(normalized(fixture.runs.getCheckpoint(team, sourceId, 3).await()));
    assertThat(run.carriedOverLlmTokenUsage.totalTokens + endUsage(forkAfter)).isEqualTo(endUsage(sourceNext));
  }

  private static long endUsage(InteractiveRunResponse response) {
    return response.events.stream().filter(event -> "end_workflow".equals(event.getString("type"))).findFirst()
        .orElseThrow().getJsonObject("llm_token_usage").getLong("total_tokens");
  }

  @Test
  void carriedOverUsageCountsEveryTurnOfTheLineageOnce() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, INTAKE);
    String sourceId = intakeRun(team, workflowId, true);
    WorkflowRun source = fixture.runs.getRun(team, sourceId).await().document().workflowRun;
    long[] sourceTotals = new long[4];
    for (int index = 0; index < 4; index++) {
      sourceTotals[index] = fixture.runs.getCheckpoint(team, sourceId, index).await()
          .getJsonObject("llm_token_usage").getLong("total_tokens");
    }

    CheckpointRun first = fork(team, workflowId, sourceId, 2);
    turn(team, workflowId, first.runId(), RunCommand.DATA, FINAL_MESSAGE);
    CheckpointRun belowItsResume = fork(team, workflowId, first.runId(), 1);
    CheckpointRun atItsResume = fork(team, workflowId, first.runId(), 2);
    CheckpointRun afterItsResume = fork(team, workflowId, first.runId(), 3);

    assertThat(first.run().workflowRun.carriedOverLlmTokenUsage.totalTokens).isEqualTo(sourceTotals[2]);
    assertThat(belowItsResume.run().workflowRun.carriedOverLlmTokenUsage.totalTokens).isEqualTo(sourceTotals[1]);
    assertThat(atItsResume.run().workflowRun.carriedOverLlmTokenUsage.totalTokens).isEqualTo(sourceTotals[2]);
    assertThat(afterItsResume.run().workflowRun.carriedOverLlmTokenUsage.totalTokens)
        .isEqualTo(source.llmTokenUsage.totalTokens).isEqualTo(sourceTotals[3]);
    assertThat(afterItsResume.run().workflowRun.carriedOverLlmLatencyStats.callCount)
        .isEqualTo(source.llmLatencyStats.callCount);
    assertThat(fixture.runs.getRun(team, first.runId()).await().document().workflowRun.llmTokenUsage.totalTokens)
        .isEqualTo(sourceTotals[3] - sourceTotals[2]);
  }

  @Test
  void creatingAForkIsAnnounced() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, INTAKE);
    String sourceId = intakeRun(team, workflowId, false);
    Queue<JsonObject> forked = new ConcurrentLinkedQueue<>();
    Queue<JsonObject> changed = new ConcurrentLinkedQueue<>();
    MessageConsumer<JsonObject> forks = fixture.vertx.eventBus().consumer(Addresses.EVENT_RUN_FORKED,
        message -> forked.add(message.body()));
    MessageConsumer<JsonObject> statuses = fixture.vertx.eventBus().consumer(Addresses.EVENT_STATUS_CHANGED,
        message -> changed.add(message.body()));
    forks.completion().await();
    statuses.completion().await();
    try {
      CheckpointRun run = checkpoints.executeCheckpointRun(team, "forker",
          request(workflowId, sourceId, 2, null, null, null, null, false, "key-1")).await();
      checkpoints.executeCheckpointRun(team, "forker",
          request(workflowId, sourceId, 2, null, null, null, null, false, "key-1")).await();

      Polling.upTo(Duration.ofSeconds(5)).until("the fork and its status change are announced",
          () -> !forked.isEmpty() && changed.stream().anyMatch(event ->
              run.runId().equals(event.getString(RunEvents.RUN_ID))));
      assertThat(forked).hasSize(1);
      JsonObject event = forked.peek();
      assertThat(event.getString(RunEvents.TEAM_ID)).isEqualTo(team);
      assertThat(event.getString(RunEvents.RUN_ID)).isEqualTo(run.runId());
      assertThat(event.getString(RunEvents.SOURCE_RUN_ID)).isEqualTo(sourceId);
      assertThat(event.getString(RunEvents.WORKFLOW_ID)).isEqualTo(workflowId);
      assertThat(event.getInteger(RunEvents.RESUME_TURN_INDEX)).isEqualTo(2);
      assertThat(event.getInteger(RunEvents.VERSION_NUMBER)).isZero();
      assertThat(event.getBoolean(RunEvents.VERSION_CHANGED)).isFalse();
      assertThat(event.getString(RunEvents.REASON)).isEqualTo("because");
      assertThat(event.getString(RunEvents.CREATED_BY)).isEqualTo("forker");
      assertThat(changed).filteredOn(e -> run.runId().equals(e.getString(RunEvents.RUN_ID)))
          .singleElement().satisfies(e -> {
            assertThat(e.getString(RunEvents.OLD_STATUS)).isNull();
            assertThat(e.getString(RunEvents.NEW_STATUS)).isEqualTo("started");
          });
    } finally {
      forks.unregister().await();
      statuses.unregister().await();
    }
  }

  @Test
  void anIdempotencyKeyMakesOneRunPerRequest() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, INTAKE);
    String sourceId = intakeRun(team, workflowId, false);
    CheckpointRunRequest once = request(workflowId, sourceId, 1, null, null,
        new JsonObject().put("b", 2).put("a", new JsonObject().put("y", 1).put("x", 2)), null, false, "same-key");
    CheckpointRunRequest reordered = request(workflowId, sourceId, 1, null, null,
        new JsonObject().put("a", new JsonObject().put("x", 2).put("y", 1)).put("b", 2), new JsonObject(), false,
        "same-key");

    CheckpointRun first = checkpoints.executeCheckpointRun(team, "forker", once).await();
    CheckpointRun repeat = checkpoints.executeCheckpointRun(team, "forker", reordered).await();

    assertThat(first.created()).isTrue();
    assertThat(repeat.created()).isFalse();
    assertThat(repeat.runId()).isEqualTo(first.runId());
    assertFailsWith(checkpoints.executeCheckpointRun(team, "forker",
        request(workflowId, sourceId, 0, null, null, null, null, false, "same-key")), FailureCode.CONFLICT);
    assertThat(fixture.runs.listRuns(team, new RunQuery(null, null, sourceId, null, null, null, null, 1, 10))
        .await().total()).isEqualTo(1);
  }

  @Test
  void aReplaySendsTheSourcesLaterInputsUntilTheRunEnds() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, INTAKE);
    String sourceId = intakeRun(team, workflowId, true);

    CheckpointRun replayed = checkpoints.executeCheckpointRun(team, "forker",
        request(workflowId, sourceId, 0, null, null, null, null, true, null)).await();

    assertThat(replayed.replay().sourceTurnIndexes()).containsExactly(1, 2, 3);
    assertThat(replayed.replay().stoppedBecause()).isNull();
    assertThat(replayed.turnCount()).isEqualTo(4);
    assertThat(replayed.run().workflowRun.status).isEqualTo(WorkflowStatus.COMPLETED);
    RunDiff diff = checkpoints.diffRuns(team, sourceId, replayed.runId()).await();
    assertThat(diff.firstDivergentTurnIndex()).isNull();
    assertThat(diff.sharedPrefixTurns()).isEqualTo(1);

    CheckpointRun endsEarly = checkpoints.executeCheckpointRun(team, "forker",
        request(workflowId, sourceId, 0, null, null, null,
            new JsonObject().put("full_name", "Max Mustermann").put("complaint", "cough"), true, null)).await();

    assertThat(endsEarly.replay().sourceTurnIndexes()).containsExactly(1);
    assertThat(endsEarly.replay().remaining()).isEqualTo(2);
    assertThat(endsEarly.replay().stoppedBecause()).contains("ended (completed) at turn 1");
    assertThat(endsEarly.run().workflowRun.status).isEqualTo(WorkflowStatus.COMPLETED);
    RunDiff divergent = checkpoints.diffRuns(team, sourceId, endsEarly.runId()).await();
    assertThat(divergent.firstDivergentTurnIndex()).isZero();
    assertThat(divergent.turns().get(0).differences()).containsExactly("runtime_variables_changed");
    assertThat(divergent.turns().get(1).differences()).contains("assistant_messages", "node_path");
    assertThat(divergent.turns().get(2).differences()).containsExactly("turn");
  }

  @Test
  void aPreviewShowsWhatAForkWouldCarryAndCreatesNothing() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, INTAKE);
    String sourceId = intakeRun(team, workflowId, true);
    WorkflowConfigFullyHydrated withoutIntake = GraphResources.graph(INTAKE);
    withoutIntake.nodeConfigs.removeIf(node -> node.logicalId.equals("node_intake"));
    withoutIntake.edgeConfigs.removeIf(edge -> edge.sourceNodeLogicalId.equals("node_intake")
        || edge.destinationNodeLogicalId.equals("node_intake"));
    fixture.workflows.createVersion(team, EngineFixture.USER, workflowId, "No intake", false, null).await();
    fixture.workflows.replaceVersionGraph(team, EngineFixture.USER, workflowId, 1, withoutIntake).await();

    CheckpointPreview preview = checkpoints.previewCheckpointRun(team, request(workflowId, sourceId, 1, null, 1,
        new JsonObject().put("clinic_name", "Hilltop"), new JsonObject().put("mood", "calm"), true, null)).await();

    assertThat(preview.turnCount()).isEqualTo(2);
    assertThat(preview.versionNumber()).isEqualTo(1);
    assertThat(preview.versionName()).isEqualTo("No intake");
    assertThat(preview.versionChanged()).isTrue();
    assertThat(preview.dynamicVariables().getString("clinic_name")).isEqualTo("Hilltop");
    assertThat(preview.runtimeVariables().getString("mood")).isEqualTo("calm");
    assertThat(preview.threads()).anySatisfy(thread -> {
      assertThat(thread.threadId()).isEqualTo("0");
      assertThat(thread.status()).isEqualTo("waiting");
      assertThat(thread.nodeLogicalId()).isEqualTo("node_intake");
      assertThat(thread.inTargetGraph()).isFalse();
    });
    assertThat(preview.replayInputs()).extracting(input -> input.sourceTurnIndex()).containsExactly(2, 3);
    assertThat(preview.replayInputs().get(1).userMessages()).containsExactly(FINAL_MESSAGE);
    assertThat(preview.warnings()).extracting(CheckpointWarning::code)
        .containsExactlyInAnyOrder(CheckpointWarning.MISSING_NODES, CheckpointWarning.UNKNOWN_VARIABLES);
    assertThat(preview.warnings()).filteredOn(CheckpointWarning::blocksFork).singleElement()
        .satisfies(warning -> assertThat(warning.subjects()).containsExactly("node_intake"));
    assertThat(preview.canFork()).isFalse();
    assertThat(preview.carriedOverLlmTokenUsage().totalTokens).isEqualTo(fixture.runs.getCheckpoint(team, sourceId, 1)
        .await().getJsonObject("llm_token_usage").getLong("total_tokens"));
    assertThat(fixture.runs.listRuns(team, new RunQuery(workflowId, null, null, null, null, null, null, 1, 10))
        .await().total()).isEqualTo(1);

    assertFailsWith(checkpoints.executeCheckpointRun(team, "forker",
        request(workflowId, sourceId, 1, null, 1, null, null, false, null)), FailureCode.INVALID);
    CheckpointRun resolved = checkpoints.executeCheckpointRun(team, "forker",
        request(workflowId, sourceId, 1, "node_routine", 1, null, null, false, null)).await();
    assertThat(resolved.run().workflowRun.versionNumber).isEqualTo(1);
    assertThat(resolved.run().workflowRun.workflowConfigFullyHydrated.node("node_intake")).isEmpty();
    assertThat(resolved.run().workflowRun.miscellaneous.getString("checkpoint_reason")).isEqualTo("because");
  }

  @Test
  void aForkAfterTheConversationEndedContinuesAtTheLastNodeThatWaitedOrAtANamedNode() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, INTAKE);
    String sourceId = intakeRun(team, workflowId, true);

    CheckpointRun reopened = fork(team, workflowId, sourceId, 3);
    InteractiveRunResponse answered = fixture.engine.executeTurn(team, EngineFixture.USER, workflowId,
        reopened.runId(), null, input(RunCommand.DATA, "hello again")).await();
    assertThat(answered.turnNumber).isEqualTo(5);
    assertThat(answered.error).isNull();

    CheckpointRun elsewhere = fork(team, workflowId, sourceId, 3);
    var again = input(RunCommand.DATA, "hi");
    again.startNodeLogicalId = "node_intake";
    InteractiveRunResponse resumed = fixture.engine.executeTurn(team, EngineFixture.USER, workflowId,
        elsewhere.runId(), null, again).await();
    assertThat(resumed.turnNumber).isEqualTo(5);
    assertThat(resumed.status).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
  }

  @Test
  void aForkOfAForkAtItsSourcesForkPointResumesFromTheStateItsSourceContinuedFrom() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, INTAKE);
    String rootId = intakeRun(team, workflowId, false);
    CheckpointRun overridden = checkpoints.executeCheckpointRun(team, "forker", request(workflowId, rootId, 1, null,
        null, null, new JsonObject().put("severity", "urgent"), false, null)).await();
    turn(team, workflowId, overridden.runId(), RunCommand.DATA, "it hurts");
    CheckpointRun child = fork(team, workflowId, overridden.runId(), 2);

    CheckpointPreview atTheOverride = checkpoints.previewCheckpointRun(team,
        CheckpointRunRequest.of(workflowId, child.runId(), 1)).await();
    RunDiff diff = checkpoints.diffRuns(team, overridden.runId(), child.runId()).await();

    assertThat(atTheOverride.runtimeVariables().getString("severity")).isEqualTo("urgent");
    assertThat(diff.firstDivergentTurnIndex()).isNull();
    assertThat(diff.turns().get(1).run().runtimeVariablesChanged().getString("severity")).isEqualTo("urgent");
  }

  @Test
  void lineageAndDiffFollowForksOfForks() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, INTAKE);
    String rootId = intakeRun(team, workflowId, true);
    CheckpointRun child = fork(team, workflowId, rootId, 2);
    CheckpointRun sibling = fork(team, workflowId, rootId, 0);
    CheckpointRun grandchild = fork(team, workflowId, child.runId(), 1);

    RunLineage lineage = checkpoints.getLineage(team, child.runId()).await();
    assertThat(lineage.ancestors()).singleElement().satisfies(ancestor -> {
      assertThat(ancestor.runId()).isEqualTo(rootId);
      assertThat(ancestor.status()).isEqualTo("completed");
    });
    assertThat(lineage.tree().runId()).isEqualTo(child.runId());
    assertThat(lineage.tree().checkpointSourceTurnIndex()).isEqualTo(2);
    assertThat(lineage.tree().children()).singleElement().satisfies(node -> {
      assertThat(node.runId()).isEqualTo(grandchild.runId());
      assertThat(node.checkpointSourceTurnIndex()).isEqualTo(1);
      assertThat(node.status()).isEqualTo("started");
      assertThat(node.createdAt()).isNotBlank();
    });
    RunLineage fromRoot = checkpoints.getLineage(team, rootId).await();
    assertThat(fromRoot.ancestors()).isEmpty();
    assertThat(fromRoot.tree().children()).extracting(node -> node.runId())
        .containsExactlyInAnyOrder(child.runId(), sibling.runId());
    assertThat(fromRoot.truncated()).isFalse();

    RunDiff cousins = checkpoints.diffRuns(team, grandchild.runId(), sibling.runId()).await();
    assertThat(cousins.sharedPrefixTurns()).isEqualTo(1);
    assertThat(cousins.firstDivergentTurnIndex()).isEqualTo(1);
    assertThat(cousins.turns()).hasSize(2);
    RunDiff withRoot = checkpoints.diffRuns(team, rootId, grandchild.runId()).await();
    assertThat(withRoot.sharedPrefixTurns()).isEqualTo(2);
    assertThat(withRoot.firstDivergentTurnIndex()).isEqualTo(2);
    assertThat(withRoot.turns().get(2).differences()).containsExactly("turn");
    assertThat(withRoot.turns().get(1).run().userInputs()).containsExactly("hi");
    assertThat(withRoot.turns().get(1).run().llmCalls()).isPositive();

    assertFailsWith(checkpoints.getLineage("another-team", rootId), FailureCode.NOT_FOUND);
    assertFailsWith(checkpoints.diffRuns("another-team", rootId, child.runId()), FailureCode.NOT_FOUND);
  }
}
