package dev.turnpoint.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Request bodies with small workflow graphs. */
final class TestGraphs {

  private TestGraphs() {
  }

  /** A greeting node and a waiting LLM node joined by a direct edge; nodes and edges have logical ids. */
  static JsonObject graph(String name) {
    return new JsonObject()
        .put("workflow_config", new JsonObject().put("name", name).put("description", "about " + name))
        .put("node_configs", new JsonArray()
            .add(new JsonObject().put("logical_id", "node_greet").put("name", "Greeting").put("type", "say_static")
                .put("is_start", true)
                .put("static_messages_config", new JsonObject()
                    .put("static_messages", new JsonArray().add("Hello!"))
                    .put("static_messages_selection_mode", "sequence")))
            .add(new JsonObject().put("logical_id", "node_chat").put("name", "Chat").put("type", "say_llm")
                .put("main_response_config", new JsonObject().put("prompt", "Help the caller."))))
        .put("edge_configs", new JsonArray()
            .add(new JsonObject().put("logical_id", "edge_1").put("name", "Start chat").put("type", "direct")
                .put("source_node_logical_id", "node_greet").put("destination_node_logical_id", "node_chat")));
  }

  /** The SDK's create body: {@code {name, description, config}}. */
  static JsonObject simpleCreateBody(String name) {
    return new JsonObject().put("name", name).put("description", "about " + name).put("config", graph(name));
  }

  /** The hand-written example of spec §4.8. */
  static JsonObject clinicIntake() {
    return resource("/spec/clinic-intake-hydrated.json");
  }

  /**
   * An intake on the offline LLM: a greeting, then an LLM node waiting for the caller; once the caller has said a
   * full name ("I'm Jane Doe") and a complaint ("headache"), the run says goodbye and completes.
   */
  static JsonObject offlineIntake() {
    return resource("/graphs/intake.json");
  }

  private static JsonObject resource(String name) {
    try (InputStream in = TestGraphs.class.getResourceAsStream(name)) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
