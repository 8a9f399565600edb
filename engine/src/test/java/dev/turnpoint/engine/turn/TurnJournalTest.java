package dev.turnpoint.engine.turn;

import dev.turnpoint.model.run.WorkflowRunOutput;
import dev.turnpoint.model.turn.TurnEventType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TurnJournalTest {

  @Test
  void eventsOfEveryThreadStayInTheOrderTheyWereRecorded() {
    TurnJournal journal = new TurnJournal(TurnSizeLimits.DEFAULT.maxTurnOutputBytes());
    journal.record(TurnEvents.workflowEvent(TurnEventType.START_WORKFLOW, "0"));
    journal.record(TurnEvents.workflowEvent(TurnEventType.START_NODE_RUN, "0_companion_extract"));
    journal.record(TurnEvents.workflowEvent(TurnEventType.END_WORKFLOW_ITERATION, "0"));

    assertThat(journal.runOutput().events)
        .extracting(e -> e.getString("type") + "@" + e.getString("origin_thread_id"))
        .containsExactly("start_workflow@0", "start_node_run@0_companion_extract", "end_workflow_iteration@0");
  }

  @Test
  void nodeOutputsAreGroupedByThreadInTheOrderThreadsFirstRan() {
    TurnJournal journal = new TurnJournal(TurnSizeLimits.DEFAULT.maxTurnOutputBytes());
    journal.recordNodeOutput("0", new JsonObject().put("node_logical_id", "node_greet"));
    journal.recordNodeOutput("0_companion_extract", new JsonObject().put("node_logical_id", "node_extract"));
    journal.recordNodeOutput("0", new JsonObject().put("node_logical_id", "node_intake"));

    WorkflowRunOutput output = journal.runOutput();
    assertThat(output.threadToNodeOutputs.keySet()).containsExactly("0", "0_companion_extract");
    assertThat(output.threadToNodeOutputs.get("0")).extracting(o -> o.getString("node_logical_id"))
        .containsExactly("node_greet", "node_intake");
    assertThat(output.events).isEmpty();
  }
}
