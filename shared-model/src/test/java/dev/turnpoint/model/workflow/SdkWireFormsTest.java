package dev.turnpoint.model.workflow;

import dev.turnpoint.model.Json;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Interactly SDK's shapes of LLM groups and of {@code http_request} parameters read and write as sent. */
class SdkWireFormsTest {

  private static final String GROUP = """
      {"type": "llm_group", "logical_id": "llm_group_1", "named_llm_config_id": null,
       "llms": [{"type": "openai_llm", "model": "gpt-a", "api_key": "sk-a"},
                {"type": "google_llm", "model": "gemini", "thinking_budget": 0}],
       "operation_mode": "parallel_select_one", "min_patience_time_ms": 800, "max_patience_time_ms": 8000}
      """;

  @Test
  void anLlmGroupReadsAsItsOwnTypeWithItsMembersInOrder() {
    LlmConfig config = Json.fromJson(new JsonObject(GROUP), LlmConfig.class);

    assertThat(config).isInstanceOf(LlmGroupConfig.class);
    LlmGroupConfig group = (LlmGroupConfig) config;
    assertThat(group.type).isEqualTo(LlmType.LLM_GROUP);
    assertThat(group.operationMode).isEqualTo(LlmGroupConfig.OperationMode.PARALLEL_SELECT_ONE);
    assertThat(group.minPatienceTimeMs).isEqualTo(800);
    assertThat(group.maxPatienceTimeMs).isEqualTo(8000);
    assertThat(group.llms).extracting(llm -> llm.type).containsExactly(LlmType.OPENAI_LLM, LlmType.GOOGLE_LLM);
    assertThat(group.llms.get(0).apiKey).isEqualTo("sk-a");

    JsonObject written = Json.toJson(group);
    assertThat(written.getString("type")).isEqualTo("llm_group");
    assertThat(written.getString("operation_mode")).isEqualTo("parallel_select_one");
    assertThat(written.fieldNames()).contains("llms", "logical_id", "min_patience_time_ms")
        .doesNotContain("model", "api_key", "base_url", "temperature");
  }

  @Test
  void aGroupsDefaultsAreTheSdks() {
    LlmGroupConfig group = (LlmGroupConfig) Json.fromJson(new JsonObject().put("type", "llm_group"),
        LlmConfig.class);
    assertThat(group.operationMode).isEqualTo(LlmGroupConfig.OperationMode.SEQUENTIAL_WITH_PROACTIVE);
    assertThat(group.minPatienceTimeMs).isEqualTo(1500);
    assertThat(group.maxPatienceTimeMs).isNull();
    assertThat(group.llms).isEmpty();
  }

  @Test
  void aBackchannelGroupReadsItsMainAndBackchannelGroups() {
    JsonObject json = new JsonObject().put("type", "llm_group_with_backchannel").put("id", "bc_1")
        .put("main_llm_config", new JsonObject(GROUP))
        .put("backchannel_llm_config", new JsonObject().put("type", "llm_group").put("llms",
            new io.vertx.core.json.JsonArray().add(new JsonObject().put("type", "openai_llm"))))
        .put("non_backchannel_response_prefix", "[MAIN]")
        .put("backchannel_static_responses", new io.vertx.core.json.JsonArray().add("One moment..."))
        .put("backchannel_static_responses_selection_mode", "sequence");

    LlmGroupWithBackchannelConfig config = (LlmGroupWithBackchannelConfig) Json.fromJson(json, LlmConfig.class);
    assertThat(config.id).isEqualTo("bc_1");
    assertThat(config.mainLlmConfig.llms).hasSize(2);
    assertThat(config.backchannelLlmConfig.llms).singleElement().satisfies(llm ->
        assertThat(llm.type).isEqualTo(LlmType.OPENAI_LLM));
    assertThat(config.backchannelStaticResponses).containsExactly("One moment...");
    assertThat(config.backchannelStaticResponsesSelectionMode).isEqualTo(StaticMessagesConfig.SelectionMode.SEQUENCE);
    assertThat(config.backchannelMinPatienceTimeMs).isEqualTo(2000);
    assertThat(Json.toJson(config).fieldNames()).contains("id", "main_llm_config").doesNotContain("logical_id");
  }

  @Test
  void singleLlmConfigsStillReadAsTheyDidAndUnknownTypesStillFail() {
    LlmConfig openAi = Json.fromJson(new JsonObject().put("type", "openai_llm").put("model", "m"), LlmConfig.class);
    assertThat(openAi.getClass()).isEqualTo(LlmConfig.class);
    assertThat(openAi.type).isEqualTo(LlmType.OPENAI_LLM);
    assertThat(Json.fromJson(new JsonObject(), LlmConfig.class).type).isEqualTo(LlmType.NO_LLM);
    assertThatThrownBy(() -> Json.fromJson(new JsonObject().put("type", "nope_llm"), LlmConfig.class))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void httpParametersReadAsAnObjectOrAsJsonTextAndWriteBackAsSent() {
    JsonObject node = new JsonObject().put("type", "http_request").put("logical_id", "n")
        .put("query_parameters", "{\"search\": \"{{term}}\", \"limit\": 1}")
        .put("body_parameters", new JsonObject().put("name", "{{name}}"));

    HttpRequestNode read = (HttpRequestNode) Json.fromJson(node, NodeConfig.class);
    assertThat(read.queryParameters.text()).isEqualTo("{\"search\": \"{{term}}\", \"limit\": 1}");
    assertThat(read.queryParameters.object()).isNull();
    assertThat(read.bodyParameters.object().getString("name")).isEqualTo("{{name}}");

    JsonObject written = Json.toJson(read);
    assertThat(written.getValue("query_parameters")).isEqualTo("{\"search\": \"{{term}}\", \"limit\": 1}");
    assertThat(written.getJsonObject("body_parameters").getString("name")).isEqualTo("{{name}}");
    assertThat(Json.toJson(new HttpRequestNode()).getJsonObject("query_parameters")).isEmpty();
    assertThatThrownBy(() -> Json.fromJson(node.copy().put("query_parameters", 5), NodeConfig.class))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
