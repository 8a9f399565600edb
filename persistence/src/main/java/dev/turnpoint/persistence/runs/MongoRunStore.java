package dev.turnpoint.persistence.runs;

import dev.turnpoint.model.run.CommentConfig;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.persistence.MongoCollections;
import dev.turnpoint.persistence.StoreCalls;
import dev.turnpoint.service.CommittedTurn;
import dev.turnpoint.service.ForkSpec;
import dev.turnpoint.service.HeldLease;
import dev.turnpoint.service.LeaseRequest;
import dev.turnpoint.service.Page;
import dev.turnpoint.service.RunQuery;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.StatusChange;
import dev.turnpoint.service.TurnCommit;
import dev.turnpoint.service.TurnLease;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.time.Clock;
import java.util.List;

import static dev.turnpoint.persistence.StoreCalls.call;

/**
 * {@link RunStore} on MongoDB. A run is one document in {@value MongoCollections#WORKFLOW_RUNS} (its fields are
 * described on {@link StoredRun}); each turn is one document in {@value MongoCollections#RUN_TURNS} with
 * {@code _id = runId:turnIndex}, {@code run_id}, {@code team_id}, {@code turn_index}, {@code pair} and
 * {@code checkpoint} (see {@link RunTurns}). Appending a turn writes a fixed number of small documents however long
 * the run is; {@link #getRun} assembles {@code input_output_pairs} with one query over the ranges a fork inherits
 * plus the run's own turns.
 *
 * <p>Each call is checked and its driver failures translated in one place ({@link StoreCalls#call}) and done by the
 * part of the store it belongs to: {@link TurnLeases} and {@link TurnCommits} (why a committed turn is never lost nor
 * overwritten), {@link CheckpointForks} (forks share their source's turns), {@link RunDeletion} (a source's turns
 * outlive it while forks need them), {@link RunComments}, {@link EvaluationLinks}, {@link RunListQueries},
 * {@link RunHeaders} and
 * {@link RunReads} (which checkpoint a turn answers). Leases expire by the store's {@link Clock}.
 */
public class MongoRunStore implements RunStore {

  /** Upper bound of one {@link #findStaleRuns} batch. */
  public static final int MAX_STALE_BATCH = 1000;

  private final RunReads reads;
  private final RunHeaders headers;
  private final TurnLeases leases;
  private final TurnCommits commits;
  private final CheckpointForks forks;
  private final RunDeletion deletion;
  private final RunComments comments;
  private final RunListQueries queries;
  private final EvaluationLinks evaluations;

  /** The store on {@code mongo}, its leases timed by the system clock. */
  public MongoRunStore(MongoClient mongo) {
    this(mongo, Clock.systemUTC());
  }

  /** The store on {@code mongo}, its leases timed by {@code clock} (tests move one instead of waiting). */
  public MongoRunStore(MongoClient mongo, Clock clock) {
    RunTurns turns = new RunTurns(mongo);
    this.reads = new RunReads(mongo, turns, clock);
    this.headers = new RunHeaders(mongo, reads);
    this.leases = new TurnLeases(mongo, reads, clock);
    this.commits = new TurnCommits(reads, turns);
    this.forks = new CheckpointForks(mongo, reads);
    this.deletion = new RunDeletion(mongo, reads);
    this.comments = new RunComments(mongo, reads);
    this.queries = new RunListQueries(mongo, reads, clock);
    this.evaluations = new EvaluationLinks(mongo, reads);
  }

  @Override
  public Future<RunRecord> createRun(String teamId, String userId, WorkflowRun run) {
    return call(() -> headers.createRun(teamId, userId, run));
  }

  @Override
  public Future<RunRecord> getRun(String teamId, String runId) {
    return call(() -> reads.getRun(teamId, runId));
  }

  @Override
  public Future<RunRecord> getRunHeader(String teamId, String runId) {
    return call(() -> reads.getRunHeader(teamId, runId));
  }

  @Override
  public Future<Page<RunDocument>> listRuns(String teamId, RunQuery query) {
    return call(() -> queries.listRuns(teamId, query));
  }

  @Override
  public Future<Void> deleteRun(String teamId, String runId) {
    return call(() -> deletion.deleteRun(teamId, runId));
  }

  @Override
  public Future<TurnLease> beginTurn(String teamId, String runId, LeaseRequest lease) {
    return call(() -> leases.beginTurn(teamId, runId, lease));
  }

  @Override
  public Future<CommittedTurn> commitTurn(String teamId, String runId, TurnCommit commit) {
    return call(() -> commits.commitTurn(teamId, runId, commit));
  }

  @Override
  public Future<Void> releaseTurn(String teamId, String runId, String leaseToken) {
    return call(() -> leases.releaseTurn(teamId, runId, leaseToken));
  }

  @Override
  public Future<Integer> renewLeases(List<HeldLease> held, long durationMillis) {
    return call(() -> leases.renewLeases(held, durationMillis));
  }

  /**
   * Releases every turn lease in the store at once, as if each holder had released its own, and answers how many
   * there were. Call it only where every lease in the store must have been left by a process that is gone: on a store
   * only this process can use, before this process begins a turn. The embedded store is one (see
   * {@code PersistenceVerticle}); a MongoDB other instances share is not, and there leases run out by themselves.
   */
  public Future<Long> releaseLeftoverLeases() {
    return call(leases::releaseAll);
  }

  @Override
  public Future<RunRecord> changeStatus(String teamId, String runId, StatusChange change) {
    return call(() -> headers.changeStatus(teamId, runId, change));
  }

  @Override
  public Future<JsonObject> getCheckpoint(String teamId, String runId, int turnIndex) {
    return call(() -> reads.getCheckpoint(teamId, runId, turnIndex));
  }

  @Override
  public Future<RunRecord> forkRun(String teamId, String userId, ForkSpec spec) {
    return call(() -> forks.forkRun(teamId, userId, spec));
  }

  @Override
  public Future<List<RunRecord>> findStaleRuns(String updatedBefore, int limit) {
    return call(() -> queries.findStaleRuns(updatedBefore, limit));
  }

  @Override
  public Future<Void> linkEvaluation(String teamId, String runId, String evaluationRunId) {
    return call(() -> evaluations.linkEvaluation(teamId, runId, evaluationRunId));
  }

  @Override
  public Future<Void> recordTurnEvaluation(String teamId, String runId, int turnIndex, JsonObject evaluation) {
    return call(() -> evaluations.recordTurnEvaluation(teamId, runId, turnIndex, evaluation));
  }

  @Override
  public Future<RunRecord> addRunComment(String teamId, String runId, CommentConfig comment) {
    return call(() -> comments.addRunComment(teamId, runId, comment));
  }

  @Override
  public Future<RunRecord> deleteRunComment(String teamId, String runId, String commentLogicalId) {
    return call(() -> comments.deleteRunComment(teamId, runId, commentLogicalId));
  }

  @Override
  public Future<RunRecord> addTurnComment(String teamId, String runId, int turnIndex, CommentConfig comment) {
    return call(() -> comments.addTurnComment(teamId, runId, turnIndex, comment));
  }

  @Override
  public Future<RunRecord> deleteTurnComment(String teamId, String runId, int turnIndex, String commentLogicalId) {
    return call(() -> comments.deleteTurnComment(teamId, runId, turnIndex, commentLogicalId));
  }
}
