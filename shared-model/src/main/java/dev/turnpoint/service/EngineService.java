package dev.turnpoint.service;

import dev.turnpoint.model.run.InteractiveRunResponse;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRunInput;
import io.vertx.core.Future;

/**
 * Executes workflow runs, at {@link Addresses#ENGINE}. A turn is answered only after its input/output pair and the
 * checkpoint after it are durable. Turns on one run are serialized: a call on a run that is mid-turn fails with
 * {@link FailureCode#CONFLICT}, as does any turn on a run in a terminal state.
 */
public interface EngineService {

  /**
   * Runs one turn of a workflow (spec §2.1 Execute Workflow). With {@code runId} null a new run starts, on
   * {@code versionNumber} or, when that is null, the active version; later turns ignore the version and use the
   * snapshot pinned on the first turn. {@code input.command} decides what happens: start, data (a user message),
   * pause, resume or stop.
   */
  Future<InteractiveRunResponse> executeTurn(String teamId, String userId, String workflowId, String runId,
                                             Integer versionNumber, WorkflowRunInput input);

  /**
   * Starts a run ({@code input.workflow_run_id} null) or resumes one (spec §2.2 Start Or Resume Workflow); answers
   * the stored run after the turn.
   */
  Future<RunDocument> startOrResume(String teamId, String userId, WorkflowRunInput input);
}
