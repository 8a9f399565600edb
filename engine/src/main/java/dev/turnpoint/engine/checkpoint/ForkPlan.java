package dev.turnpoint.engine.checkpoint;

import dev.turnpoint.engine.turn.RunCheckpoint;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.run.LLMLatencyStats;
import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.checkpoint.CheckpointRunRequest;
import dev.turnpoint.service.checkpoint.CheckpointWarning;
import dev.turnpoint.service.checkpoint.ThreadPosition;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Everything a checkpoint run needs, worked out from the request before anything is written.
 *
 * @param request          the request, {@code reason} normalized (stripped, blank as null)
 * @param source           the source run's header
 * @param checkpoint       the state the new run resumes from: the source's after the turn, usage moved to the
 *                         carried-over fields, overrides merged, the start node applied
 * @param graph            the graph the new run runs on
 * @param versionNumber    its version
 * @param versionName      its version's name
 * @param threads          where each thread stands in {@code checkpoint}
 * @param laterTurns       the source's turns after the checkpoint, when they were read (else null)
 * @param warnings         what a preview reports; the blocking ones make the fork fail
 */
record ForkPlan(CheckpointRunRequest request, RunRecord source, RunCheckpoint checkpoint,
                WorkflowConfigFullyHydrated graph, Integer versionNumber, String versionName,
                List<ThreadPosition> threads, List<WorkflowRunInputOutputPair> laterTurns,
                List<CheckpointWarning> warnings) {

  static final String REASON_KEY = "checkpoint_reason";

  WorkflowRun sourceRun() {
    return source.document().workflowRun;
  }

  int resumeTurnIndex() {
    return request.resumeTurnIndex();
  }

  boolean versionChanged() {
    return request.versionNumber() != null;
  }

  List<CheckpointWarning> blockingWarnings() {
    return warnings.stream().filter(CheckpointWarning::blocksFork).toList();
  }

  LLMTokenUsage carriedOverTokenUsage() {
    return Json.copy(checkpoint.carriedOverLlmTokenUsage, LLMTokenUsage.class);
  }

  LLMLatencyStats carriedOverLatencyStats() {
    return Json.copy(checkpoint.carriedOverLlmLatencyStats, LLMLatencyStats.class);
  }

  /**
   * The new run's header: a fresh logical id, {@code started}, run by the caller, on the planned graph, with the
   * lineage's usage so far carried over and its own usage at zero. The store sets its id and lineage fields.
   */
  WorkflowRun newRun(String userId) {
    WorkflowRun run = new WorkflowRun();
    run.workflowId = sourceRun().workflowId;
    run.versionNumber = versionNumber;
    run.versionName = versionName;
    run.status = WorkflowStatus.STARTED;
    run.runBy = userId;
    run.workflowConfigFullyHydrated = graph;
    run.llmTokenUsage = new LLMTokenUsage();
    run.llmLatencyStats = new LLMLatencyStats();
    run.carriedOverLlmTokenUsage = carriedOverTokenUsage();
    run.carriedOverLlmLatencyStats = carriedOverLatencyStats();
    run.isEvaluationRun = false;
    if (request.reason() != null) {
      run.miscellaneous = new JsonObject().put(REASON_KEY, request.reason());
    }
    return run;
  }
}
