package dev.turnpoint.model.turn;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointViewTest {

  /** A checkpoint as the engine stores it after a turn that waits for the user, with a companion thread. */
  private static final JsonObject WAITING = new JsonObject("""
      {"checkpoint_version": 1, "workflow_run_id": "66f0c0ffee0000000000000a", "turn_index": 2,
       "status": "waiting_for_user_input",
       "dynamic_variables": {"clinic_name": "Harbour Clinic"},
       "runtime_variables": {"full_name": "Ada Lovelace"},
       "threads": {
         "0": {"thread_id": "0", "status": "waiting", "current_node_logical_id": "node_ask",
               "waiting_node_run_id": "node_run_1", "node_history": ["node_welcome", "node_ask"],
               "messages": [{"type": "ai", "content": "Hello"}], "parent_thread_id": null},
         "0_companion_edge_note": {"status": "ended", "current_node_logical_id": "node_extract",
               "parent_thread_id": "0", "run_count": 3}
       }}
      """);

  @Test
  void readsVariablesThreadsAndTheWaitingNode() {
    CheckpointView checkpoint = CheckpointView.of(WAITING);

    assertThat(checkpoint.isPresent()).isTrue();
    assertThat(checkpoint.version()).isEqualTo(1);
    assertThat(checkpoint.runId()).isEqualTo("66f0c0ffee0000000000000a");
    assertThat(checkpoint.turnIndex()).isEqualTo(2);
    assertThat(checkpoint.status()).isEqualTo("waiting_for_user_input");
    assertThat(checkpoint.dynamicVariables()).isEqualTo(new JsonObject().put("clinic_name", "Harbour Clinic"));
    assertThat(checkpoint.runtimeVariables()).isEqualTo(new JsonObject().put("full_name", "Ada Lovelace"));
    assertThat(checkpoint.threads()).containsExactly(
        new CheckpointThread("0", CheckpointThread.WAITING, "node_ask", "node_run_1", null,
            List.of("node_welcome", "node_ask")),
        new CheckpointThread("0_companion_edge_note", CheckpointThread.ENDED, "node_extract", null, "0", List.of()));
    assertThat(checkpoint.mainThread()).get().matches(CheckpointThread::isMain).matches(CheckpointThread::isWaiting);
    assertThat(checkpoint.threads().get(1).isCompanion()).isTrue();
    assertThat(checkpoint.threads().get(1).isEnded()).isTrue();
    assertThat(checkpoint.waitingNodeLogicalId()).isEqualTo("node_ask");
  }

  @Test
  void aConversationThatRunsOrEndedWaitsNowhere() {
    JsonObject running = WAITING.copy();
    running.getJsonObject("threads").getJsonObject("0").remove("status");

    CheckpointView view = CheckpointView.of(running);

    assertThat(view.mainThread()).get().extracting(CheckpointThread::status).isEqualTo(CheckpointThread.RUNNING);
    assertThat(view.waitingNodeLogicalId()).isNull();
  }

  @Test
  void missingOrMistypedFieldsReadAsEmpty() {
    CheckpointView none = CheckpointView.of(null);
    CheckpointView odd = CheckpointView.of(new JsonObject().put("runtime_variables", new JsonArray())
        .put("threads", new JsonObject().put("0", "not a thread")).put("turn_index", "two"));

    for (CheckpointView view : List.of(none, odd)) {
      assertThat(view.runtimeVariables()).isEqualTo(new JsonObject());
      assertThat(view.dynamicVariables()).isEqualTo(new JsonObject());
      assertThat(view.threads()).isEmpty();
      assertThat(view.mainThread()).isEmpty();
      assertThat(view.waitingNodeLogicalId()).isNull();
      assertThat(view.turnIndex()).isNull();
      assertThat(view.version()).isZero();
    }
    assertThat(none.isPresent()).isFalse();
    assertThat(none.json()).isNull();
  }

  @Test
  void theKeysOfTheCheckpointAreDistinctAndSoAreThoseOfAThread() throws IllegalAccessException {
    List<String> checkpoint = new ArrayList<>();
    List<String> thread = new ArrayList<>();
    boolean threadKeys = false;
    for (Field field : CheckpointKeys.class.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class) {
        continue;
      }
      threadKeys |= field.getName().equals("THREAD_ID");
      (threadKeys ? thread : checkpoint).add((String) field.get(null));
    }

    assertThat(checkpoint).doesNotHaveDuplicates().hasSize(17).containsAll(WAITING.fieldNames());
    assertThat(thread).doesNotHaveDuplicates().hasSize(12)
        .containsAll(WAITING.getJsonObject("threads").getJsonObject("0").fieldNames());
  }
}
