package dev.turnpoint.api;

import dev.turnpoint.api.http.LlmSecrets;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.workflow.LlmGroupConfig;
import dev.turnpoint.model.workflow.LlmGroupWithBackchannelConfig;
import dev.turnpoint.model.workflow.LlmNode;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

/** The credentials of LLM group members are masked in answers and kept when the mask is sent back. */
class LlmGroupSecretsTest {

  private static final String GRAPH = """
      {"name": "Groups", "workflow_config": {"name": "Groups",
         "llms_config": {"type": "llm_group", "llms": [{"type": "openai_llm", "api_key": "sk-workflow-member"}]}},
       "node_configs": [
         {"logical_id": "node_say", "type": "say_llm", "is_start": true,
          "llms_config": {"type": "llm_group_with_backchannel", "id": "bc",
            "main_llm_config": {"type": "llm_group", "llms": [
              {"type": "openai_llm", "api_key": "sk-main-member"},
              {"type": "bedrock_llm", "aws_secret_access_key": "aws-secret-member"}]},
            "backchannel_llm_config": {"type": "llm_group", "llms": [
              {"type": "openai_llm", "api_key": "sk-backchannel-member"}]}}}
       ],
       "edge_configs": []}
      """;

  private static Vertx vertx;
  private static ApiFixture api;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    api = ApiFixture.start(vertx);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void groupMembersCredentialsNeverComeBack() {
    String key = api.newTeamAdmin();
    HttpResponse<Buffer> created = api.send(POST, "/workflows/v1/workflows", key, new JsonObject(GRAPH));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(200);
    String id = created.bodyAsJsonObject().getJsonObject("workflow").getString("_id");
    HttpResponse<Buffer> read = api.send(GET, "/workflows/v1/workflows/" + id, key);

    for (HttpResponse<Buffer> answer : java.util.List.of(created, read)) {
      assertThat(answer.bodyAsString()).doesNotContain("sk-workflow-member", "sk-main-member",
          "aws-secret-member", "sk-backchannel-member").contains(LlmSecrets.MASK);
    }
  }

  @Test
  void aMaskSentBackKeepsTheStoredMembersCredential() {
    WorkflowConfigFullyHydrated stored = Json.fromJson(new JsonObject(GRAPH), WorkflowConfigFullyHydrated.class);
    JsonObject masked = LlmSecrets.redact(new JsonObject(GRAPH));
    WorkflowConfigFullyHydrated incoming = Json.fromJson(masked, WorkflowConfigFullyHydrated.class);

    LlmSecrets.restore(incoming, stored);

    assertThat(((LlmGroupConfig) incoming.workflowConfig.llmsConfig).llms.get(0).apiKey)
        .isEqualTo("sk-workflow-member");
    LlmGroupWithBackchannelConfig node = (LlmGroupWithBackchannelConfig) ((LlmNode) incoming.nodeConfigs.get(0))
        .llmsConfig;
    assertThat(node.mainLlmConfig.llms.get(0).apiKey).isEqualTo("sk-main-member");
    assertThat(node.mainLlmConfig.llms.get(1).awsSecretAccessKey).isEqualTo("aws-secret-member");
    assertThat(node.backchannelLlmConfig.llms.get(0).apiKey).isEqualTo("sk-backchannel-member");
  }
}
