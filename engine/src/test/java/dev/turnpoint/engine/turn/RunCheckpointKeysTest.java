package dev.turnpoint.engine.turn;

import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.turn.CheckpointKeys;
import dev.turnpoint.model.turn.CheckpointThread;
import dev.turnpoint.model.turn.CheckpointView;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The checkpoint the engine writes has exactly the keys the shared vocabulary names, and reads back through it. */
class RunCheckpointKeysTest {

  @Test
  void aCheckpointIsWrittenWithTheSharedKeyNames() {
    JsonObject json = waitingCheckpoint().toJson();

    assertThat(json.fieldNames()).containsExactlyInAnyOrder(CheckpointKeys.CHECKPOINT_VERSION,
        CheckpointKeys.WORKFLOW_RUN_ID, CheckpointKeys.TURN_INDEX, CheckpointKeys.STATUS,
        CheckpointKeys.DYNAMIC_VARIABLES, CheckpointKeys.RUNTIME_VARIABLES, CheckpointKeys.THREADS,
        CheckpointKeys.STATIC_MESSAGE_COUNTERS, CheckpointKeys.SELF_LOOP_COUNTS,
        CheckpointKeys.CONSECUTIVE_CONDITIONAL_HOPS, CheckpointKeys.GLOBAL_NODE_RETURN_TO,
        CheckpointKeys.GUARDRAIL_STRIKES, CheckpointKeys.REVERSE_EDGE_RETURNED_THREADS,
        CheckpointKeys.LLM_TOKEN_USAGE, CheckpointKeys.LLM_LATENCY_STATS, CheckpointKeys.CARRIED_OVER_LLM_TOKEN_USAGE,
        CheckpointKeys.CARRIED_OVER_LLM_LATENCY_STATS);
    assertThat(json.getJsonObject(CheckpointKeys.THREADS).getJsonObject("0").fieldNames())
        .containsExactlyInAnyOrder(CheckpointKeys.THREAD_ID, CheckpointKeys.THREAD_STATUS,
            CheckpointKeys.CURRENT_NODE_LOGICAL_ID, CheckpointKeys.WAITING_NODE_RUN_ID, CheckpointKeys.WAITING_EVENT,
            CheckpointKeys.MESSAGES, CheckpointKeys.NODE_HISTORY, CheckpointKeys.THREAD_RUNTIME_VARIABLES,
            CheckpointKeys.PARENT_THREAD_ID, CheckpointKeys.COMPANION_EDGE_LOGICAL_ID,
            CheckpointKeys.SOURCE_NODE_LOGICAL_ID, CheckpointKeys.RUN_COUNT);
  }

  @Test
  void threadStatusesAreTheSharedOnes() {
    assertThat(List.of(ThreadState.RUNNING, ThreadState.WAITING, ThreadState.ENDED))
        .containsExactly(CheckpointThread.RUNNING, CheckpointThread.WAITING, CheckpointThread.ENDED);
  }

  @Test
  void theSharedViewReadsWhatTheEngineWrote() {
    RunCheckpoint checkpoint = waitingCheckpoint();

    CheckpointView view = CheckpointView.of(checkpoint.toJson());

    assertThat(view.version()).isEqualTo(RunCheckpoint.VERSION);
    assertThat(view.runId()).isEqualTo(checkpoint.workflowRunId);
    assertThat(view.turnIndex()).isEqualTo(3);
    assertThat(view.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT.wire());
    assertThat(view.runtimeVariables()).isEqualTo(new JsonObject().put("full_name", "Ada Lovelace"));
    assertThat(view.dynamicVariables()).isEqualTo(new JsonObject().put("clinic_name", "Harbour Clinic"));
    assertThat(view.waitingNodeLogicalId()).isEqualTo("node_ask");
    assertThat(view.mainThread()).get().extracting(CheckpointThread::nodeHistory)
        .isEqualTo(List.of("node_welcome", "node_ask"));
    assertThat(RunCheckpoint.fromJson(checkpoint.toJson()).toJson()).isEqualTo(checkpoint.toJson());
  }

  private static RunCheckpoint waitingCheckpoint() {
    RunCheckpoint checkpoint = new RunCheckpoint();
    checkpoint.workflowRunId = "66f0c0ffee0000000000000a";
    checkpoint.turnIndex = 3;
    checkpoint.status = WorkflowStatus.WAITING_FOR_USER_INPUT;
    checkpoint.dynamicVariables.put("clinic_name", "Harbour Clinic");
    checkpoint.runtimeVariables.put("full_name", "Ada Lovelace");
    ThreadState main = ThreadState.main("node_ask");
    main.status = ThreadState.WAITING;
    main.waitingNodeRunId = "node_run_1";
    main.nodeHistory.addAll(List.of("node_welcome", "node_ask"));
    checkpoint.threads.put(main.threadId, main);
    return checkpoint;
  }
}
