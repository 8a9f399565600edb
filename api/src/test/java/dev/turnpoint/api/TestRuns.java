package dev.turnpoint.api;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.model.run.WorkflowRunOutput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.service.LeaseRequest;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.TurnCommit;
import io.vertx.core.json.JsonObject;

/** Runs written straight into the run store, for routes that read runs without executing any. */
final class TestRuns {

  /** The provider key stored in every pinned graph, which no answer may reveal. */
  static final String PROVIDER_KEY = "sk-pinned-provider-key";

  private TestRuns() {
  }

  /** A run of {@code workflowId} with {@code turns} turns that ends in {@code status}. */
  static RunRecord run(RunStore runs, String teamId, String workflowId, int turns, WorkflowStatus status) {
    return run(runs, teamId, workflowId, turns, status, "");
  }

  /** Like {@link #run(RunStore, String, String, int, WorkflowStatus)}, each user message followed by {@code filler}. */
  static RunRecord run(RunStore runs, String teamId, String workflowId, int turns, WorkflowStatus status,
                       String filler) {
    WorkflowRun header = new WorkflowRun();
    header.workflowId = workflowId;
    header.runBy = "tester";
    RunRecord run = runs.createRun(teamId, "tester", header).await();
    for (int turn = 0; turn < turns; turn++) {
      String lease = Ids.randomToken(8);
      runs.beginTurn(teamId, run.runId(), LeaseRequest.holdingNothing(lease, 30_000)).await();
      WorkflowStatus after = turn == turns - 1 ? status : WorkflowStatus.WAITING_FOR_USER_INPUT;
      runs.commitTurn(teamId, run.runId(), new TurnCommit(lease, turn, pair("message " + turn + filler),
          new JsonObject().put("after", turn), after, null, null, null, turn == 0 ? pinnedGraph() : null,
          turn == 0 ? 0 : null, turn == 0 ? "Initial Version" : null)).await();
    }
    return runs.getRunHeader(teamId, run.runId()).await();
  }

  private static WorkflowRunInputOutputPair pair(String message) {
    WorkflowRunInputOutputPair pair = new WorkflowRunInputOutputPair();
    pair.runInput = WorkflowRunInput.of(RunCommand.START, message);
    pair.runOutput = new WorkflowRunOutput();
    pair.runOutput.events.add(new JsonObject().put("type", "assistant_response").put("content", "re: " + message));
    return pair;
  }

  private static WorkflowConfigFullyHydrated pinnedGraph() {
    JsonObject graph = TestGraphs.graph("Pinned");
    graph.getJsonObject("workflow_config").put("llms_config", new JsonObject().put("type", "openai_llm")
        .put("model", "gpt-test").put("api_key", PROVIDER_KEY));
    return Json.fromJson(graph, WorkflowConfigFullyHydrated.class);
  }
}
