package dev.turnpoint.persistence;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.model.run.WorkflowRunOutput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.LeaseRequest;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.TurnCommit;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Runs and turns for store tests: each turn's user message, reply and checkpoint are derived from one text. */
public final class TestRuns {

  public static final long LEASE_MILLIS = 30_000;

  private TestRuns() {
  }

  public static WorkflowRun newRun(String workflowId) {
    WorkflowRun run = new WorkflowRun();
    run.workflowId = workflowId;
    run.runBy = "alice";
    return run;
  }

  /** The turn {@code turnIndex} saying {@code message}, leaving the run waiting for the next message. */
  public static TurnCommit turn(String leaseToken, int turnIndex, String message) {
    WorkflowRunInputOutputPair pair = new WorkflowRunInputOutputPair();
    pair.runInput = WorkflowRunInput.of(turnIndex == 0 ? RunCommand.START : RunCommand.DATA, message);
    pair.runOutput = new WorkflowRunOutput();
    pair.runOutput.events.add(new JsonObject().put("type", "say").put("text", "reply to " + message));
    LLMTokenUsage usage = new LLMTokenUsage();
    usage.record("model-a", "provider-a", 10L * (turnIndex + 1), 5, true);
    return new TurnCommit(leaseToken, turnIndex, pair, checkpointAfter(message), WorkflowStatus.WAITING_FOR_USER_INPUT,
        null, usage, null, turnIndex == 0 ? TestGraphs.graph("Pinned") : null, turnIndex == 0 ? 4 : null,
        turnIndex == 0 ? "Pinned version" : null);
  }

  public static JsonObject checkpointAfter(String message) {
    return new JsonObject().put("said", message).put("variables", new JsonObject().put("last", message));
  }

  /** A lease of {@link #LEASE_MILLIS} under {@code token} for a caller that holds nothing of the run. */
  public static LeaseRequest lease(String token) {
    return LeaseRequest.holdingNothing(token, LEASE_MILLIS);
  }

  /** Plays one turn per message, each taking and committing the lease; answers the run's header afterwards. */
  public static RunRecord play(RunStore store, String teamId, RunRecord run, List<String> messages) {
    int turnCount = run.turnCount();
    for (String message : messages) {
      String token = Ids.randomToken(8);
      store.beginTurn(teamId, run.runId(), lease(token)).await();
      turnCount = store.commitTurn(teamId, run.runId(), turn(token, turnCount, message)).await().turnCount();
    }
    return messages.isEmpty() ? run : store.getRunHeader(teamId, run.runId()).await();
  }

  /** The user message of each pair, in order. */
  public static List<String> messagesOf(RunRecord run) {
    return run.document().workflowRun.inputOutputPairs.stream()
        .map(pair -> pair.runInput.userMessages().get(0))
        .toList();
  }
}
