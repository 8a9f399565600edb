package dev.turnpoint.engine;

import dev.turnpoint.model.run.EvaluationResult;
import dev.turnpoint.model.run.InteractiveRunResponse;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.TerminationSource;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.turn.CheckpointView;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.CheckpointService;
import dev.turnpoint.service.RunQuery;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.checkpoint.CheckpointRun;
import dev.turnpoint.service.checkpoint.CheckpointRunRequest;
import dev.turnpoint.testing.Polling;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.turnpoint.engine.EngineFixture.input;
import static org.assertj.core.api.Assertions.assertThat;

/** Evaluation runs started by a workflow's {@code evaluation_config}, driven by the engine with an offline LLM. */
class EvaluationRunsTest {

  /**
   * Loads the run it is given and scores it; the score names the run (its last {@code workflow_run_id}, the run's
   * own: the first is its first turn's, which a fork inherits) and its status (the first {@code status}).
   */
  private static final String EVALUATOR = """
      {"workflow_config": {"name": "Evaluator", "llms_config": {"type": "offline_llm", "offline": {
          "structured_output": {"score": 5, "passed": true},
          "extract": {"rated_run": ".*\\"workflow_run_id\\":\\"([0-9a-f]{24})\\"",
                      "run_status": "\\"status\\":\\"([a-z_]+)\\""}}}%s},
       "node_configs": [
         {"logical_id": "node_fetch", "type": "workflow_run_fetch", "is_start": true},
         {"logical_id": "node_score", "type": "workflow_run_evaluator", "output_runtime_variable_name": "scores",
          "structured_output_schema": {"name": "Score", "input_schema": {"type": "object", "properties": {
            "score": {"type": "integer"}, "passed": {"type": "boolean"}, "rated_run": {"type": "string"},
            "run_status": {"type": "string"}}}}}
       ],
       "edge_configs": [
         {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_fetch",
          "destination_node_logical_id": "node_score"}
       ]}
      """;

  /** Fetches a run that does not exist, so every run of it fails. */
  private static final String BROKEN_EVALUATOR = """
      {"workflow_config": {"name": "Broken evaluator", "llms_config": {"type": "offline_llm"}},
       "node_configs": [
         {"logical_id": "node_fetch", "type": "workflow_run_fetch", "is_start": true,
          "workflow_run_id": "000000000000000000000000"}
       ],
       "edge_configs": []}
      """;

  /** Chats until the user says bye; evaluated by the workflow {@code %s}. */
  private static final String EVALUATED = """
      {"workflow_config": {"name": "Evaluated", "llms_config": {"type": "offline_llm", "offline": {
          "replies": ["hello"], "default_reply": "go on", "conditions": {"edge_done": "bye"}}},
          "evaluation_config": {"evaluator_workflow_id": "%s", "enable_turn_by_turn_evaluation": %s}},
       "node_configs": [
         {"logical_id": "node_chat", "type": "say_llm", "is_start": true},
         {"logical_id": "node_end", "type": "say_static", "static_messages_config": {"static_messages": ["Bye."]}}
       ],
       "edge_configs": [
         {"logical_id": "edge_done", "type": "conditional", "source_node_logical_id": "node_chat",
          "destination_node_logical_id": "node_end", "condition": {"condition_freeform": "the user is done"}}
       ]}
      """;

  private static EngineFixture fixture;
  private static CheckpointService checkpoints;

  @BeforeAll
  static void deploy() {
    fixture = new EngineFixture(EngineFixture.testConfig().put("max_concurrent_evaluations", 1));
    checkpoints = ServiceProxies.client(fixture.vertx, CheckpointService.class, Addresses.CHECKPOINTS);
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  @Test
  void aFinishedRunIsEvaluatedByItsEvaluatorWorkflow() {
    String team = EngineFixture.newTeam();
    String evaluator = fixture.createWorkflow(team, EVALUATOR.formatted(""));
    String workflow = fixture.createWorkflow(team, EVALUATED.formatted(evaluator, false));

    String runId = turn(team, workflow, null, RunCommand.START).runId;
    assertThat(header(team, runId).evaluationRunInfo).isNull();
    InteractiveRunResponse last = turn(team, workflow, runId, RunCommand.DATA, "bye");
    assertThat(last.status).isEqualTo(WorkflowStatus.COMPLETED);

    WorkflowRun source = header(team, runId);
    String evaluationId = source.evaluationRunInfo.evaluationWorkflowRunId;
    assertThat(evaluationId).matches("[0-9a-f]{24}");
    RunRecord evaluation = ended(team, evaluationId);
    WorkflowRun evaluationRun = evaluation.document().workflowRun;
    assertThat(evaluationRun.status).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(evaluationRun.isEvaluationRun).isTrue();
    assertThat(evaluationRun.sourceWorkflowRunId).isEqualTo(runId);
    assertThat(evaluationRun.workflowId).isEqualTo(evaluator);
    assertThat(evaluationRun.evaluationRunInfo).isNull();
    JsonObject scores = CheckpointView.of(evaluation.lastCheckpoint()).runtimeVariables().getJsonObject("scores");
    assertThat(scores.getString("rated_run")).isEqualTo(runId);
    assertThat(scores.getString("run_status")).isEqualTo("completed");

    EvaluationResult result = EvaluationResult.of(evaluationId, evaluationRun, evaluation.lastCheckpoint(),
        evaluation.document().updatedAt);
    assertThat(result.status).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(result.evaluationResult.fieldNames()).containsExactly("scores");
    assertThat(result.score).isEqualTo(5.0);
    assertThat(result.passed).isTrue();
    assertThat(result.evaluatedAt).isNotNull();

    WorkflowRun after = header(team, runId);
    assertThat(after.status).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(after.evaluationRunInfo.evaluationWorkflowRunId).isEqualTo(evaluationId);
    assertThat(fixture.runs.getRun(team, runId).await().document().workflowRun.inputOutputPairs)
        .allSatisfy(pair -> assertThat(pair.evaluation).isNull());
  }

  @Test
  void eachTurnCarriesItsOwnEvaluationWhenTurnByTurnIsOn() {
    String team = EngineFixture.newTeam();
    String evaluator = fixture.createWorkflow(team, EVALUATOR.formatted(""));
    String workflow = fixture.createWorkflow(team, EVALUATED.formatted(evaluator, true));

    String runId = turn(team, workflow, null, RunCommand.START).runId;
    turn(team, workflow, runId, RunCommand.DATA, "bye");

    RunRecord evaluated = Polling.upTo(Duration.ofSeconds(20)).every(Duration.ofMillis(25)).until(
        "both turns evaluated", () -> fixture.runs.getRun(team, runId).await(),
        run -> run.document().workflowRun.inputOutputPairs.stream().allMatch(pair -> pair.evaluation != null));
    List<JsonObject> evaluations = evaluated.document().workflowRun.inputOutputPairs.stream()
        .map(pair -> pair.evaluation).toList();
    for (int turnIndex = 0; turnIndex < 2; turnIndex++) {
      JsonObject evaluation = evaluations.get(turnIndex);
      assertThat(evaluation.getString("status")).isEqualTo("completed");
      assertThat(evaluation.getJsonObject("evaluation_result").getJsonObject("scores").getString("rated_run"))
          .isEqualTo(runId);
      assertThat(evaluation.getDouble("score")).isEqualTo(5.0);
      WorkflowRun turnEvaluation = header(team, evaluation.getString("evaluation_workflow_run_id"));
      assertThat(turnEvaluation.isEvaluationRun).isTrue();
      assertThat(turnEvaluation.sourceWorkflowRunId).isEqualTo(runId);
      assertThat(turnEvaluation.miscellaneous.getInteger("evaluated_turn_index")).isEqualTo(turnIndex);
    }
    String wholeRun = evaluated.document().workflowRun.evaluationRunInfo.evaluationWorkflowRunId;
    assertThat(wholeRun).isNotIn(evaluations.stream().map(e -> e.getString("evaluation_workflow_run_id")).toList());
    assertThat(ended(team, wholeRun).document().workflowRun.miscellaneous).isNull();
    assertThat(evaluations(team, evaluator)).hasSize(3);
  }

  @Test
  void aFailingEvaluatorLeavesTheEvaluatedRunAsItIs() {
    String team = EngineFixture.newTeam();
    String evaluator = fixture.createWorkflow(team, BROKEN_EVALUATOR);
    String workflow = fixture.createWorkflow(team, EVALUATED.formatted(evaluator, false));

    String runId = turn(team, workflow, null, RunCommand.START).runId;
    turn(team, workflow, runId, RunCommand.DATA, "bye");

    WorkflowRun source = header(team, runId);
    RunRecord evaluation = ended(team, source.evaluationRunInfo.evaluationWorkflowRunId);
    assertThat(evaluation.document().workflowRun.status).isEqualTo(WorkflowStatus.FAILED);
    assertThat(evaluation.document().workflowRun.terminationSource).isEqualTo(TerminationSource.EXECUTION_ERROR);
    WorkflowRun after = header(team, runId);
    assertThat(after.status).isEqualTo(WorkflowStatus.COMPLETED);
    assertThat(after.terminationSource).isNull();
  }

  @Test
  void aStoppedRunIsEvaluatedAndAnEvaluationRunNever() {
    String team = EngineFixture.newTeam();
    String evaluator = fixture.createWorkflow(team, EVALUATOR.formatted(""));
    String workflow = fixture.createWorkflow(team, EVALUATED.formatted(evaluator, false));
    // The evaluator is evaluated by the evaluated workflow in turn: its own runs must not start a chain.
    fixture.workflows.replaceVersionGraph(team, EngineFixture.USER, evaluator, 0, GraphResources.graph(
        EVALUATOR.formatted(", \"evaluation_config\": {\"evaluator_workflow_id\": \"" + workflow + "\"}"))).await();

    String runId = turn(team, workflow, null, RunCommand.START).runId;
    InteractiveRunResponse stopped = turn(team, workflow, runId, RunCommand.STOP);
    assertThat(stopped.status).isEqualTo(WorkflowStatus.CANCELLED);

    RunRecord evaluation = ended(team, header(team, runId).evaluationRunInfo.evaluationWorkflowRunId);
    JsonObject scores = CheckpointView.of(evaluation.lastCheckpoint()).runtimeVariables().getJsonObject("scores");
    assertThat(scores.getString("run_status")).isEqualTo("cancelled");
    assertThat(evaluation.document().workflowRun.evaluationRunInfo).isNull();
    assertThat(evaluations(team, workflow)).isEmpty();
    assertThat(fixture.runs.listRuns(team, new RunQuery(workflow, null, null, null, null, null, null, 1, 10))
        .await().total()).isEqualTo(1);
  }

  @Test
  void aForkOfAnEvaluatedRunIsEvaluatedOnItsOwn() {
    String team = EngineFixture.newTeam();
    String evaluator = fixture.createWorkflow(team, EVALUATOR.formatted(""));
    String workflow = fixture.createWorkflow(team, EVALUATED.formatted(evaluator, false));
    String runId = turn(team, workflow, null, RunCommand.START).runId;
    turn(team, workflow, runId, RunCommand.DATA, "bye");
    String sourceEvaluation = header(team, runId).evaluationRunInfo.evaluationWorkflowRunId;

    CheckpointRun fork = checkpoints.executeCheckpointRun(team, EngineFixture.USER,
        CheckpointRunRequest.of(workflow, runId, 0)).await();
    assertThat(fork.run().workflowRun.evaluationRunInfo).isNull();
    assertThat(turn(team, workflow, fork.runId(), RunCommand.DATA, "bye").status)
        .isEqualTo(WorkflowStatus.COMPLETED);

    String forkEvaluation = header(team, fork.runId()).evaluationRunInfo.evaluationWorkflowRunId;
    assertThat(forkEvaluation).isNotEqualTo(sourceEvaluation);
    RunRecord evaluation = ended(team, forkEvaluation);
    assertThat(evaluation.document().workflowRun.sourceWorkflowRunId).isEqualTo(fork.runId());
    assertThat(CheckpointView.of(evaluation.lastCheckpoint()).runtimeVariables().getJsonObject("scores")
        .getString("rated_run")).isEqualTo(fork.runId());
    assertThat(header(team, runId).evaluationRunInfo.evaluationWorkflowRunId).isEqualTo(sourceEvaluation);
  }

  private static InteractiveRunResponse turn(String team, String workflowId, String runId, RunCommand command,
                                             String... messages) {
    return fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, runId, null, input(command, messages))
        .await();
  }

  private static WorkflowRun header(String team, String runId) {
    return fixture.runs.getRunHeader(team, runId).await().document().workflowRun;
  }

  /** The run once it has ended, with its turns. */
  private static RunRecord ended(String team, String runId) {
    return Polling.upTo(Duration.ofSeconds(20)).every(Duration.ofMillis(25)).until("run " + runId + " ended",
        () -> fixture.runs.getRun(team, runId).await(), run -> run.document().workflowRun.status.isTerminal());
  }

  /** The evaluation runs among the runs of {@code workflowId}, once every run of it has ended. */
  private static List<RunRecord> evaluations(String team, String workflowId) {
    return fixture.runs.listRuns(team, new RunQuery(workflowId, null, null, null, null, null, null, 1, 100)).await()
        .items().stream()
        .map(row -> ended(team, row.id))
        .filter(run -> run.document().workflowRun.isEvaluationRun)
        .toList();
  }
}
