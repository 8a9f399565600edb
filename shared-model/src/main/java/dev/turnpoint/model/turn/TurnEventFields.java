package dev.turnpoint.model.turn;

/**
 * The field names of a turn's events (spec §3.8) that writers and readers share. Every event has {@link #LOGICAL_ID},
 * {@link #TIMESTAMP} (epoch seconds, fractional), {@link #ORIGIN_THREAD_ID}, {@link #COMMENTS}, {@link #INTERRUPTED}
 * and {@link #TYPE}; node events add the {@code origin_node_*} fields, edge events the {@code edge_*},
 * {@code source_node_*} and {@code destination_node_*} fields and {@link #REASON}.
 */
public final class TurnEventFields {
  public static final String TYPE = "type";
  public static final String LOGICAL_ID = "logical_id";
  public static final String TIMESTAMP = "timestamp";
  public static final String ORIGIN_THREAD_ID = "origin_thread_id";
  public static final String COMMENTS = "comments";
  public static final String INTERRUPTED = "interrupted";

  public static final String ORIGIN_NODE_LOGICAL_ID = "origin_node_logical_id";
  public static final String ORIGIN_NODE_NAME = "origin_node_name";
  public static final String ORIGIN_NODE_RUN_ID = "origin_node_run_id";

  public static final String EDGE_LOGICAL_ID = "edge_logical_id";
  public static final String EDGE_NAME = "edge_name";
  public static final String EDGE_RUN_ID = "edge_run_id";
  public static final String SOURCE_NODE_LOGICAL_ID = "source_node_logical_id";
  public static final String SOURCE_NODE_NAME = "source_node_name";
  public static final String DESTINATION_NODE_LOGICAL_ID = "destination_node_logical_id";
  public static final String DESTINATION_NODE_NAME = "destination_node_name";
  /** Why an edge was taken; on some workflow events, why the workflow did what it did. */
  public static final String REASON = "reason";

  /** What was said: {@code assistant_response}, {@code say_static}, {@code worker_llm}, ... */
  public static final String CONTENT = "content";
  /** What a {@code workflow_warning} warns of. */
  public static final String MESSAGE = "message";
  /** What failed, on {@code workflow_error}. */
  public static final String ERROR_MESSAGE = "error_message";
  /** The LLM call behind the event: see {@link TurnUsage} for its fields. */
  public static final String LLM_USAGE_INFO = "llm_usage_info";
  /** The thread an event is about, where it differs from the one that recorded it. */
  public static final String THREAD_ID = "thread_id";
  /** The variables a {@code workflow_show_state} event shows. */
  public static final String RUNTIME_VARIABLES = "runtime_variables";

  private TurnEventFields() {
  }
}
