package dev.turnpoint.engine.turn;

/**
 * Who and what a turn runs for.
 *
 * @param teamId     the run's team; {@code workflow_run_fetch} reads only this team's runs
 * @param runId      the run's id (its ObjectId, {@code workflow_run_id}), also the {@code {{workflow_run_id}}} built-in
 * @param workflowId the workflow being run
 * @param turnIndex  0-based index of the turn about to run
 */
public record RunContext(String teamId, String runId, String workflowId, int turnIndex) {
}
