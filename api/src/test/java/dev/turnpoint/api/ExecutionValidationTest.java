package dev.turnpoint.api;

import dev.turnpoint.model.Ids;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

/** What the execute route refuses before a turn is attempted. */
@ExtendWith(VertxExtension.class)
class ExecutionValidationTest {

  private static ApiFixture api;
  private static String key;

  @BeforeAll
  static void start(Vertx vertx) {
    api = ApiFixture.start(vertx);
    key = api.newTeamAdmin();
  }

  private static String execute(String workflowId) {
    return "/workflows/v1/workflows/" + workflowId + "/execute";
  }

  @Test
  void pathQueryAndRunIdAreChecked() {
    assertThat(ApiKeyRoutesTest.detail(api.send(POST, execute("nope") + "?version=-1", key,
        new JsonObject().put("run_input", new JsonObject()).put("run_id", "not-an-id"))))
        .containsExactly("path.workflow_id:string_pattern_mismatch", "query.version:greater_than_equal",
            "body.run_id:string_pattern_mismatch");
  }

  @Test
  void theWrappedFormNeedsARunInputObject() {
    String path = execute(Ids.newObjectId());
    assertThat(ApiKeyRoutesTest.detail(api.send(POST, path, key, new JsonObject().putNull("run_input"))))
        .containsExactly("body.run_input:missing");
    assertThat(ApiKeyRoutesTest.detail(api.send(POST, path, key, new JsonObject().put("run_input", "start"))))
        .containsExactly("body.run_input:model_attributes_type");
    assertThat(ApiKeyRoutesTest.detail(api.send(POST, path, key, new JsonObject()
        .put("run_input", new JsonObject().put("command", "jump")))))
        .containsExactly("body.run_input.command:enum");
  }

  @Test
  void theRunInputMayNotNameAnotherWorkflowOrCarryState() {
    String workflowId = Ids.newObjectId();
    assertThat(ApiKeyRoutesTest.detail(api.send(POST, execute(workflowId), key, new JsonObject()
        .put("run_input", new JsonObject().put("workflow_id", Ids.newObjectId())))))
        .containsExactly("body.run_input.workflow_id:value_error");
    assertThat(ApiKeyRoutesTest.detail(api.send(POST, execute(workflowId), key, new JsonObject()
        .put("initial_state", new JsonObject()).put("workflow_run_id", "x"))))
        .containsExactlyInAnyOrder("body.initial_state:value_error", "body.workflow_run_id:string_pattern_mismatch");
    assertThat(ApiKeyRoutesTest.detail(api.send(POST, execute(workflowId), key, new JsonObject()
        .put("run_input", new JsonObject().put("thread_to_node_inputs", new JsonObject()
            .put("0", new JsonObject().put("node_run_inputs", new JsonArray().addNull())))))))
        .containsExactly("body.run_input.thread_to_node_inputs.0.node_run_inputs.0:model_attributes_type");
  }
}
