package dev.turnpoint.model.turn;

/**
 * The key names of the checkpoint stored after every turn (its schema is documented on the engine's
 * {@code RunCheckpoint}), for whoever reads or edits one: {@link CheckpointView} reads through them, and a fork's
 * variable overrides are named after {@link #DYNAMIC_VARIABLES} and {@link #RUNTIME_VARIABLES}.
 */
public final class CheckpointKeys {

  // ---- the checkpoint

  public static final String CHECKPOINT_VERSION = "checkpoint_version";
  /** The run that wrote it. */
  public static final String WORKFLOW_RUN_ID = "workflow_run_id";
  /** 0-based index of the turn after which it was taken. */
  public static final String TURN_INDEX = "turn_index";
  /** The run status the turn ended with. */
  public static final String STATUS = "status";
  /** {@code {{name}}} values. */
  public static final String DYNAMIC_VARIABLES = "dynamic_variables";
  /** {@code [[name]]} values, workflow-wide. */
  public static final String RUNTIME_VARIABLES = "runtime_variables";
  /** Each thread by its id; see the thread keys below. */
  public static final String THREADS = "threads";
  public static final String STATIC_MESSAGE_COUNTERS = "static_message_counters";
  public static final String SELF_LOOP_COUNTS = "self_loop_counts";
  public static final String CONSECUTIVE_CONDITIONAL_HOPS = "consecutive_conditional_hops";
  public static final String GLOBAL_NODE_RETURN_TO = "global_node_return_to";
  /** Visits to guardrail nodes so far in the run, counted for {@code guardrail_strikes_config}. */
  public static final String GUARDRAIL_STRIKES = "guardrail_strikes";
  /** Threads that came back through a reverse conditional edge and have had no user message since. */
  public static final String REVERSE_EDGE_RETURNED_THREADS = "reverse_edge_returned_threads";
  public static final String LLM_TOKEN_USAGE = "llm_token_usage";
  public static final String LLM_LATENCY_STATS = "llm_latency_stats";
  public static final String CARRIED_OVER_LLM_TOKEN_USAGE = "carried_over_llm_token_usage";
  public static final String CARRIED_OVER_LLM_LATENCY_STATS = "carried_over_llm_latency_stats";

  // ---- one thread of {@link #THREADS}

  public static final String THREAD_ID = "thread_id";
  /** {@link CheckpointThread#RUNNING}, {@link CheckpointThread#WAITING} or {@link CheckpointThread#ENDED}. */
  public static final String THREAD_STATUS = "status";
  /** Running: the node to run next. Waiting: the node waiting. Ended: the last node run. */
  public static final String CURRENT_NODE_LOGICAL_ID = "current_node_logical_id";
  public static final String WAITING_NODE_RUN_ID = "waiting_node_run_id";
  public static final String WAITING_EVENT = "waiting_event";
  public static final String MESSAGES = "messages";
  public static final String NODE_HISTORY = "node_history";
  /** What this thread wrote: {@code [[thread_<id>.name]]}. */
  public static final String THREAD_RUNTIME_VARIABLES = "runtime_variables";
  public static final String PARENT_THREAD_ID = "parent_thread_id";
  public static final String COMPANION_EDGE_LOGICAL_ID = "companion_edge_logical_id";
  public static final String SOURCE_NODE_LOGICAL_ID = "source_node_logical_id";
  public static final String RUN_COUNT = "run_count";

  private CheckpointKeys() {
  }
}
