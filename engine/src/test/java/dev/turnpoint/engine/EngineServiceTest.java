package dev.turnpoint.engine;

import dev.turnpoint.model.run.InteractiveRunResponse;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.TerminationSource;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.SayStaticNode;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.RunEvents;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.testing.Polling;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import static dev.turnpoint.engine.EngineFixture.assertFailsWith;
import static dev.turnpoint.engine.EngineFixture.input;
import static org.assertj.core.api.Assertions.assertThat;

/** The engine service deployed beside the real persistence verticle, called over the event bus. */
class EngineServiceTest {

  private static final String INTAKE = GraphResources.resource("/graphs/intake.json");

  /** Says which version it is, then chats. */
  private static final String VERSIONED = """
      {"workflow_config": {"name": "Versioned", "llms_config": {"type": "offline_llm", "offline": {
          "default_reply": "[%s] go on"}}},
       "node_configs": [
         {"logical_id": "node_hello", "type": "say_static", "is_start": true,
          "static_messages_config": {"static_messages": ["This is %s."]}},
         {"logical_id": "node_chat", "type": "say_llm"}
       ],
       "edge_configs": [
         {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_hello",
          "destination_node_logical_id": "node_chat"}
       ]}
      """;

  /** Chats forever; a message of "slow" runs a delay first, so a turn can be caught in the middle. */
  private static final String CHAT = """
      {"workflow_config": {"name": "Chat", "llms_config": {"type": "offline_llm", "offline": {
          "replies": ["hello"], "default_reply": "echo",
          "conditions": {"edge_slow": "slow"}}}},
       "node_configs": [
         {"logical_id": "node_chat", "type": "say_llm", "is_start": true},
         {"logical_id": "node_wait", "type": "no_op", "delay_seconds": 0.4}
       ],
       "edge_configs": [
         {"logical_id": "edge_slow", "type": "conditional", "source_node_logical_id": "node_chat",
          "destination_node_logical_id": "node_wait", "condition": {"condition_freeform": "the user wants to wait"}},
         {"logical_id": "e_back", "type": "direct", "source_node_logical_id": "node_wait",
          "destination_node_logical_id": "node_chat"}
       ]}
      """;

  private static EngineFixture fixture;

  @BeforeAll
  static void deploy() {
    fixture = new EngineFixture(EngineFixture.testConfig());
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  private static InteractiveRunResponse turn(String team, String workflowId, String runId, RunCommand command,
                                             String... messages) {
    return fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, runId, null, input(command, messages))
        .await();
  }

  @Test
  void aConversationFollowsTheGraphAndEveryTurnIsStored() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, INTAKE);

    InteractiveRunResponse first = turn(team, workflowId, null, RunCommand.START);
    assertThat(first.runId).matches("[0-9a-f]{24}");
    assertThat(first.turnNumber).isEqualTo(1);
    assertThat(first.status).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(first.isWaitingForInput).isTrue();
    assertThat(first.isCompleted).isFalse();
    assertThat(first.nextInputHint.getString("type")).isEqualTo("busy_wait_for_user_message");
    assertThat(first.events).extracting(e -> e.getString("type")).first().isEqualTo("start_workflow");

    InteractiveRunResponse second = turn(team, workflowId, first.runId, RunCommand.DATA, "hi");
    assertThat(second.turnNumber).isEqualTo(2);
    assertThat(second.status).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);

    InteractiveRunResponse third = turn(team, workflowId, first.runId, RunCommand.DATA,
        "I'm Ana Silva, I have a cough");
    assertThat(third.turnNumber).isEqualTo(3);
    assertThat(third.status).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(third.isCompleted).isTrue();
    assertThat(third.nextInputHint).isNull();
    assertThat(third.error).isNull();

    RunRecord stored = fixture.runs.getRun(team, first.runId).await();
    WorkflowRun run = stored.document().workflowRun;
    assertThat(stored.turnCount()).isEqualTo(3);
    assertThat(run.status).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(run.terminationSource).isNull();
    assertThat(run.workflowId).isEqualTo(workflowId);
    assertThat(run.workflowRunId).isEqualTo(first.runId);
    assertThat(run.versionNumber).isZero();
    assertThat(run.versionName).isEqualTo("Initial Version");
    assertThat(run.runBy).isEqualTo(EngineFixture.USER);
    assertThat(run.workflowConfigFullyHydrated.workflowConfig.name).isEqualTo("Intake");
    assertThat(run.inputOutputPairs).hasSize(3);
    assertThat(run.inputOutputPairs.get(1).runInput.userMessages()).containsExactly("hi");
    assertThat(run.inputOutputPairs.get(2).runInput.workflowRunId).isEqualTo(first.runId);
    assertThat(run.inputOutputPairs.get(2).runOutput.events).extracting(e -> e.getString("type"))
        .contains("conditional_edge", "end_workflow");
    assertThat(run.inputOutputPairs.get(0).iterationEndStateMiscellaneous.getJsonArray("active_thread_ids"))
        .containsExactly("0");
    assertThat(run.llmTokenUsage.callCount).isEqualTo(4);
    assertThat(run.llmLatencyStats.callCount).isEqualTo(4);

    JsonObject checkpoint = fixture.runs.getCheckpoint(team, first.runId, 1).await();
    assertThat(checkpoint.getInteger("turn_index")).isEqualTo(1);
    assertThat(checkpoint.getJsonObject("threads").getJsonObject("0").getString("status")).isEqualTo("waiting");

    assertFailsWith(fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, first.runId, null,
        input(RunCommand.DATA, "one more")), FailureCode.CONFLICT);
  }

  @Test
  void turnsAlternatingBetweenTwoEnginesEachContinueFromTheLatestCheckpoint() {
    EngineFixture twoEngines = new EngineFixture(EngineFixture.testConfig());
    try {
      // A second engine at the same address: requests alternate between them, so each engine's own record of the
      // run is one turn behind whenever a turn reaches it.
      twoEngines.vertx.deployVerticle(new EngineVerticle(),
          new io.vertx.core.DeploymentOptions().setConfig(EngineFixture.testConfig())).await();
      String team = EngineFixture.newTeam();
      String workflowId = twoEngines.createWorkflow(team, INTAKE);
      List<String> messages = List.of("hi", "still there", "I'm Ana Silva, I have a cough");

      String runId = twoEngines.engine.executeTurn(team, EngineFixture.USER, workflowId, null, null,
          input(RunCommand.START)).await().runId;
      InteractiveRunResponse last = null;
      for (String message : messages) {
        last = twoEngines.engine.executeTurn(team, EngineFixture.USER, workflowId, runId, null,
            input(RunCommand.DATA, message)).await();
      }

      assertThat(last.turnNumber).isEqualTo(4);
      assertThat(last.status).isEqualTo(WorkflowStatus.COMPLETED);
      String history = twoEngines.runs.getCheckpoint(team, runId, 3).await().encode();
      assertThat(history).as("every earlier message is in the conversation the last turn continued")
          .contains("\"hi\"", "\"still there\"", "I'm Ana Silva");
    } finally {
      twoEngines.close();
    }
  }

  @Test
  void startOrResumeAnswersTheStoredRun() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, INTAKE);
    WorkflowRunInput start = input(RunCommand.START);
    start.workflowId = workflowId;
    RunDocument started = fixture.engine.startOrResume(team, EngineFixture.USER, start).await();
    assertThat(started.id).matches("[0-9a-f]{24}");
    assertThat(started.teamId).isEqualTo(team);
    assertThat(started.workflowRun.inputOutputPairs).hasSize(1);
    assertThat(started.workflowRun.status).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);

    WorkflowRunInput resume = input(RunCommand.DATA, "I'm Ana Silva, headache");
    resume.workflowRunId = started.id;
    RunDocument resumed = fixture.engine.startOrResume(team, EngineFixture.USER, resume).await();
    assertThat(resumed.workflowRun.inputOutputPairs).hasSize(2);
    assertThat(resumed.workflowRun.status).isEqualTo(WorkflowStatus.COMPLETED);

    assertFailsWith(fixture.engine.startOrResume(team, EngineFixture.USER, input(RunCommand.START)),
        FailureCode.INVALID);
  }

  @Test
  void aRunKeepsTheVersionItStartedOn() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, VERSIONED.formatted("zero", "zero"));
    InteractiveRunResponse old = turn(team, workflowId, null, RunCommand.START);
    assertThat(said(old)).containsExactly("This is zero.", "[zero] go on");

    fixture.workflows.createVersion(team, EngineFixture.USER, workflowId, "one", false, null).await();
    fixture.workflows.replaceVersionGraph(team, EngineFixture.USER, workflowId, 1,
        GraphResources.graph(VERSIONED.formatted("one", "one"))).await();
    fixture.workflows.activateVersion(team, EngineFixture.USER, workflowId, 1).await();

    assertThat(said(turn(team, workflowId, old.runId, RunCommand.DATA, "still there?")))
        .containsExactly("[zero] go on");
    InteractiveRunResponse fresh = turn(team, workflowId, null, RunCommand.START);
    assertThat(said(fresh)).containsExactly("This is one.", "[one] go on");
    InteractiveRunResponse pinned = fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, null, 0,
        input(RunCommand.START)).await();
    assertThat(said(pinned)).containsExactly("This is zero.", "[zero] go on");

    WorkflowRun oldRun = fixture.runs.getRun(team, old.runId).await().document().workflowRun;
    assertThat(oldRun.versionNumber).isZero();
    assertThat(oldRun.workflowConfigFullyHydrated.nodeConfigs.get(0)).isInstanceOfSatisfying(SayStaticNode.class,
        node -> assertThat(node.staticMessagesConfig.staticMessages).containsExactly("This is zero."));
    assertThat(fixture.runs.getRun(team, fresh.runId).await().document().workflowRun.inputOutputPairs.get(0)
        .runInput.versionNumber).isEqualTo(1);
    assertThat(fixture.runs.getRun(team, fresh.runId).await().document().workflowRun.versionNumber).isEqualTo(1);
    assertThat(fixture.runs.getRun(team, fresh.runId).await().document().workflowRun.versionName).isEqualTo("one");
    assertFailsWith(fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, null, 7,
        input(RunCommand.START)), FailureCode.NOT_FOUND);
  }

  @Test
  void pauseResumeAndStopChangeTheStatusWithoutATurn() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, CHAT);
    String runId = turn(team, workflowId, null, RunCommand.START).runId;

    InteractiveRunResponse paused = turn(team, workflowId, runId, RunCommand.PAUSE);
    assertThat(paused.status).isEqualTo(WorkflowStatus.PAUSED);
    assertThat(paused.turnNumber).isEqualTo(1);
    assertThat(paused.isWaitingForInput).isFalse();
    assertThat(paused.events).extracting(e -> e.getString("type")).containsExactly("pause_event");
    assertThat(turn(team, workflowId, runId, RunCommand.PAUSE).status).isEqualTo(WorkflowStatus.PAUSED);
    assertFailsWith(fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, runId, null,
        input(RunCommand.DATA, "hello?")), FailureCode.CONFLICT);

    InteractiveRunResponse resumed = turn(team, workflowId, runId, RunCommand.RESUME);
    assertThat(resumed.status).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(resumed.isWaitingForInput).isTrue();
    assertThat(resumed.nextInputHint.getString("origin_node_logical_id")).isEqualTo("node_chat");
    assertThat(resumed.turnNumber).isEqualTo(1);

    assertThat(turn(team, workflowId, runId, RunCommand.DATA, "hello").turnNumber).isEqualTo(2);
    turn(team, workflowId, runId, RunCommand.PAUSE);
    InteractiveRunResponse resumedWithMessage = turn(team, workflowId, runId, RunCommand.RESUME, "back again");
    assertThat(resumedWithMessage.turnNumber).isEqualTo(3);
    assertThat(said(resumedWithMessage)).containsExactly("echo");

    InteractiveRunResponse stopped = turn(team, workflowId, runId, RunCommand.STOP);
    assertThat(stopped.status).isEqualTo(WorkflowStatus.CANCELLED);
    assertThat(stopped.isCompleted).isTrue();
    assertThat(stopped.events).extracting(e -> e.getString("type")).containsExactly("end_workflow");
    for (RunCommand command : List.of(RunCommand.DATA, RunCommand.PAUSE, RunCommand.RESUME, RunCommand.STOP)) {
      assertFailsWith(fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, runId, null,
          input(command, "x")), FailureCode.CONFLICT);
    }
    RunRecord stored = fixture.runs.getRun(team, runId).await();
    assertThat(stored.document().workflowRun.status).isEqualTo(WorkflowStatus.CANCELLED);
    assertThat(stored.turnCount()).isEqualTo(3);
    assertThat(stored.leaseToken()).isNull();
  }

  @Test
  void twoTurnsAtOnceOnOneRunLetExactlyOneProceed() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, CHAT);
    String runId = turn(team, workflowId, null, RunCommand.START).runId;

    Future<InteractiveRunResponse> a = fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, runId, null,
        input(RunCommand.DATA, "slow"));
    Future<InteractiveRunResponse> b = fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, runId, null,
        input(RunCommand.DATA, "slow"));
    Future.join(a, b).otherwiseEmpty().await();
    List<Future<InteractiveRunResponse>> calls = List.of(a, b);
    assertThat(calls).filteredOn(Future::succeeded).hasSize(1);
    assertThat(calls).filteredOn(Future::failed).singleElement()
        .satisfies(failed -> assertThat(ServiceException.from(failed.cause()).code())
            .isEqualTo(FailureCode.CONFLICT));
    assertThat(fixture.runs.getRun(team, runId).await().turnCount()).isEqualTo(2);
    assertThat(turn(team, workflowId, runId, RunCommand.DATA, "after").turnNumber).isEqualTo(3);
  }

  @Test
  void fiftyConcurrentRunsOfTenTurnsAreEachStoredExactlyOnce() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, CHAT);
    int runCount = 50;
    int turns = 10;
    List<Future<String>> runsDone = new ArrayList<>();
    for (int r = 0; r < runCount; r++) {
      int runNumber = r;
      Future<String> run = fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, null, null,
          input(RunCommand.START)).map(response -> response.runId);
      for (int t = 1; t < turns; t++) {
        String message = "run " + runNumber + " turn " + t;
        run = run.compose(runId -> fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, runId, null,
            input(RunCommand.DATA, message)).map(response -> {
              assertThat(response.status).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
              return runId;
            }));
      }
      runsDone.add(run);
    }
    Future.all(runsDone).await();
    for (int r = 0; r < runCount; r++) {
      String runId = runsDone.get(r).result();
      WorkflowRun run = fixture.runs.getRun(team, runId).await().document().workflowRun;
      assertThat(run.inputOutputPairs).hasSize(turns);
      int runNumber = r;
      assertThat(run.inputOutputPairs.stream().skip(1).map(pair -> pair.runInput.userMessages().get(0)).toList())
          .containsExactlyElementsOf(IntStream.range(1, turns).mapToObj(t -> "run " + runNumber + " turn " + t)
              .toList());
      assertThat(run.llmTokenUsage.callCount).isEqualTo(turns + turns - 1);
    }
  }

  @Test
  void loopsAndErrorsEndTheRunWithTheRightStatus() {
    String team = EngineFixture.newTeam();
    String looping = fixture.createWorkflow(team, """
        {"workflow_config": {"name": "Loop"},
         "node_configs": [{"logical_id": "node_a", "type": "no_op", "is_start": true},
                          {"logical_id": "node_b", "type": "no_op"}],
         "edge_configs": [
           {"logical_id": "e1", "type": "conditional", "source_node_logical_id": "node_a",
            "destination_node_logical_id": "node_b",
            "condition": {"condition_expression": "true"}},
           {"logical_id": "e2", "type": "conditional", "source_node_logical_id": "node_b",
            "destination_node_logical_id": "node_a",
            "condition": {"condition_expression": "true"}}]}
        """);
    InteractiveRunResponse aborted = turn(team, looping, null, RunCommand.START);
    assertThat(aborted.status).isEqualTo(WorkflowStatus.ABORTED_LOOPING_RISK);
    assertThat(aborted.isCompleted).isTrue();
    assertThat(aborted.error).contains("looping risk");

    String failing = fixture.createWorkflow(team, """
        {"workflow_config": {"name": "Fail"},
         "node_configs": [{"logical_id": "node_a", "name": "A", "type": "athena_patients_search", "is_start": true,
                           "practice_id": "195900"}],
         "edge_configs": []}
        """);
    InteractiveRunResponse failed = turn(team, failing, null, RunCommand.START);
    assertThat(failed.status).isEqualTo(WorkflowStatus.FAILED);
    assertThat(failed.isCompleted).isTrue();
    assertThat(failed.error).contains("'athena_patients_search'");
    WorkflowRun stored = fixture.runs.getRun(team, failed.runId).await().document().workflowRun;
    assertThat(stored.status).isEqualTo(WorkflowStatus.FAILED);
    assertThat(stored.terminationSource).isEqualTo(TerminationSource.EXECUTION_ERROR);
    assertThat(stored.inputOutputPairs.get(0).runOutput.events).extracting(e -> e.getString("type"))
        .contains("workflow_error");
  }

  @Test
  void malformedOrForeignRequestsAreRejected() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, CHAT);
    String runId = turn(team, workflowId, null, RunCommand.START).runId;
    String otherTeam = EngineFixture.newTeam();
    String otherWorkflow = fixture.createWorkflow(otherTeam, CHAT);

    assertFailsWith(fixture.engine.executeTurn(team, EngineFixture.USER, "nope", null, null,
        input(RunCommand.START)), FailureCode.INVALID);
    assertFailsWith(fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, "123", null,
        input(RunCommand.DATA, "x")), FailureCode.INVALID);
    assertFailsWith(fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, null, null, null),
        FailureCode.INVALID);
    assertFailsWith(fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, null, -1,
        input(RunCommand.START)), FailureCode.INVALID);
    assertFailsWith(fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, null, null,
        input(RunCommand.STOP)), FailureCode.INVALID);
    assertFailsWith(fixture.engine.executeTurn(null, EngineFixture.USER, workflowId, null, null,
        input(RunCommand.START)), FailureCode.INVALID);
    assertFailsWith(fixture.engine.executeTurn(team, EngineFixture.USER, otherWorkflow, null, null,
        input(RunCommand.START)), FailureCode.NOT_FOUND);
    assertFailsWith(fixture.engine.executeTurn(otherTeam, EngineFixture.USER, null, runId, null,
        input(RunCommand.DATA, "x")), FailureCode.NOT_FOUND);
    assertFailsWith(fixture.engine.executeTurn(otherTeam, EngineFixture.USER, null, runId, null,
        input(RunCommand.STOP)), FailureCode.NOT_FOUND);
    assertFailsWith(fixture.engine.executeTurn(team, EngineFixture.USER, "0123456789abcdef01234567", runId, null,
        input(RunCommand.DATA, "x")), FailureCode.NOT_FOUND);
    assertThat(turn(team, workflowId, runId, RunCommand.DATA, "still mine").turnNumber).isEqualTo(2);
  }

  @Test
  void aWorkflowRunFetchNodeReadsOnlyRunsOfTheSameTeam() {
    String summary = "[[workflow_run_object.status]] after "
        + "[[workflow_run_object.input_output_pairs.0.run_output.events.0.type]]";
    String fetcherGraph = """
        {"workflow_config": {"name": "Fetcher"},
         "node_configs": [
           {"logical_id": "node_fetch", "type": "workflow_run_fetch", "is_start": true,
            "workflow_run_id": "{{source}}"},
           {"logical_id": "node_say", "type": "say_static", "static_messages_config": {"static_messages": [
             "%s"]}}
         ],
         "edge_configs": [{"logical_id": "e", "type": "direct", "source_node_logical_id": "node_fetch",
                           "destination_node_logical_id": "node_say"}]}
        """.formatted(summary);
    String team = EngineFixture.newTeam();
    String source = turn(team, fixture.createWorkflow(team, CHAT), null, RunCommand.START).runId;
    WorkflowRunInput input = input(RunCommand.START);
    input.dynamicVariables = new JsonObject().put("source", source);

    InteractiveRunResponse fetched = fixture.engine.executeTurn(team, EngineFixture.USER,
        fixture.createWorkflow(team, fetcherGraph), null, null, input).await();
    assertThat(said(fetched)).containsExactly("waiting_for_user_input after start_workflow");

    String stranger = EngineFixture.newTeam();
    InteractiveRunResponse denied = fixture.engine.executeTurn(stranger, EngineFixture.USER,
        fixture.createWorkflow(stranger, fetcherGraph), null, null, input).await();
    assertThat(denied.status).isEqualTo(WorkflowStatus.FAILED);
    assertThat(denied.error).contains("could not load run " + source);
  }

  @Test
  void turnsAndStatusChangesArePublishedOnceDurable() {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, CHAT);
    Queue<JsonObject> turns = new ConcurrentLinkedQueue<>();
    Queue<JsonObject> statuses = new ConcurrentLinkedQueue<>();
    MessageConsumer<JsonObject> turnConsumer = fixture.vertx.eventBus().consumer(Addresses.EVENT_TURN_COMPLETED,
        message -> {
          if (team.equals(message.body().getString(RunEvents.TEAM_ID))) {
            turns.add(message.body());
          }
        });
    MessageConsumer<JsonObject> statusConsumer = fixture.vertx.eventBus().consumer(Addresses.EVENT_STATUS_CHANGED,
        message -> {
          if (team.equals(message.body().getString(RunEvents.TEAM_ID))) {
            statuses.add(message.body());
          }
        });
    Future.all(turnConsumer.completion(), statusConsumer.completion()).await();
    try {
      String runId = turn(team, workflowId, null, RunCommand.START).runId;
      turn(team, workflowId, runId, RunCommand.DATA, "hello");
      turn(team, workflowId, runId, RunCommand.STOP);
      Polling.upTo(Duration.ofSeconds(5)).until("two turn events and three status events",
          () -> turns.size() == 2 && statuses.size() == 3);

      JsonObject first = turns.poll();
      assertThat(first.getString(RunEvents.RUN_ID)).isEqualTo(runId);
      assertThat(first.getString(RunEvents.WORKFLOW_ID)).isEqualTo(workflowId);
      assertThat(first.getInteger(RunEvents.TURN_INDEX)).isZero();
      assertThat(first.getString(RunEvents.STATUS)).isEqualTo("waiting_for_user_input");
      assertThat(first.getJsonArray(RunEvents.EVENTS)).isNotEmpty();
      assertThat(turns.poll().getInteger(RunEvents.TURN_INDEX)).isEqualTo(1);

      assertThat(statuses).extracting(s -> s.getString(RunEvents.OLD_STATUS) + ">" + s.getString(RunEvents.NEW_STATUS))
          .containsExactly("null>started", "started>waiting_for_user_input", "waiting_for_user_input>cancelled");
    } finally {
      Future.all(turnConsumer.unregister(), statusConsumer.unregister()).await();
    }
  }

  static List<String> said(InteractiveRunResponse response) {
    return response.events.stream().filter(e -> "assistant_response".equals(e.getString("type")))
        .map(e -> e.getString("content")).toList();
  }
}
