package dev.turnpoint.persistence.runs;

import dev.turnpoint.model.Json;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.persistence.MongoCollections;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

import static dev.turnpoint.persistence.StoreCalls.requireTeam;
import static dev.turnpoint.persistence.StoreCalls.requireText;

/**
 * A run document of {@value MongoCollections#WORKFLOW_RUNS} and the names of its fields. Next to the wire envelope
 * ({@code _id, team_id, created_by, ..., workflow_run} without {@code input_output_pairs}) it holds:
 * <ul>
 *   <li>{@code revision}: incremented by every change;</li>
 *   <li>{@code turn_count}: turns the run has, inherited ones included;</li>
 *   <li>{@code segments}: the {@link TurnRange}s a fork inherits; its own turns follow them;</li>
 *   <li>{@code last_turn}: which lease committed the run's latest own turn ({@code turn_index},
 *       {@code lease_token}), written atomically with the turn count, so it is the commit point of a turn and tells
 *       a retried commit from a lost lease;</li>
 *   <li>{@code last_checkpoint}: on a fork without turns of its own, the checkpoint it resumes from; its first commit
 *       removes it (from then on the latest checkpoint is in the latest turn document);</li>
 *   <li>{@code resume_checkpoint}: on a fork, {@code {turn_index, checkpoint}} it was created from;</li>
 *   <li>{@code lease}: {@code {token, expires_at}} (epoch milliseconds) while a turn is in progress;</li>
 *   <li>{@code reason}: why a fork was made.</li>
 * </ul>
 */
final class StoredRun {

  static final String ID = "_id";
  static final String TEAM_ID = "team_id";
  static final String WORKFLOW_RUN = "workflow_run";
  static final String REVISION = "revision";
  static final String TURN_COUNT = "turn_count";
  static final String SEGMENTS = "segments";
  static final String LAST_TURN = "last_turn";
  static final String LAST_CHECKPOINT = "last_checkpoint";
  static final String RESUME_CHECKPOINT = "resume_checkpoint";
  static final String LEASE = "lease";
  static final String REASON = "reason";
  /** The run's workflow snapshot, as a projection path. */
  static final String CONFIG_SNAPSHOT = WORKFLOW_RUN + ".workflow_config_fully_hydrated";

  private final JsonObject doc;

  StoredRun(JsonObject doc) {
    this.doc = doc;
  }

  /** The filter of a team's documents; fails INVALID without a team. */
  static JsonObject byTeam(String teamId) {
    return new JsonObject().put(TEAM_ID, requireTeam(teamId));
  }

  /** The filter of one run of a team. */
  static JsonObject byId(String teamId, String runId) {
    return byTeam(teamId).put(ID, requireText(runId, "run id"));
  }

  /** The condition that no lease is held, or that it expired by {@code nowMillis}. */
  static JsonArray leaseFree(long nowMillis) {
    return new JsonArray()
        .add(new JsonObject().put(LEASE, null))
        .add(new JsonObject().put(LEASE + ".expires_at", new JsonObject().put("$lte", nowMillis)));
  }

  static ServiceException notFound(String runId) {
    return ServiceException.notFound("run " + runId + " not found");
  }

  /** A new run document: the envelope of {@code document} plus the bookkeeping fields. */
  static JsonObject newDocument(RunDocument document, int turnCount, List<TurnRange> segments,
                                JsonObject lastCheckpoint, JsonObject resumeCheckpoint, String reason) {
    JsonObject doc = Json.toJson(document);
    doc.getJsonObject(WORKFLOW_RUN).remove("input_output_pairs");
    JsonArray ranges = new JsonArray();
    segments.forEach(range -> ranges.add(range.toJson()));
    return doc
        .put(REVISION, 0L)
        .put(TURN_COUNT, turnCount)
        .put(SEGMENTS, ranges)
        .put(LAST_TURN, null)
        .put(LAST_CHECKPOINT, lastCheckpoint)
        .put(RESUME_CHECKPOINT, resumeCheckpoint)
        .put(LEASE, null)
        .put(REASON, reason);
  }

  String id() {
    return doc.getString(ID);
  }

  String teamId() {
    return doc.getString(TEAM_ID);
  }

  int turnCount() {
    return doc.getInteger(TURN_COUNT, 0);
  }

  String status() {
    return doc.getJsonObject(WORKFLOW_RUN).getString("status");
  }

  List<TurnRange> segments() {
    JsonArray ranges = doc.getJsonArray(SEGMENTS, new JsonArray());
    List<TurnRange> segments = new ArrayList<>(ranges.size());
    for (int i = 0; i < ranges.size(); i++) {
      segments.add(TurnRange.fromJson(ranges.getJsonObject(i)));
    }
    return segments;
  }

  /** The index of the first turn this run holds itself: the turns before it are inherited. */
  int firstOwnTurnIndex() {
    List<TurnRange> segments = segments();
    return segments.isEmpty() ? 0 : segments.get(segments.size() - 1).to() + 1;
  }

  /** Where every turn of the run lives: the inherited ranges, then the run's own turns. */
  List<TurnRange> turnRanges() {
    List<TurnRange> ranges = segments();
    int firstOwn = firstOwnTurnIndex();
    if (firstOwn < turnCount()) {
      ranges.add(new TurnRange(id(), firstOwn, turnCount() - 1));
    }
    return ranges;
  }

  /**
   * The run of this run's lineage that was forked after turn {@code turnIndex} and whose later turns this run has, or
   * null when there is none. A run's own turns start right after its fork point, so it is this run at its own fork
   * point, and, where one of its ranges ends and another follows, the owner of the following range (whose
   * {@code resume_checkpoint} is at that index).
   */
  String forkedAfter(int turnIndex) {
    JsonObject resume = resumeCheckpoint();
    if (resume != null && resume.getInteger("turn_index") == turnIndex) {
      return id();
    }
    List<TurnRange> ranges = turnRanges();
    for (int index = 0; index + 1 < ranges.size(); index++) {
      if (ranges.get(index).to() == turnIndex) {
        return ranges.get(index + 1).ownerRunId();
      }
    }
    return null;
  }

  /** The checkpoint this fork was created from (it resumes after turn {@code resume_checkpoint.turn_index}). */
  JsonObject creationCheckpoint() {
    return resumeCheckpoint().getJsonObject("checkpoint");
  }

  /** The range holding {@code turnIndex}; the index must be below the turn count. */
  TurnRange rangeOf(int turnIndex) {
    return turnRanges().stream().filter(range -> range.contains(turnIndex)).findFirst()
        .orElseThrow(() -> new IllegalStateException("run " + id() + " has no range for turn " + turnIndex));
  }

  /** Which lease committed the latest own turn ({@code turn_index}, {@code lease_token}), or null. */
  JsonObject lastTurn() {
    return doc.getJsonObject(LAST_TURN);
  }

  JsonObject lastCheckpoint() {
    return doc.getJsonObject(LAST_CHECKPOINT);
  }

  JsonObject resumeCheckpoint() {
    return doc.getJsonObject(RESUME_CHECKPOINT);
  }

  /** The run that evaluates this one, or null (read with {@link EvaluationLinks#EVALUATION_RUN_ID}). */
  String evaluationRunId() {
    JsonObject info = doc.getJsonObject(WORKFLOW_RUN).getJsonObject("evaluation_run_info");
    return info == null ? null : info.getString("evaluation_workflow_run_id");
  }

  /** This run with the workflow snapshot and latest checkpoint of {@code other}, a read of the same run. */
  StoredRun withSnapshotAndCheckpointOf(StoredRun other) {
    doc.getJsonObject(WORKFLOW_RUN).put("workflow_config_fully_hydrated",
        other.doc.getJsonObject(WORKFLOW_RUN).getValue("workflow_config_fully_hydrated"));
    doc.put(LAST_CHECKPOINT, other.lastCheckpoint());
    return this;
  }

  long revision() {
    return doc.getLong(REVISION, 0L);
  }

  /** The token of the lease held or last held (expired or not), or null. */
  String leaseToken() {
    JsonObject lease = doc.getJsonObject(LEASE);
    return lease == null ? null : lease.getString("token");
  }

  /** This run with {@code checkpoint} as its latest checkpoint. */
  StoredRun withLastCheckpoint(JsonObject checkpoint) {
    doc.put(LAST_CHECKPOINT, checkpoint);
    return this;
  }

  /** The lease token when a lease is held and has not expired. */
  String liveLeaseToken(long nowMillis) {
    JsonObject lease = doc.getJsonObject(LEASE);
    if (lease == null || lease.getLong("expires_at", 0L) <= nowMillis) {
      return null;
    }
    return lease.getString("token");
  }

  /** The run as services see it at {@code nowMillis}, with {@code pairs} as its turns (none when null). */
  RunRecord toRecord(List<WorkflowRunInputOutputPair> pairs, long nowMillis) {
    RunDocument document = Json.fromJson(doc, RunDocument.class);
    document.workflowRun.inputOutputPairs = pairs == null ? new ArrayList<>() : pairs;
    return new RunRecord(document, doc.getLong(REVISION, 0L), turnCount(), lastCheckpoint(),
        liveLeaseToken(nowMillis), doc.getString(REASON));
  }
}
