package dev.turnpoint.engine.llm;

import dev.turnpoint.engine.turn.TurnSizeLimits;
import dev.turnpoint.model.expression.JsonVariables;
import dev.turnpoint.engine.turn.TurnSizeLimits;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.engine.turn.TurnSizeLimits;
import dev.turnpoint.model.workflow.LlmType;
import dev.turnpoint.engine.turn.TurnSizeLimits;
import dev.turnpoint.model.workflow.StructuredOutputSchema;
import dev.turnpoint.engine.turn.TurnSizeLimits;
import io.vertx.core.json.JsonArray;
import dev.turnpoint.engine.turn.TurnSizeLimits;
import io.vertx.core.json.JsonObject;
import dev.turnpoint.engine.turn.TurnSizeLimits;
import org.junit.jupiter.api.Test;

import dev.turnpoint.engine.turn.TurnSizeLimits;
import java.util.ArrayList;
import dev.turnpoint.engine.turn.TurnSizeLimits;
import java.util.List;
import dev.turnpoint.engine.turn.TurnSizeLimits;
import java.util.Map;

import dev.turnpoint.engine.turn.TurnSizeLimits;
import static org.assertj.core.api.Assertions.assertThat;
import dev.turnpoint.engine.turn.TurnSizeLimits;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OfflineLlmProviderTest {

  private static final JsonObject SCRIPT = new JsonObject("""
      {
        "model": "clinic-script",
        "rules": [
          {"when_user_says": "(?i)\\\\bbye\\\\b", "reply": "Goodbye [[full_name]]!"},
          {"when_user_says": "(?i)price", "node": "node_billing", "reply": "It costs 40 euros."},
          {"when_user_says": "(?i)chest pain", "set": {"severity": "urgent", "callback": true}}
        ],
        "replies": ["What is your name?", "And your age?"],
        "default_reply": "Tell me more, {{caller}}.",
        "structured_output": {"source": "offline", "severity": "routine"},
        "extract": {"full_name": "(?:I'm|I am) ([A-Z][a-z]+ [A-Z][a-z]+)", "age": "(\\\\d+) years"},
        "conditions": {"edge_yes": true, "edge_no": false, "the caller is in pain": "(?i)pain"}
      }
      """);

  private final OfflineLlmProvider provider = new OfflineLlmProvider(TurnSizeLimits.DEFAULT.maxRenderedChars());

  private static LlmConfig config(JsonObject script) {
    LlmConfig config = new LlmConfig();
    config.type = LlmType.OFFLINE_LLM;
    config.offline = script;
    return config;
  }

  private static StructuredOutputSchema schema(String... properties) {
    StructuredOutputSchema schema = new StructuredOutputSchema();
    JsonObject declared = new JsonObject();
    for (String property : properties) {
      String[] nameAndType = property.split(":");
      declared.put(nameAndType[0], new JsonObject().put("type", nameAndType[1]));
    }
    schema.inputSchema = new JsonObject().put("type", "object").put("properties", declared);
    return schema;
  }

  private LlmReply call(LlmCallKind kind, String node, StructuredOutputSchema schema, List<String> keys,
                        String... userMessages) {
    List<JsonObject> messages = new ArrayList<>();
    for (String message : userMessages) {
      messages.add(LlmMessages.ai("question"));
      messages.add(LlmMessages.human(message));
    }
    JsonVariables variables = new JsonVariables(new JsonObject().put("full_name", "Ana Silva"),
        new JsonObject().put("caller", "friend"));
    return provider.call(config(SCRIPT), new LlmRequest(kind, "system words here", messages, schema, null, keys, node,
        variables)).await();
  }

  @Test
  void repliesComeFromTheFirstMatchingRuleThenTheNumberedRepliesThenTheDefault() {
    assertThat(call(LlmCallKind.REPLY, "node_a", null, List.of()).content()).isEqualTo("What is your name?");
    assertThat(call(LlmCallKind.REPLY, "node_a", null, List.of(), "hello").content()).isEqualTo("And your age?");
    assertThat(call(LlmCallKind.REPLY, "node_a", null, List.of(), "hello", "hm").content())
        .isEqualTo("Tell me more, friend.");
    assertThat(call(LlmCallKind.REPLY, "node_a", null, List.of(), "ok bye").content()).isEqualTo("Goodbye Ana Silva!");
    assertThat(call(LlmCallKind.REPLY, "node_a", null, List.of(), "the price?").content()).isEqualTo("And your age?");
    assertThat(call(LlmCallKind.REPLY, "node_billing", null, List.of(), "the price?").content())
        .isEqualTo("It costs 40 euros.");
  }

  @Test
  void structuredOutputExtractsFromEveryUserMessageNewestWinningAndFollowsTheSchema() {
    LlmReply reply = call(LlmCallKind.STRUCTURED, "node_x",
        schema("full_name:string", "age:integer", "severity:string", "callback:boolean"),
        List.of(), "I'm Ana Silva", "I am 42 years old and have chest pain", "sorry, I am Ana Souza");
    assertThat(reply.structuredOutput().getMap()).containsOnly(
        Map.entry("full_name", "Ana Souza"), Map.entry("age", 42L),
        Map.entry("severity", "urgent"), Map.entry("callback", true));

    LlmReply early = call(LlmCallKind.STRUCTURED, "node_x", schema("full_name:string", "age:integer"), List.of());
    assertThat(early.structuredOutput().isEmpty()).isTrue();

    LlmReply schemaless = call(LlmCallKind.STRUCTURED, "node_x", null, List.of(), "I'm Ana Silva");
    assertThat(schemaless.structuredOutput().getMap()).containsEntry("source", "offline")
        .containsEntry("severity", "routine").containsEntry("full_name", "Ana Silva");
  }

  @Test
  void conditionsAreDecidedByTheFirstListedKey() {
    assertThat(call(LlmCallKind.DECISION, "n", null, List.of("edge_yes", "edge_no")).decision()).isTrue();
    assertThat(call(LlmCallKind.DECISION, "n", null, List.of("edge_no", "edge_yes")).decision()).isFalse();
    assertThat(call(LlmCallKind.DECISION, "n", null, List.of("edge_other", "the caller is in pain"),
        "my back is in pain").decision()).isTrue();
    assertThat(call(LlmCallKind.DECISION, "n", null, List.of("edge_other", "the caller is in pain"),
        "all good").decision()).isFalse();
    assertThat(call(LlmCallKind.DECISION, "n", null, List.of("unknown")).decision()).isFalse();
  }

  @Test
  void tokensAreWordsAndTheSameCallGivesTheSameAnswer() {
    LlmReply first = call(LlmCallKind.REPLY, "node_a", null, List.of(), "hello there");
    LlmReply second = call(LlmCallKind.REPLY, "node_a", null, List.of(), "hello there");
    assertThat(second).isEqualTo(first);
    assertThat(first.inputTokens()).isEqualTo(3 + 1 + 2);
    assertThat(first.outputTokens()).isEqualTo(3);
    assertThat(first.model()).isEqualTo("clinic-script");
    assertThat(first.provider()).isEqualTo("offline");
    assertThat(first.latencyMillis()).isZero();
    assertThat(first.userKey()).isFalse();
  }

  @Test
  void aBrokenScriptIsAConfigurationError() {
    JsonObject broken = new JsonObject().put("rules", new JsonArray()
        .add(new JsonObject().put("when_user_says", "(unclosed")));
    assertThatThrownBy(() -> provider.call(config(broken), new LlmRequest(LlmCallKind.REPLY, "", List.of(), null,
        null, List.of(), "node_x", null)))
        .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.isConfigurationError()).isTrue())
        .hasMessageContaining("rules[0].when_user_says is not a valid regex");
  }
}
