package dev.turnpoint.model.turn;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TurnEventTest {

  @Test
  void readsTheFieldsOfAnEdgeEvent() {
    TurnEvent event = TurnEvent.of(new JsonObject().put("type", "conditional_edge").put("timestamp", 1_700_000_000.25)
        .put("origin_thread_id", "0").put("origin_node_logical_id", "node_ask").put("origin_node_name", "Ask")
        .put("edge_logical_id", "edge_book").put("edge_name", "Ready to book")
        .put("source_node_logical_id", "node_ask").put("source_node_name", "Ask")
        .put("destination_node_logical_id", "node_book").put("destination_node_name", "Book")
        .put("reason", "the condition holds"));

    assertThat(event.type()).isEqualTo(TurnEventType.CONDITIONAL_EDGE);
    assertThat(event.is(TurnEventType.CONDITIONAL_EDGE)).isTrue();
    assertThat(event.is(TurnEventType.DIRECT_EDGE)).isFalse();
    assertThat(event.is(null)).isFalse();
    assertThat(event.isEdgeEvent()).isTrue();
    assertThat(event.originNodeLogicalId()).isEqualTo("node_ask");
    assertThat(event.originNodeName()).isEqualTo("Ask");
    assertThat(event.edgeLogicalId()).isEqualTo("edge_book");
    assertThat(event.edgeName()).isEqualTo("Ready to book");
    assertThat(event.sourceNodeLogicalId()).isEqualTo("node_ask");
    assertThat(event.sourceNodeName()).isEqualTo("Ask");
    assertThat(event.destinationNodeLogicalId()).isEqualTo("node_book");
    assertThat(event.destinationNodeName()).isEqualTo("Book");
    assertThat(event.reason()).isEqualTo("the condition holds");
    assertThat(event.timestamp()).isEqualTo(1_700_000_000.25);
    assertThat(event.onMainThread()).isTrue();
  }

  @Test
  void fieldsOfAnotherJsonTypeReadAsMissing() {
    TurnEvent event = TurnEvent.of(new JsonObject().put("type", 7).put("content", new JsonArray().add("x"))
        .put("llm_usage_info", "lots").put("timestamp", "yesterday").put("runtime_variables", 1)
        .put("error_message", false));

    assertThat(event.type()).isNull();
    assertThat(event.content()).isNull();
    assertThat(event.llmUsage()).isNull();
    assertThat(event.timestamp()).isNull();
    assertThat(event.shownRuntimeVariables()).isNull();
    assertThat(event.errorMessage()).isNull();
    assertThat(event.isEdgeEvent()).isFalse();
    assertThat(TurnEvent.of(null).json()).isEqualTo(new JsonObject());
  }

  @Test
  void theThreadIsTextAndAnEventWithoutOneIsTheConversations() {
    assertThat(TurnEvent.of(new JsonObject().put("origin_thread_id", 0)).onMainThread()).isTrue();
    assertThat(TurnEvent.of(new JsonObject()).onMainThread()).isTrue();
    TurnEvent companion = TurnEvent.of(new JsonObject().put("origin_thread_id", "0_companion_edge_note"));
    assertThat(companion.onMainThread()).isFalse();
    assertThat(companion.threadId()).isEqualTo("0_companion_edge_note");
    TurnEvent about = TurnEvent.of(new JsonObject().put("origin_thread_id", "0").put("thread_id", "1"));
    assertThat(about.threadId()).isEqualTo("1");
    assertThat(about.originThreadId()).isEqualTo("0");
  }

  @Test
  void readsWhatWasSaidAndWhatWentWrong() {
    TurnEvent said = TurnEvent.of(new JsonObject().put("type", "assistant_response").put("content", "Hello")
        .put("llm_usage_info", new JsonObject().put("input_tokens", 3)));
    TurnEvent warned = TurnEvent.of(new JsonObject().put("type", "workflow_warning").put("message", "careful"));

    assertThat(said.content()).isEqualTo("Hello");
    assertThat(said.llmUsage()).isEqualTo(new JsonObject().put("input_tokens", 3));
    assertThat(warned.message()).isEqualTo("careful");
    assertThat(said.text("content")).isEqualTo("Hello");
    assertThat(said.object("llm_usage_info")).isNotNull();
  }
}
