package dev.turnpoint.engine.llm;

import io.vertx.core.json.JsonObject;

/** LangChain-style message dicts, the form thread histories and run inputs use. */
public final class LlmMessages {
  public static final String HUMAN = "human";
  public static final String AI = "ai";

  private LlmMessages() {
  }

  public static JsonObject human(String content) {
    return new JsonObject().put("type", HUMAN).put("content", content);
  }

  public static JsonObject ai(String content) {
    return new JsonObject().put("type", AI).put("content", content);
  }

  /** The message's text; non-text content (LangChain content blocks) is written as JSON. */
  public static String content(JsonObject message) {
    Object content = message.getValue("content");
    return content instanceof String text ? text : content == null ? "" : String.valueOf(content);
  }
}
