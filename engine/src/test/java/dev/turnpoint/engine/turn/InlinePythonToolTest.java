package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.GraphResources;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.turnpoint.engine.turn.TurnDriver.said;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code inline_python} tool nodes run in the sandbox: results land in variables, failures let the run go on. */
class InlinePythonToolTest {

  private static final String RUN_ID = "66f000000000000000000031";
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void theFunctionGetsTheArgumentsAndTheRunGoesOnPastOneThatRaises() {
    String graph = """
        {"workflow_config": {"name": "Python tools"},
         "node_configs": [
           {"logical_id": "node_score", "type": "tool_node", "is_start": true, "preserve_argument_types": true,
            "tool_config": {"type": "inline_python", "name": "score",
                            "code": SCORE_CODE,
                            "expand_result_into_runtime_variables": true},
            "tool_arguments": {"age": "[[age]]", "smokes": "{{smokes}}"},
            "result_runtime_variable_name": "risk"},
           {"logical_id": "node_literal", "type": "tool_node",
            "tool_config": {"type": "inline_python", "name": "literal", "allow_code_variable_substitution": false,
                            "code": "def literal():\\n    return '{{clinic}}'\\n"},
            "result_runtime_variable_name": "literal"},
           {"logical_id": "node_raise", "type": "tool_node",
            "tool_config": {"type": "inline_python", "name": "check",
                            "code": "def check():\\n    raise RuntimeError('eligibility service said no')\\n"},
            "result_runtime_variable_name": "check"},
           {"logical_id": "node_say", "type": "say_static",
            "static_messages_config": {"static_messages": ["score [[score]] at [[clinic]]"]}}
         ],
         "edge_configs": [
           {"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_score",
            "destination_node_logical_id": "node_literal"},
           {"logical_id": "e2", "type": "direct", "source_node_logical_id": "node_literal",
            "destination_node_logical_id": "node_raise"},
           {"logical_id": "e3", "type": "direct", "source_node_logical_id": "node_raise",
            "destination_node_logical_id": "node_say"}
         ]}
        """.replace("SCORE_CODE", Json.encode("""
        def score(age, smokes):
            return {'score': age + (40 if smokes else 0), 'clinic': '{{clinic}}', 'status': '[[status]]'}
        """));
    WorkflowRunInput input = TurnDriver.input(RunCommand.START);
    input.dynamicVariables = new JsonObject().put("clinic", "Riverside").put("smokes", true);
    input.runtimeVariables = new JsonObject().put("age", 42).put("status", "pending");
    TurnOutcome outcome = new TurnDriver(TestExecutors.executor(vertx), GraphResources.graph(graph), RUN_ID)
        .turn(input);

    assertThat(outcome.status()).isEqualTo(WorkflowStatus.COMPLETED);
    JsonObject variables = outcome.checkpoint().runtimeVariables;
    assertThat(variables.getJsonObject("risk")).isEqualTo(new JsonObject().put("score", 82)
        .put("clinic", "Riverside").put("status", "pending"));
    assertThat(variables.getInteger("score")).isEqualTo(82);
    assertThat(variables.getString("literal")).isEqualTo("{{clinic}}");
    JsonObject scored = output(outcome, 0);
    assertThat(scored.getBoolean("success")).isTrue();
    assertThat(scored.getString("tool_name")).isEqualTo("score");
    JsonObject raised = output(outcome, 2);
    assertThat(raised.getBoolean("success")).isFalse();
    assertThat(raised.getString("error_message")).isEqualTo("RuntimeError: eligibility service said no");
    assertThat(said(outcome)).containsExactly("score 82 at Riverside");
  }

  private static JsonObject output(TurnOutcome outcome, int index) {
    return outcome.pair().runOutput.threadToNodeOutputs.get("0").get(index);
  }
}
