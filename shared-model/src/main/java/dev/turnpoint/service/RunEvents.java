package dev.turnpoint.service;

import dev.turnpoint.model.Timestamps;
import dev.turnpoint.model.run.WorkflowStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The JSON payloads the engine publishes on the event bus (to every consumer, as {@link JsonObject} messages). They
 * are sent only after the change they report is durable.
 *
 * <p>{@link Addresses#EVENT_TURN_COMPLETED}, after every committed turn:
 * <pre>{@code
 * {"team_id": "...", "run_id": "<ObjectId>", "workflow_id": "...", "turn_index": 0, "turn_number": 1,
 *  "status": "waiting_for_user_input", "termination_source": null, "is_completed": false,
 *  "events": [ ...the turn's run_output.events... ], "published_at": "2025-05-01T14:03:07.000000Z"}
 * }</pre>
 *
 * <p>{@link Addresses#EVENT_STATUS_CHANGED}, whenever a run's status changes (a run is created, a turn ends in
 * another status, pause, resume, stop, the stale-run reaper); {@code old_status} is null for a new run:
 * <pre>{@code
 * {"team_id": "...", "run_id": "...", "workflow_id": "...", "old_status": "waiting_for_user_input",
 *  "new_status": "cancelled", "termination_source": null, "published_at": "..."}
 * }</pre>
 *
 * <p>{@link Addresses#EVENT_RUN_FORKED}, once a checkpoint run (a fork) was created, before any turn of it runs;
 * {@code run_id} is the new run, {@code version_number} the version it runs on (another than the source's when the
 * fork switched versions), {@code reason} the free text given with the fork or null. A repeated request with the
 * same idempotency key creates nothing and publishes nothing:
 * <pre>{@code
 * {"team_id": "...", "run_id": "<new run>", "source_run_id": "<source run>", "workflow_id": "...",
 *  "resume_turn_index": 2, "version_number": 1, "version_changed": false, "start_node_logical_id": null,
 *  "reason": "retry with the fixed prompt", "created_by": "<user>", "published_at": "..."}
 * }</pre>
 * The new run's creation is also published as a status change ({@code null} to {@code started}).
 *
 * <p>Consumers must check {@code team_id} before showing a payload to anyone.
 */
public final class RunEvents {
  public static final String TEAM_ID = "team_id";
  public static final String RUN_ID = "run_id";
  public static final String WORKFLOW_ID = "workflow_id";
  public static final String TURN_INDEX = "turn_index";
  public static final String TURN_NUMBER = "turn_number";
  public static final String STATUS = "status";
  public static final String TERMINATION_SOURCE = "termination_source";
  public static final String IS_COMPLETED = "is_completed";
  public static final String EVENTS = "events";
  public static final String OLD_STATUS = "old_status";
  public static final String NEW_STATUS = "new_status";
  public static final String PUBLISHED_AT = "published_at";
  public static final String SOURCE_RUN_ID = "source_run_id";
  public static final String RESUME_TURN_INDEX = "resume_turn_index";
  public static final String VERSION_NUMBER = "version_number";
  public static final String VERSION_CHANGED = "version_changed";
  public static final String START_NODE_LOGICAL_ID = "start_node_logical_id";
  public static final String REASON = "reason";
  public static final String CREATED_BY = "created_by";

  private RunEvents() {
  }

  public static JsonObject turnCompleted(String teamId, String runId, String workflowId, int turnIndex,
                                         WorkflowStatus status, String terminationSource, List<JsonObject> events) {
    return new JsonObject()
        .put(TEAM_ID, teamId)
        .put(RUN_ID, runId)
        .put(WORKFLOW_ID, workflowId)
        .put(TURN_INDEX, turnIndex)
        .put(TURN_NUMBER, turnIndex + 1)
        .put(STATUS, status.wire())
        .put(TERMINATION_SOURCE, terminationSource)
        .put(IS_COMPLETED, status.isTerminal())
        .put(EVENTS, new JsonArray(List.copyOf(events)))
        .put(PUBLISHED_AT, Timestamps.now());
  }

  public static JsonObject statusChanged(String teamId, String runId, String workflowId, WorkflowStatus oldStatus,
                                         WorkflowStatus newStatus, String terminationSource) {
    return new JsonObject()
        .put(TEAM_ID, teamId)
        .put(RUN_ID, runId)
        .put(WORKFLOW_ID, workflowId)
        .put(OLD_STATUS, oldStatus == null ? null : oldStatus.wire())
        .put(NEW_STATUS, newStatus.wire())
        .put(TERMINATION_SOURCE, terminationSource)
        .put(PUBLISHED_AT, Timestamps.now());
  }

  public static JsonObject runForked(String teamId, String runId, String sourceRunId, String workflowId,
                                     int resumeTurnIndex, Integer versionNumber, boolean versionChanged,
                                     String startNodeLogicalId, String reason, String createdBy) {
    return new JsonObject()
        .put(TEAM_ID, teamId)
        .put(RUN_ID, runId)
        .put(SOURCE_RUN_ID, sourceRunId)
        .put(WORKFLOW_ID, workflowId)
        .put(RESUME_TURN_INDEX, resumeTurnIndex)
        .put(VERSION_NUMBER, versionNumber)
        .put(VERSION_CHANGED, versionChanged)
        .put(START_NODE_LOGICAL_ID, startNodeLogicalId)
        .put(REASON, reason)
        .put(CREATED_BY, createdBy)
        .put(PUBLISHED_AT, Timestamps.now());
  }
}
