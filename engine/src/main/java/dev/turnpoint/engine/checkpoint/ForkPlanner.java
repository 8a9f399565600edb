package dev.turnpoint.engine.checkpoint;

import dev.turnpoint.engine.turn.BuiltinVariables;
import dev.turnpoint.engine.turn.RunCheckpoint;
import dev.turnpoint.engine.turn.ThreadState;
import dev.turnpoint.model.Ids;
import dev.turnpoint.model.run.LLMLatencyStats;
import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.service.CheckpointService;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.WorkflowStore;
import dev.turnpoint.service.checkpoint.CheckpointRunRequest;
import dev.turnpoint.service.checkpoint.CheckpointWarning;
import dev.turnpoint.service.checkpoint.ThreadPosition;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Works out a {@link ForkPlan}. Reads only the source's header, the checkpoint the source continued from after the
 * turn ({@link RunStore#getCheckpoint}) and, when asked, the target version and the source's turns (for a replay or a
 * preview), so planning a fork of a run of a thousand turns costs what planning one of a single turn does.
 */
final class ForkPlanner {

  private final WorkflowStore workflows;
  private final RunStore runs;

  ForkPlanner(WorkflowStore workflows, RunStore runs) {
    this.workflows = workflows;
    this.runs = runs;
  }

  /** Checks what needs no store, and answers the request with its reason normalized. */
  static CheckpointRunRequest validated(String teamId, CheckpointRunRequest request) {
    if (teamId == null || teamId.isBlank()) {
      throw ServiceException.invalid("team id is required");
    }
    if (request == null) {
      throw ServiceException.invalid("a checkpoint run request is required");
    }
    if (!Ids.isObjectId(request.workflowId())) {
      throw ServiceException.invalid("workflow id must be 24 lower-case hex digits");
    }
    if (!Ids.isObjectId(request.sourceRunId())) {
      throw ServiceException.invalid("run id must be 24 lower-case hex digits");
    }
    if (request.resumeTurnIndex() < 0) {
      throw ServiceException.invalid("resume_turn_index must not be negative");
    }
    if (request.versionNumber() != null && request.versionNumber() < 0) {
      throw ServiceException.invalid("version_number must not be negative");
    }
    if (request.startNodeLogicalId() != null && request.startNodeLogicalId().isBlank()) {
      throw ServiceException.invalid("start_node_logical_id must not be blank");
    }
    String key = request.idempotencyKey();
    if (key != null && (key.isBlank() || key.length() > CheckpointRunRequest.IDEMPOTENCY_KEY_MAX_LENGTH)) {
      throw ServiceException.invalid("an idempotency key has 1 to "
          + CheckpointRunRequest.IDEMPOTENCY_KEY_MAX_LENGTH + " characters");
    }
    String reason = request.reason() == null || request.reason().isBlank() ? null : request.reason().strip();
    if (reason != null && reason.length() > CheckpointRunRequest.REASON_MAX_LENGTH) {
      throw ServiceException.invalid("reason must have at most " + CheckpointRunRequest.REASON_MAX_LENGTH
          + " characters");
    }
    return new CheckpointRunRequest(request.workflowId(), request.sourceRunId(), request.resumeTurnIndex(),
        request.startNodeLogicalId(), request.versionNumber(), request.dynamicVariables(), request.runtimeVariables(),
        reason, request.replayInputs(), key);
  }

  /**
   * Plans a fork. NOT_FOUND for a missing workflow or source (or a source of another workflow), INVALID for a source
   * without a config snapshot or a checkpoint this engine cannot resume, OUT_OF_RANGE for a turn the source lacks.
   *
   * @param readLaterTurns also read the source's turns after the checkpoint
   */
  Future<ForkPlan> plan(String teamId, CheckpointRunRequest request, boolean readLaterTurns) {
    Future<RunRecord> source = runs.getRunHeader(teamId, request.sourceRunId());
    Future<?> workflowExists = workflows.getWorkflow(teamId, request.workflowId());
    return Future.all(source, workflowExists)
        .compose(found -> checkSource(request, source.result()))
        .compose(checked -> {
          Future<JsonObject> checkpoint = runs.getCheckpoint(teamId, checked.runId(), request.resumeTurnIndex());
          Future<Target> target = target(teamId, request, checked);
          Future<List<WorkflowRunInputOutputPair>> later = readLaterTurns
              ? laterTurns(teamId, request, checked) : Future.succeededFuture();
          return Future.all(checkpoint, target, later).map(read -> build(request, checked,
              resumable(checkpoint.result(), request), target.result(), later.result()));
        });
  }

  private static Future<RunRecord> checkSource(CheckpointRunRequest request, RunRecord source) {
    WorkflowRun run = source.document().workflowRun;
    if (!request.workflowId().equals(run.workflowId)) {
      return Future.failedFuture(ServiceException.notFound("run " + request.sourceRunId() + " not found for workflow "
          + request.workflowId()));
    }
    if (run.workflowConfigFullyHydrated == null) {
      return Future.failedFuture(ServiceException.invalid("run " + request.sourceRunId() + " has no stored workflow"
          + " config snapshot (it never completed a turn), so it has no checkpoint to resume from"));
    }
    if (request.resumeTurnIndex() >= source.turnCount()) {
      return Future.failedFuture(ServiceException.outOfRange("run " + request.sourceRunId() + " has "
          + source.turnCount() + " turns; resume_turn_index must be between 0 and " + (source.turnCount() - 1)));
    }
    return Future.succeededFuture(source);
  }

  private record Target(WorkflowConfigFullyHydrated graph, Integer versionNumber, String versionName) {
  }

  private Future<Target> target(String teamId, CheckpointRunRequest request, RunRecord source) {
    WorkflowRun run = source.document().workflowRun;
    if (request.versionNumber() == null) {
      return Future.succeededFuture(new Target(run.workflowConfigFullyHydrated, run.versionNumber, run.versionName));
    }
    return workflows.getVersion(teamId, request.workflowId(), request.versionNumber())
        .map(version -> new Target(version.hydrated(), version.versionNumber, version.versionName));
  }

  private Future<List<WorkflowRunInputOutputPair>> laterTurns(String teamId, CheckpointRunRequest request,
                                                              RunRecord source) {
    if (request.resumeTurnIndex() + 1 >= source.turnCount()) {
      return Future.succeededFuture(List.of());
    }
    return runs.getRun(teamId, request.sourceRunId()).map(full -> {
      List<WorkflowRunInputOutputPair> pairs = full.document().workflowRun.inputOutputPairs;
      return List.copyOf(pairs.subList(Math.min(request.resumeTurnIndex() + 1, pairs.size()), pairs.size()));
    });
  }

  private static RunCheckpoint resumable(JsonObject stored, CheckpointRunRequest request) {
    try {
      return RunCheckpoint.fromJson(stored);
    } catch (IllegalArgumentException e) {
      throw ServiceException.invalid("the checkpoint after turn " + request.resumeTurnIndex() + " of run "
          + request.sourceRunId() + " cannot be resumed: " + e.getMessage());
    }
  }

  private static ForkPlan build(CheckpointRunRequest request, RunRecord source, RunCheckpoint checkpoint,
                                Target target, List<WorkflowRunInputOutputPair> laterTurns) {
    List<CheckpointWarning> warnings = new ArrayList<>();
    carryOverUsage(checkpoint);
    unknownVariables(request, checkpoint).ifPresent(warnings::add);
    mergeInto(checkpoint.dynamicVariables, request.dynamicVariables());
    mergeInto(checkpoint.runtimeVariables, request.runtimeVariables());
    String startNode = request.startNodeLogicalId();
    if (startNode != null) {
      if (runnable(target.graph(), startNode)) {
        checkpoint.startAt(startNode);
      } else {
        warnings.add(new CheckpointWarning(CheckpointWarning.UNKNOWN_START_NODE, "start_node_logical_id '"
            + startNode + "' is not an enabled node of the graph the new run would run on", List.of(startNode),
            true));
      }
    }
    List<ThreadPosition> threads = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, ThreadState> entry : checkpoint.threads.entrySet()) {
      ThreadState thread = entry.getValue();
      boolean ended = ThreadState.ENDED.equals(thread.status);
      boolean present = ended || runnable(target.graph(), thread.currentNodeLogicalId);
      threads.add(new ThreadPosition(entry.getKey(), thread.status, thread.currentNodeLogicalId, present));
      if (!present) {
        missing.add(thread.currentNodeLogicalId + " (thread " + entry.getKey() + ")");
      }
    }
    if (!missing.isEmpty()) {
      warnings.add(new CheckpointWarning(CheckpointWarning.MISSING_NODES, "the graph the new run would run on (version "
          + target.versionNumber() + ") lacks nodes the checkpoint is at: " + String.join(", ", missing)
          + "; name start_node_logical_id to continue elsewhere",
          threads.stream().filter(t -> !t.inTargetGraph()).map(ThreadPosition::nodeLogicalId).toList(), true));
    }
    if (ThreadState.ENDED.equals(checkpoint.mainThread().status)) {
      warnings.add(new CheckpointWarning(CheckpointWarning.CONVERSATION_ENDED, "the conversation had ended after"
          + " turn " + request.resumeTurnIndex() + "; the next message goes to the last node that waited for the"
          + " user, or to start_node_logical_id when one is given", List.of(), false));
    }
    int later = source.turnCount() - request.resumeTurnIndex() - 1;
    if (request.replayInputs() && later > CheckpointService.MAX_REPLAYED_TURNS) {
      warnings.add(new CheckpointWarning(CheckpointWarning.TOO_MANY_REPLAY_INPUTS, "a replay sends at most "
          + CheckpointService.MAX_REPLAYED_TURNS + " inputs; the source has " + later + " after turn "
          + request.resumeTurnIndex(), List.of(), true));
    }
    return new ForkPlan(request, source, checkpoint, target.graph(), target.versionNumber(), target.versionName(),
        List.copyOf(threads), laterTurns, List.copyOf(warnings));
  }

  /** The lineage's usage so far becomes the carried-over part; the new run's own usage starts at zero. */
  private static void carryOverUsage(RunCheckpoint checkpoint) {
    LLMTokenUsage tokens = checkpoint.lineageTokenUsage();
    LLMLatencyStats latency = checkpoint.lineageLatencyStats();
    checkpoint.carriedOverLlmTokenUsage = tokens;
    checkpoint.carriedOverLlmLatencyStats = latency;
    checkpoint.llmTokenUsage = new LLMTokenUsage();
    checkpoint.llmLatencyStats = new LLMLatencyStats();
  }

  private static Optional<CheckpointWarning> unknownVariables(CheckpointRunRequest request,
                                                              RunCheckpoint checkpoint) {
    List<String> unknown = new ArrayList<>();
    if (request.dynamicVariables() != null) {
      request.dynamicVariables().fieldNames().stream()
          .filter(name -> !checkpoint.dynamicVariables.containsKey(name) && !BuiltinVariables.NAMES.contains(name))
          .sorted().forEach(name -> unknown.add("{{" + name + "}}"));
    }
    if (request.runtimeVariables() != null) {
      request.runtimeVariables().fieldNames().stream()
          .filter(name -> !checkpoint.runtimeVariables.containsKey(name))
          .sorted().forEach(name -> unknown.add("[[" + name + "]]"));
    }
    if (unknown.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new CheckpointWarning(CheckpointWarning.UNKNOWN_VARIABLES, "the run had not set "
        + String.join(", ", unknown) + " by turn " + request.resumeTurnIndex() + "; the override adds "
        + (unknown.size() == 1 ? "it" : "them"), List.copyOf(unknown), false));
  }

  private static boolean runnable(WorkflowConfigFullyHydrated graph, String nodeLogicalId) {
    return nodeLogicalId != null && graph.node(nodeLogicalId).filter(node -> !node.disabled).isPresent();
  }

  private static void mergeInto(JsonObject target, JsonObject overrides) {
    if (overrides != null) {
      target.mergeIn(overrides.copy());
    }
  }
}
