package dev.turnpoint.engine.turn;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.turnpoint.model.Ids;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.run.LLMLatencyStats;
import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.turn.CheckpointKeys;
import dev.turnpoint.model.workflow.LlmNode;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything needed to continue a run exactly where a turn left it, stored as plain JSON after every turn. The next
 * turn, or a new run forked from this point, starts from it; nothing else about the run's past is read.
 *
 * <pre>{@code
 * {
 *   "checkpoint_version": 1,                // readers reject versions they do not know
 *   "workflow_run_id": "66f0…",             // the run that wrote it (a fork keeps its source's until its own turn)
 *   "turn_index": 2,                        // 0-based index of the turn after which it was taken
 *   "status": "waiting_for_user_input",     // the run status the turn ended with
 *   "dynamic_variables": {...},             // {{name}} values: defaults, graph and inputs merged; built-ins excluded
 *   "runtime_variables": {...},             // [[name]] values, workflow-wide (every thread writes here)
 *   "threads": {                            // by thread id, "0" first, then companions in start order
 *     "0": {
 *       "thread_id": "0",
 *       "status": "waiting",                // running | waiting | ended
 *       "current_node_logical_id": "node_intake",  // running: next node; waiting: waiting node; ended: last node
 *       "waiting_node_run_id": "node_run_…", // the node run waiting for the user
 *       "waiting_event": {...},             // its busy_wait_for_user_message event (the next_input_hint)
 *       "messages": [{"type": "ai", "content": "Hello"}, {"type": "human", "content": "Hi"}],
 *       "node_history": ["node_greet", "node_intake"],
 *       "runtime_variables": {...},         // what this thread wrote: [[thread_0.name]]
 *       "parent_thread_id": null, "companion_edge_logical_id": null, "source_node_logical_id": null,
 *       "run_count": 0
 *     },
 *     "0_companion_extract": {"status": "ended", "parent_thread_id": "0", "run_count": 3, ...}
 *   },
 *   "static_message_counters": {"node_greet": 1},   // say_static (and edge message) selections made so far
 *   "self_loop_counts": {"node_intake": 2},         // consecutive self-loops per node, reset when it is left
 *   "consecutive_conditional_hops": 0,              // conditional/global hops since the last user message
 *   "global_node_return_to": {"0": "node_intake"},  // where a thread returns after a global node without edges
 *                                                   //   or through its reverse conditional edge
 *   "guardrail_strikes": 1,                 // guardrail node visits so far in the run (guardrail_strikes_config)
 *   "reverse_edge_returned_threads": ["0"], // came back through a reverse edge, no user message since: no
 *                                           //   conditional hop yet (no_consecutive_conditional_edge_after_…)
 *   "llm_token_usage": {...},               // this run's own LLM usage so far (a fork starts from zero: its
 *   "llm_latency_stats": {...},             //   source's totals are carried over on the run instead)
 *   "carried_over_llm_token_usage": {...},  // on a fork's checkpoints: the usage of the lineage before it, so
 *   "carried_over_llm_latency_stats": {...} //   carried + own is the lineage's total after this turn; null otherwise
 * }
 * }</pre>
 *
 * <p>To fork from a checkpoint, copy it and change {@code dynamic_variables}/{@code runtime_variables} freely. To
 * continue at another node, set {@code threads["0"].status} to {@code "running"} and
 * {@code threads["0"].current_node_logical_id} to the node, and drop {@code waiting_node_run_id} and
 * {@code waiting_event} (what {@link #startAt} does), or send {@code start_node_logical_id} with the next turn's
 * input. A fork should also reset {@code llm_token_usage}/{@code llm_latency_stats} (to {@code {}} or null) and
 * put the lineage's total so far into the {@code carried_over_*} fields, which every later turn keeps: a checkpoint
 * then tells the lineage's usage up to its turn by itself, whichever run wrote it. Missing or null fields read as
 * empty; unknown fields are ignored, so later versions may add fields without breaking readers. The key names are
 * {@link CheckpointKeys}, which readers outside the engine read through ({@code CheckpointView}).
 */
public class RunCheckpoint {
  public static final int VERSION = 1;

  @JsonProperty(CheckpointKeys.CHECKPOINT_VERSION)
  public int checkpointVersion = VERSION;
  @JsonProperty(CheckpointKeys.WORKFLOW_RUN_ID)
  public String workflowRunId;
  @JsonProperty(CheckpointKeys.TURN_INDEX)
  public int turnIndex;
  @JsonProperty(CheckpointKeys.STATUS)
  public WorkflowStatus status;
  @JsonProperty(CheckpointKeys.DYNAMIC_VARIABLES)
  public JsonObject dynamicVariables = new JsonObject();
  @JsonProperty(CheckpointKeys.RUNTIME_VARIABLES)
  public JsonObject runtimeVariables = new JsonObject();
  @JsonProperty(CheckpointKeys.THREADS)
  public Map<String, ThreadState> threads = new LinkedHashMap<>();
  @JsonProperty(CheckpointKeys.STATIC_MESSAGE_COUNTERS)
  public Map<String, Integer> staticMessageCounters = new LinkedHashMap<>();
  @JsonProperty(CheckpointKeys.SELF_LOOP_COUNTS)
  public Map<String, Integer> selfLoopCounts = new LinkedHashMap<>();
  @JsonProperty(CheckpointKeys.CONSECUTIVE_CONDITIONAL_HOPS)
  public int consecutiveConditionalHops;
  @JsonProperty(CheckpointKeys.GLOBAL_NODE_RETURN_TO)
  public Map<String, String> globalNodeReturnTo = new LinkedHashMap<>();
  @JsonProperty(CheckpointKeys.GUARDRAIL_STRIKES)
  public int guardrailStrikes;
  @JsonProperty(CheckpointKeys.REVERSE_EDGE_RETURNED_THREADS)
  public Set<String> reverseEdgeReturnedThreads = new LinkedHashSet<>();
  @JsonProperty(CheckpointKeys.LLM_TOKEN_USAGE)
  public LLMTokenUsage llmTokenUsage = new LLMTokenUsage();
  @JsonProperty(CheckpointKeys.LLM_LATENCY_STATS)
  public LLMLatencyStats llmLatencyStats = new LLMLatencyStats();
  @JsonProperty(CheckpointKeys.CARRIED_OVER_LLM_TOKEN_USAGE)
  public LLMTokenUsage carriedOverLlmTokenUsage;
  @JsonProperty(CheckpointKeys.CARRIED_OVER_LLM_LATENCY_STATS)
  public LLMLatencyStats carriedOverLlmLatencyStats;

  public JsonObject toJson() {
    return Json.toJson(this);
  }

  /** Reads a stored checkpoint; fails with {@link IllegalArgumentException} when it is not one this engine reads. */
  public static RunCheckpoint fromJson(JsonObject json) {
    if (json == null) {
      throw new IllegalArgumentException("no checkpoint");
    }
    Object versionField = json.getValue(CheckpointKeys.CHECKPOINT_VERSION);
    int version = versionField instanceof Number number ? number.intValue() : 0;
    if (version < 1 || version > VERSION) {
      throw new IllegalArgumentException(CheckpointKeys.CHECKPOINT_VERSION + " " + version + " is not supported"
          + " (this engine reads 1.." + VERSION + ")");
    }
    RunCheckpoint checkpoint = Json.fromJson(json, RunCheckpoint.class);
    if (checkpoint.threads == null || checkpoint.threads.get(WorkflowRunInput.MAIN_THREAD) == null) {
      throw new IllegalArgumentException("the checkpoint has no main thread \"0\"");
    }
    return checkpoint.withDefaults();
  }

  /** Fills what an edited checkpoint may have left out or set to null. */
  private RunCheckpoint withDefaults() {
    dynamicVariables = dynamicVariables == null ? new JsonObject() : dynamicVariables;
    runtimeVariables = runtimeVariables == null ? new JsonObject() : runtimeVariables;
    staticMessageCounters = staticMessageCounters == null ? new LinkedHashMap<>() : staticMessageCounters;
    selfLoopCounts = selfLoopCounts == null ? new LinkedHashMap<>() : selfLoopCounts;
    globalNodeReturnTo = globalNodeReturnTo == null ? new LinkedHashMap<>() : globalNodeReturnTo;
    reverseEdgeReturnedThreads = reverseEdgeReturnedThreads == null ? new LinkedHashSet<>()
        : reverseEdgeReturnedThreads;
    llmTokenUsage = llmTokenUsage == null ? new LLMTokenUsage() : llmTokenUsage;
    llmLatencyStats = llmLatencyStats == null ? new LLMLatencyStats() : llmLatencyStats;
    threads.values().removeIf(Objects::isNull);
    threads.forEach((id, thread) -> {
      thread.threadId = id;
      thread.status = thread.status == null ? ThreadState.RUNNING : thread.status;
      thread.messages = thread.messages == null ? new ArrayList<>() : thread.messages;
      thread.nodeHistory = thread.nodeHistory == null ? new ArrayList<>() : thread.nodeHistory;
      thread.runtimeVariables = thread.runtimeVariables == null ? new JsonObject() : thread.runtimeVariables;
    });
    return this;
  }

  public RunCheckpoint copy() {
    return fromJson(toJson());
  }

  /** The LLM usage of the whole lineage up to this checkpoint's turn: what was carried over plus this run's own. */
  public LLMTokenUsage lineageTokenUsage() {
    LLMTokenUsage total = new LLMTokenUsage();
    total.add(carriedOverLlmTokenUsage);
    total.add(llmTokenUsage);
    return total;
  }

  /** The LLM latency of the whole lineage up to this checkpoint's turn. */
  public LLMLatencyStats lineageLatencyStats() {
    LLMLatencyStats total = new LLMLatencyStats();
    total.add(carriedOverLlmLatencyStats);
    total.add(llmLatencyStats);
    return total;
  }

  public ThreadState mainThread() {
    return threads.get(WorkflowRunInput.MAIN_THREAD);
  }

  /**
   * Reopens a conversation that had ended (a fork made after its last turn): the main thread waits again at the
   * last node it ran that waits for the user, so the next message is answered there as if that node had just asked.
   * Answers false, changing nothing, when the conversation is still open or no such node is in {@code graph}.
   */
  public boolean reopenAtLastWaitingNode(WorkflowConfigFullyHydrated graph) {
    ThreadState main = mainThread();
    if (main == null || !ThreadState.ENDED.equals(main.status)) {
      return false;
    }
    for (int i = main.nodeHistory.size() - 1; i >= 0; i--) {
      Optional<NodeConfig> node = graph.node(main.nodeHistory.get(i));
      if (node.isPresent() && !node.get().disabled && node.get() instanceof LlmNode llm && llm.waitForUserMessage) {
        main.status = ThreadState.WAITING;
        main.currentNodeLogicalId = llm.logicalId;
        main.waitingNodeRunId = Ids.logicalId("node_run");
        main.waitingEvent = null;
        return true;
      }
    }
    return false;
  }

  /** Makes the main thread continue at {@code nodeLogicalId} with the next turn, keeping its conversation. */
  public RunCheckpoint startAt(String nodeLogicalId) {
    ThreadState main = mainThread();
    main.status = ThreadState.RUNNING;
    main.currentNodeLogicalId = nodeLogicalId;
    main.waitingNodeRunId = null;
    main.waitingEvent = null;
    return this;
  }
}
