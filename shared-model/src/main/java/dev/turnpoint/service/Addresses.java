package dev.turnpoint.service;

/**
 * Event-bus addresses of Turnpoint's services and published events. Lower-case and dotted; every value is unique.
 */
public final class Addresses {
  /** {@link WorkflowStore}: workflows and their versions. */
  public static final String WORKFLOW_STORE = "turnpoint.persistence.workflows";
  /** {@link RunStore}: runs, their turns and checkpoints. */
  public static final String RUN_STORE = "turnpoint.persistence.runs";
  /** {@link ApiKeyStore}: API keys and the teams they belong to. */
  public static final String API_KEY_STORE = "turnpoint.persistence.api-keys";
  /** The engine service: executes turns. */
  public static final String ENGINE = "turnpoint.engine";
  /** {@link CheckpointService}: checkpoint runs (forks), their previews, run lineage and run diffs. */
  public static final String CHECKPOINTS = "turnpoint.engine.checkpoints";

  /** Published after a turn is durable. */
  public static final String EVENT_TURN_COMPLETED = "turnpoint.events.run.turn-completed";
  /** Published whenever a run's status changes. */
  public static final String EVENT_STATUS_CHANGED = "turnpoint.events.run.status-changed";
  /** Published after a checkpoint run (a fork) was created. */
  public static final String EVENT_RUN_FORKED = "turnpoint.events.run.forked";
  /**
   * Published after an API key was revoked (not again when it already was), so that whoever signed in with it can be
   * signed out at once. The body is a JSON object:
   * {@code {"team_id": "...", "key_id": "<ObjectId>", "revoked_at": "2025-05-01T14:03:07.000000Z"}}.
   */
  public static final String EVENT_API_KEY_REVOKED = "turnpoint.events.api-key.revoked";

  private Addresses() {
  }
}
