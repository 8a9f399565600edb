package dev.turnpoint.persistence;

/** Names of the collections Turnpoint keeps in its database. */
public final class MongoCollections {
  public static final String WORKFLOWS = "workflows";
  public static final String WORKFLOW_VERSIONS = "workflow_versions";
  public static final String WORKFLOW_RUNS = "workflow_runs";
  /** One document per turn, {@code _id = runId:turnIndex}. */
  public static final String RUN_TURNS = "run_turns";
  /** Comments on turns, kept apart from the turns so a fork's comments never show on the run it shares turns with. */
  public static final String TURN_COMMENTS = "turn_comments";
  /** Idempotency keys of forks, {@code _id = teamId:key}. */
  public static final String FORK_REQUESTS = "fork_requests";
  public static final String API_KEYS = "api_keys";

  private MongoCollections() {
  }
}
