package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.GraphResources;
import dev.turnpoint.engine.llm.LlmMessages;
import dev.turnpoint.model.workflow.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompanionThreadsTest {

  private static final String GRAPH = """
      {"workflow_config": {"name": "Companions"},
       "node_configs": [
         {"logical_id": "node_chat", "name": "Chat", "type": "no_op", "is_start": true},
         {"logical_id": "node_extract", "name": "Extract", "type": "no_op"},
         {"logical_id": "node_audit", "name": "Audit", "type": "no_op"},
         {"logical_id": "node_next", "name": "Next", "type": "no_op"}
       ],
       "edge_configs": [
         {"logical_id": "edge_next", "type": "direct", "source_node_logical_id": "node_chat",
          "destination_node_logical_id": "node_next"},
         {"logical_id": "edge_extract", "type": "companion", "source_node_logical_id": "node_chat",
          "destination_node_logical_id": "node_extract"},
         {"logical_id": "edge_audit", "type": "direct", "source_node_logical_id": "node_chat",
          "destination_node_logical_id": "node_audit",
          "companion_thread_config": {"is_companion_thread": true, "thread_id": "audit"}}
       ]}
      """;

  private final GraphIndex graph = new GraphIndex(GraphResources.graph(GRAPH));
  private final RunCheckpoint state = new RunCheckpoint();
  private final TurnJournal journal = new TurnJournal(TurnSizeLimits.DEFAULT.maxTurnOutputBytes());
  private final List<String> walked = new ArrayList<>();
  private final List<Promise<Void>> running = new ArrayList<>();
  private final CompanionThreads companions = new CompanionThreads(graph, state, journal, thread -> {
    walked.add(thread.threadId + "@" + thread.currentNodeLogicalId);
    Promise<Void> end = Promise.promise();
    running.add(end);
    return end.future().onSuccess(v -> thread.status = ThreadState.ENDED);
  });

  @Test
  void eachCompanionEdgeRunsItsThreadToTheEndBeforeTheNextStarts() {
    ThreadState main = ThreadState.main("node_chat");
    main.messages.add(LlmMessages.human("hello"));
    state.threads.put(main.threadId, main);
    NodeConfig chat = graph.requireNode("node_chat");

    Future<Void> done = companions.runAfter(main, chat, "node_run_1");
    assertThat(walked).containsExactly("0_companion_edge_extract@node_extract");
    running.get(0).complete();
    assertThat(walked).containsExactly("0_companion_edge_extract@node_extract", "0_companion_audit@node_audit");
    assertThat(done.isComplete()).isFalse();
    running.get(1).complete();
    assertThat(done.succeeded()).isTrue();

    ThreadState extract = state.threads.get("0_companion_edge_extract");
    assertThat(extract.parentThreadId).isEqualTo("0");
    assertThat(extract.companionEdgeLogicalId).isEqualTo("edge_extract");
    assertThat(extract.sourceNodeLogicalId).isEqualTo("node_chat");
    assertThat(extract.runCount).isEqualTo(1);
    assertThat(extract.messages).containsExactly(LlmMessages.human("hello"));
    assertThat(extract.messages.get(0)).isNotSameAs(main.messages.get(0));
    assertThat(journal.runOutput().events).extracting(e -> e.getString("type") + ":" + e.getString("edge_logical_id")
        + "->" + e.getString("companion_thread_id"))
        .containsExactly("companion_edge:edge_extract->0_companion_edge_extract",
            "companion_edge:edge_audit->0_companion_audit");
    assertThat(journal.runOutput().events).allSatisfy(e -> {
      assertThat(e.getString("origin_thread_id")).isEqualTo("0");
      assertThat(e.getString("origin_node_run_id")).isEqualTo("node_run_1");
    });
  }

  @Test
  void aCompanionThreadRunsAgainKeepingWhatItWroteButWithTheParentsLatestMessages() {
    ThreadState main = ThreadState.main("node_chat");
    state.threads.put(main.threadId, main);
    NodeConfig chat = graph.requireNode("node_chat");
    companions.runAfter(main, chat, "node_run_1");
    finishAll();
    ThreadState audit = state.threads.get("0_companion_audit");
    audit.runtimeVariables.put("checked", true);
    audit.currentNodeLogicalId = "node_next";

    main.messages.add(LlmMessages.ai("how can I help?"));
    companions.runAfter(main, chat, "node_run_2");
    finishAll();

    assertThat(state.threads.get("0_companion_audit")).isSameAs(audit);
    assertThat(audit.runCount).isEqualTo(2);
    assertThat(audit.runtimeVariables).isEqualTo(new JsonObject().put("checked", true));
    assertThat(audit.messages).containsExactly(LlmMessages.ai("how can I help?"));
    assertThat(walked).endsWith("0_companion_audit@node_audit");
  }

  /** Ends every companion walk, including those that start because an earlier one ended. */
  private void finishAll() {
    for (int i = 0; i < running.size(); i++) {
      running.get(i).tryComplete();
    }
  }

  @Test
  void onlyCompanionEdgesAndFlaggedDirectEdgesStartCompanions() {
    NodeConfig chat = graph.requireNode("node_chat");
    assertThat(graph.outgoing(chat)).filteredOn(CompanionThreads::startsCompanion).extracting(edge -> edge.logicalId)
        .containsExactly("edge_extract", "edge_audit");
  }
}
