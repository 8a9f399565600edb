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
 * {@link FailureCode#CONFLICT} while another turn holds it), {@link #commitTurn} stores the turn and releases it, and
 * {@link #releaseTurn} gives it up without a turn; a lease expires by the store's clock unless its holder renews it
 * ({@link #renewLeases}), so a short lease outlives a long turn but not the process that held it. Every change is
 * checked against the run's {@code revision}, so concurrent writers never lose an update.
 */
public interface RunStore {

  /** The most leases one {@link #renewLeases} call extends. */
  int MAX_RENEWED_LEASES = 10_000;

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
   * Takes the run's turn lease for {@code lease.durationMillis()} under {@code lease.token()}, measured by the store's
   * clock. Fails with CONFLICT while another unexpired lease is held or when the run is in a terminal state, INVALID
   * for a duration outside 1 ms to a day. Answers the run's header without its turns, and without the workflow
   * snapshot and latest checkpoint when {@code lease} says the caller holds them as they still are
   * ({@link TurnLease#heldStateLeftOut()}).
   */
  Future<TurnLease> beginTurn(String teamId, String runId, LeaseRequest lease);

  /**
   * Appends a turn (its pair and the checkpoint after it), updates the run's header and releases the lease. The
   * turn is durable when this succeeds. CONFLICT when {@code commit.leaseToken} no longer holds the lease or the turn
   * index is not the run's turn count. Retrying a commit that went through answers again instead of CONFLICT. Answers
   * only the run's new revision, turn count and status: the committer holds the rest.
   */
  Future<CommittedTurn> commitTurn(String teamId, String runId, TurnCommit commit);

  /** Releases a lease without storing a turn (a turn that failed before it produced anything). */
  Future<Void> releaseTurn(String teamId, String runId, String leaseToken);

  /**
   * Extends each of {@code leases} whose token still holds its run to {@code durationMillis} from now, by the store's
   * clock, in one call however many there are; a lease committed, released or taken over since is left alone. Answers
   * how many were extended. Renewing changes neither the run's revision nor its {@code updated_at}: it is not a change
   * of the run. INVALID for a duration outside 1 ms to a day or more than {@value #MAX_RENEWED_LEASES} leases.
   */
  Future<Integer> renewLeases(List<HeldLease> leases, long durationMillis);

  /**
   * Changes a run's status without a turn (pause, resume, stop, the reaper), only if its revision is still
   * {@code change.expectedRevision}; CONFLICT otherwise.
   */
  Future<RunRecord> changeStatus(String teamId, String runId, StatusChange change);

  /**
   * The checkpoint the run continues from after turn {@code turnIndex}; OUT_OF_RANGE when the run has no such turn.
   * That is the checkpoint stored with the turn, except where a run was forked: a fork continues from the checkpoint
   * it was created from (the source's, possibly with overrides), so for a fork's fork point, and for a fork of a fork
   * at each point where one of the runs it inherits from was forked, the answer is that run's creation checkpoint,
   * not the one its source stored. When that run has been deleted, its creation checkpoint is gone with it and the
   * stored one is answered.
   */
  Future<JsonObject> getCheckpoint(String teamId, String runId, int turnIndex);

  /**
   * Creates a new run that inherits turns {@code 0..spec.resumeTurnIndex} of the source run without copying them.
   * OUT_OF_RANGE when the source has no such turn.
   */
  Future<RunRecord> forkRun(String teamId, String userId, ForkSpec spec);

  /** Runs (of any team) in an active state whose last update is older than {@code updatedBefore}. */
  Future<List<RunRecord>> findStaleRuns(String updatedBefore, int limit);

  /**
   * Records on a run that {@code evaluationRunId} evaluates it
   * ({@code evaluation_run_info.evaluation_workflow_run_id}), once: CONFLICT when the run already names another
   * evaluation run; naming the same one again changes nothing. Neither the run's status nor its turns change.
   */
  Future<Void> linkEvaluation(String teamId, String runId, String evaluationRunId);

  /**
   * Stores the evaluation of one of a run's own committed turns in that turn's pair ({@code evaluation}), replacing
   * any earlier one. OUT_OF_RANGE when the run has no such turn or inherited it from the run it was forked from.
   */
  Future<Void> recordTurnEvaluation(String teamId, String runId, int turnIndex, JsonObject evaluation);

  Future<RunRecord> addRunComment(String teamId, String runId, CommentConfig comment);

  Future<RunRecord> deleteRunComment(String teamId, String runId, String commentLogicalId);

  Future<RunRecord> addTurnComment(String teamId, String runId, int turnIndex, CommentConfig comment);

  Future<RunRecord> deleteTurnComment(String teamId, String runId, int turnIndex, String commentLogicalId);
}
