package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.GraphResources;
import dev.turnpoint.engine.llm.LlmMessages;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.turn.TurnEventType;
import dev.turnpoint.model.workflow.ConditionConfig;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.LlmType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConditionEvaluatorTest {

  private static final String GRAPH = """
      {"workflow_config": {"name": "Conditions", "llms_config": {"type": "offline_llm", "offline": {
          "model": "judge", "conditions": {"edge_yes": true, "edge_no": false}}}},
       "node_configs": [{"logical_id": "node_a", "type": "no_op", "is_start": true}],
       "edge_configs": []}
      """;

  @RegisterExtension
  static final OfflineEngine ENGINE = new OfflineEngine();
  private TurnRun turn;
  private ConditionEvaluator conditions;
  private ThreadState main;

  @BeforeEach
  void newTurn() {
    RunCheckpoint checkpoint = new RunCheckpoint();
    checkpoint.threads.put(WorkflowRunInput.MAIN_THREAD, ThreadState.main("node_a"));
    checkpoint.runtimeVariables.put("age", 42);
    checkpoint.dynamicVariables.put("who", "Ana");
    turn = new TurnRun(ENGINE.executor(), GraphResources.graph(GRAPH), checkpoint, WorkflowRunInput.of(RunCommand.DATA),
        new RunContext(TurnDriver.TEAM, "66f000000000000000000002", "wf", 1));
    conditions = new ConditionEvaluator(turn);
    main = ThreadState.main("node_a");
    main.messages.add(LlmMessages.human("hello"));
  }

  private static ConditionConfig expression(String expression) {
    ConditionConfig condition = new ConditionConfig();
    condition.conditionExpression = expression;
    return condition;
  }

  private static ConditionConfig freeform(String question) {
    ConditionConfig condition = new ConditionConfig();
    condition.conditionFreeform = question;
    return condition;
  }

  private boolean holds(ConditionConfig condition, String key, LlmConfig nodeLlm) {
    return conditions.holds(condition, key, nodeLlm, main, "edge " + key).await();
  }

  @Test
  void anExpressionIsEvaluatedAgainstTheRunsVariablesWithoutTheLlm() {
    assertThat(holds(expression("[[age]] > 40 AND {{who}} == 'Ana'"), "edge_a", null)).isTrue();
    assertThat(holds(expression("[[age]] < 40"), "edge_yes", null)).isFalse();
    assertThat(turn.journal().runOutput().events).isEmpty();
  }

  @Test
  void aConditionWithNeitherAnExpressionNorAQuestionNeverHolds() {
    assertThat(holds(null, "edge_yes", null)).isFalse();
    assertThat(holds(new ConditionConfig(), "edge_yes", null)).isFalse();
    assertThat(holds(expression("  "), "edge_yes", null)).isFalse();
    assertThat(turn.journal().runOutput().events).isEmpty();
  }

  @Test
  void anExpressionThatCannotBeEvaluatedFailsNamingItsOwner() {
    assertThatThrownBy(() -> holds(expression("[[age]] == "), "edge_bad", null))
        .isInstanceOf(WorkflowExecutionException.class)
        .hasMessageStartingWith("edge edge_bad has a condition_expression that cannot be evaluated ([[age]] == ): ");
  }

  @Test
  void aFreeformQuestionIsRenderedAndDecidedByTheLlmWhichIsRecorded() {
    assertThat(holds(freeform("Is {{who}} older than [[age]]?"), "edge_yes", null)).isTrue();
    assertThat(holds(freeform("Is {{who}} younger?"), "edge_no", null)).isFalse();

    List<JsonObject> events = turn.journal().runOutput().events;
    assertThat(events).extracting(e -> e.getString("type")).containsOnly(TurnEventType.CONDITION_EVALUATOR_LLM);
    assertThat(events).extracting(e -> e.getString("condition_key")).containsExactly("edge_yes", "edge_no");
    assertThat(events).extracting(e -> e.getBoolean("decision")).containsExactly(true, false);
    assertThat(events.get(0).getString("condition")).isEqualTo("Is Ana older than 42?");
    assertThat(events.get(0).getString("origin_thread_id")).isEqualTo("0");
    assertThat(events.get(0).getJsonObject("llm_usage_info").getString("model")).isEqualTo("judge");
  }

  @Test
  void theNodesOwnLlmDecidesBeforeTheWorkflows() {
    LlmConfig strict = new LlmConfig();
    strict.type = LlmType.OFFLINE_LLM;
    strict.offline = new JsonObject().put("model", "strict").put("conditions", new JsonObject().put("edge_yes", false));
    assertThat(holds(freeform("Is it so?"), "edge_yes", strict)).isFalse();
    assertThat(turn.journal().runOutput().events).singleElement()
        .satisfies(e -> assertThat(e.getJsonObject("llm_usage_info").getString("model")).isEqualTo("strict"));
  }
}
