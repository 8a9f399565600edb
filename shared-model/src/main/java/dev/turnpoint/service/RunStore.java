package dev.turnpoint.service;

import dev.turnpoint.model.run.CommentConfig;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRun;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Runs, their turns and the checkpoint after every turn, at {@link Addresses#RUN_STORE}.
 *
 * <p>Every call is scoped to a team: another team's run fails with {@link FailureCode#NOT_FOUND}. A run's turns are
 * stored one document each, so appending a turn costs the same however long the run is, and a fork shares its
 * source's turns instead of copying them; {@code input_output_pairs} are assembled when a run is read.
 *
 * <p>Turns on one run are serialized by a lease: {@link #beginTurn} takes it (or fails with
 * {@link FailureCode#CONFLICT} while another turn holds it), {@link #commitTurn} stores the turn and releases it.
 * Every change is checked against the run's {@code revision}, so concurrent writers never lose an update.
 */
public interface RunStore {

  /** Stores a new run with no turns; answers it with its {@code _id}, {@code workflow_run_id} and revision. */
  Future<RunRecord> createRun(String teamId, String userId, WorkflowRun run);

  /** A run with all its turns ({@code input_output_pairs}) and its latest checkpoint. */
  Future<RunRecord> getRun(String teamId, String runId);

  /**
   * A run's header and latest checkpoint without its turns ({@code input_output_pairs} empty; {@code turnCount} says
   * how many there are): as cheap for a run of a thousand turns as for one of a single turn.
   */
  Future<RunRecord> getRunHeader(String teamId, String runId);

  /**
   * The team's runs, newest first, as projection rows: {@code workflow_run} holds only logical id, workflow and
   * status.
   */
  Future<Page<RunDocument>> listRuns(String teamId, RunQuery query);

  /** Deletes a run. Forks of it keep working: turns they share are kept while any fork needs them. */
  Future<Void> deleteRun(String teamId, String runId);

  /**
   * Takes the run's turn lease for {@code leaseMillis}. Fails with CONFLICT while another unexpired lease is held or
   * when the run is in a terminal state. Answers the run with its latest checkpoint (without its turns).
   */
  default Future<RunRecord> beginTurn(String teamId, String runId, String leaseToken, long leaseMillis) {
    return beginTurnHolding(teamId, runId, leaseToken, leaseMillis, 0);
  }

  /**
   * {@link #beginTurn} for a caller that already holds the run's workflow snapshot and its checkpoint after
   * {@code heldTurnCount} turns (0: holds nothing). When the run still has that many turns, the answer leaves both
   * out ({@code workflow_config_fully_hydrated} and {@code lastCheckpoint} null): they are the bulk of a run's
   * header, and a turn would otherwise read them back after every turn it committed itself.
   */
  Future<RunRecord> beginTurnHolding(String teamId, String runId, String leaseToken, long leaseMillis,
                                     int heldTurnCount);

  /**
   * Appends a turn (its pair and the checkpoint after it), updates the run's header and releases the lease. The
   * turn is durable when this succeeds. CONFLICT when {@code commit.leaseToken} no longer holds the lease. Answers
   * the run's header with the committed checkpoint, without its turns and without its workflow config snapshot
   * ({@code workflow_config_fully_hydrated} is null: the caller ran the turn on it, and it is the bulk of a header).
   */
  Future<RunRecord> commitTurn(String teamId, String runId, TurnCommit commit);

  /** Releases a lease without storing a turn (a turn that failed before it produced anything). */
  Future<Void> releaseTurn(String teamId, String runId, String leaseToken);

  /**
   * Changes a run's status without a turn (pause, resume, stop, the reaper), only if its revision is still
   * {@code change.expectedRevision}; CONFLICT otherwise.
   */
  Future<RunRecord> changeStatus(String teamId, String runId, StatusChange change);

  /** The checkpoint stored after turn {@code turnIndex}; OUT_OF_RANGE when the run has no such turn. */
  Future<JsonObject> getCheckpoint(String teamId, String runId, int turnIndex);

  /**
   * Creates a new run that inherits turns {@code 0..spec.resumeTurnIndex} of the source run without copying them.
   * OUT_OF_RANGE when the source has no such turn.
   */
  Future<RunRecord> forkRun(String teamId, String userId, ForkSpec spec);

  /** Runs (of any team) in an active state whose last update is older than {@code updatedBefore}. */
  Future<List<RunRecord>> findStaleRuns(String updatedBefore, int limit);

  Future<RunRecord> addRunComment(String teamId, String runId, CommentConfig comment);

  Future<RunRecord> deleteRunComment(String teamId, String runId, String commentLogicalId);

  Future<RunRecord> addTurnComment(String teamId, String runId, int turnIndex, CommentConfig comment);

  Future<RunRecord> deleteTurnComment(String teamId, String runId, int turnIndex, String commentLogicalId);
}
