package dev.turnpoint.model.turn;

import dev.turnpoint.model.run.WorkflowRunInput;
import io.vertx.core.json.JsonObject;

/**
 * A read view of one stored event of a turn (spec §3.8). Events are plain JSON, written by this engine or imported
 * from another, so every accessor answers null for a field that is missing or of another JSON type instead of
 * failing: a reader shows what is there.
 */
public final class TurnEvent {

  private final JsonObject json;

  private TurnEvent(JsonObject json) {
    this.json = json;
  }

  /** A view of {@code json}; a null event reads as one without fields. */
  public static TurnEvent of(JsonObject json) {
    return new TurnEvent(json == null ? new JsonObject() : json);
  }

  /** The event as stored (not a copy). */
  public JsonObject json() {
    return json;
  }

  /** One of {@link TurnEventType}, or another engine's, or null. */
  public String type() {
    return text(TurnEventFields.TYPE);
  }

  public boolean is(String type) {
    return type != null && type.equals(type());
  }

  /** The field's value when it is a string, else null. */
  public String text(String field) {
    return json.getValue(field) instanceof String text ? text : null;
  }

  /** The field's value when it is a JSON object, else null. */
  public JsonObject object(String field) {
    return json.getValue(field) instanceof JsonObject object ? object : null;
  }

  public String content() {
    return text(TurnEventFields.CONTENT);
  }

  public String message() {
    return text(TurnEventFields.MESSAGE);
  }

  public String errorMessage() {
    return text(TurnEventFields.ERROR_MESSAGE);
  }

  public String reason() {
    return text(TurnEventFields.REASON);
  }

  /** The thread that recorded the event, as text (some engines store it as a number), or null. */
  public String originThreadId() {
    Object thread = json.getValue(TurnEventFields.ORIGIN_THREAD_ID);
    return thread == null ? null : String.valueOf(thread);
  }

  /** The thread the event is about: its {@code thread_id}, else the thread that recorded it. */
  public String threadId() {
    Object thread = json.getValue(TurnEventFields.THREAD_ID);
    return thread == null ? originThreadId() : String.valueOf(thread);
  }

  /** Recorded by the conversation thread {@code "0"}; an event that names no thread counts as the conversation's. */
  public boolean onMainThread() {
    String thread = originThreadId();
    return thread == null || WorkflowRunInput.MAIN_THREAD.equals(thread);
  }

  public String originNodeLogicalId() {
    return text(TurnEventFields.ORIGIN_NODE_LOGICAL_ID);
  }

  public String originNodeName() {
    return text(TurnEventFields.ORIGIN_NODE_NAME);
  }

  public String edgeLogicalId() {
    return text(TurnEventFields.EDGE_LOGICAL_ID);
  }

  public String edgeName() {
    return text(TurnEventFields.EDGE_NAME);
  }

  /** Names an edge: a transition event. */
  public boolean isEdgeEvent() {
    return edgeName() != null || edgeLogicalId() != null;
  }

  public String sourceNodeLogicalId() {
    return text(TurnEventFields.SOURCE_NODE_LOGICAL_ID);
  }

  public String sourceNodeName() {
    return text(TurnEventFields.SOURCE_NODE_NAME);
  }

  public String destinationNodeLogicalId() {
    return text(TurnEventFields.DESTINATION_NODE_LOGICAL_ID);
  }

  public String destinationNodeName() {
    return text(TurnEventFields.DESTINATION_NODE_NAME);
  }

  /**
   * The usage of the LLM call the event reports, or null when it reports none: no {@code llm_usage_info}, or an
   * empty one (a static message's).
   */
  public JsonObject llmUsage() {
    JsonObject usage = object(TurnEventFields.LLM_USAGE_INFO);
    return usage == null || usage.isEmpty() ? null : usage;
  }

  /** The variables a {@code workflow_show_state} event shows, or null. */
  public JsonObject shownRuntimeVariables() {
    return object(TurnEventFields.RUNTIME_VARIABLES);
  }

  /** Epoch seconds, fractional, or null. */
  public Double timestamp() {
    return json.getValue(TurnEventFields.TIMESTAMP) instanceof Number seconds ? seconds.doubleValue() : null;
  }
}
