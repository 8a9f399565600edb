package dev.turnpoint.service;

import dev.turnpoint.service.checkpoint.CheckpointPreview;
import dev.turnpoint.service.checkpoint.CheckpointRun;
import dev.turnpoint.service.checkpoint.CheckpointRunRequest;
import dev.turnpoint.service.checkpoint.RunDiff;
import dev.turnpoint.service.checkpoint.RunLineage;
import io.vertx.core.Future;

/**
 * Checkpoint runs ("Execute Checkpoint Run", spec §2.1): a new run that starts from the checkpoint after a turn of an
 * existing run, plus what helps to use them: a preview, a run's lineage and a turn-by-turn diff of two runs. Served
 * by the engine at {@link Addresses#CHECKPOINTS}; reach it with
 * {@code ServiceProxies.client(vertx, CheckpointService.class, Addresses.CHECKPOINTS)}.
 *
 * <p>Every call is scoped to {@code teamId}: another team's run or workflow fails with {@link FailureCode#NOT_FOUND},
 * exactly as a missing one does. Failures: {@link FailureCode#INVALID} for malformed requests and forks that cannot
 * resume (no config snapshot on the source, an unknown start node, active nodes the target version lacks, too many
 * inputs to replay), {@link FailureCode#OUT_OF_RANGE} for a turn index the source does not have,
 * {@link FailureCode#CONFLICT} for an idempotency key already used with another request.
 *
 * <p>What a fork carries: the source's turns {@code 0..resume_turn_index} (shared with the source, not copied), the
 * checkpoint after that turn (variables, per-thread history and position, loop counters) with the request's
 * overrides merged in, the source's pinned graph (or the requested version's), and as carried-over usage the LLM
 * usage of turns {@code 0..resume_turn_index} along the whole lineage. Its own {@code llm_token_usage} starts at
 * zero, its first own turn gets index {@code resume_turn_index + 1}, and its next turn behaves exactly as the
 * source's next turn would have with the same input. Creating one publishes {@link RunEvents#runForked} at
 * {@link Addresses#EVENT_RUN_FORKED}.
 */
public interface CheckpointService {

  /** The most later inputs a fork replays in one request ({@link CheckpointRunRequest#replayInputs()}). */
  int MAX_REPLAYED_TURNS = 100;

  /**
   * Creates a checkpoint run. With {@code request.replayInputs()} the source's user inputs after the checkpoint are
   * then sent to the new run turn by turn, until they run out or the run ends; the answer is the run after that. With
   * {@code request.idempotencyKey()} a repeat of the same request answers the run made the first time (as it stands
   * now: {@code created} false, nothing replayed again) and a different request with the same key is a CONFLICT.
   *
   * @param userId who forks; becomes the new run's {@code run_by} and {@code created_by}
   */
  Future<CheckpointRun> executeCheckpointRun(String teamId, String userId, CheckpointRunRequest request);

  /**
   * What {@link #executeCheckpointRun} would create for the same request, creating nothing: the state carried over,
   * the inputs a replay would send, and warnings (those that would make the fork fail are marked
   * {@code blocks_fork}). NOT_FOUND/OUT_OF_RANGE/INVALID as the fork for what cannot be previewed at all.
   */
  Future<CheckpointPreview> previewCheckpointRun(String teamId, CheckpointRunRequest request);

  /**
   * The runs a run comes from (its source, the source's source, ...) and, as a tree, the runs made from it (forks
   * and evaluation runs, recursively). Bounded: at most {@link RunLineage#MAX_ANCESTORS} ancestors,
   * {@link RunLineage#MAX_DEPTH} levels and {@link RunLineage#MAX_DESCENDANTS} descendants, else {@code truncated}.
   */
  Future<RunLineage> getLineage(String teamId, String runId);

  /**
   * Two runs of the team compared turn by turn, aligned by turn index (at most {@link RunDiff#MAX_TURNS} turns), with
   * the first turn where they differ and, when they share stored turns (a fork and its source, two forks of one run),
   * how many.
   */
  Future<RunDiff> diffRuns(String teamId, String runId, String otherRunId);
}
