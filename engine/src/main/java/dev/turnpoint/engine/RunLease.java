package dev.turnpoint.engine;

import dev.turnpoint.engine.turn.RunCheckpoint;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceException;

/**
 * A run whose turn lease one engine call holds: the lease's token and the run as the lease answered it, with the
 * workflow snapshot and latest checkpoint this engine held put back (see {@link HeldRunStates}).
 */
record RunLease(String token, RunRecord record) {

  WorkflowRun run() {
    return record.document().workflowRun;
  }

  String runId() {
    return record.runId();
  }

  /** The same lease on the run as {@code changed} now stands. */
  RunLease withRecord(RunRecord changed) {
    return new RunLease(token, changed);
  }

  /** NOT_FOUND when a workflow id is given and the run belongs to another workflow. */
  void requireWorkflow(String workflowId) {
    if (workflowId != null && !workflowId.equals(run().workflowId)) {
      throw ServiceException.notFound("run " + runId() + " not found for workflow " + workflowId);
    }
  }

  /** The checkpoint the run continues from, or null before its first turn; INTERNAL when this engine cannot read it. */
  RunCheckpoint checkpoint() {
    if (record.lastCheckpoint() == null) {
      return null;
    }
    try {
      return RunCheckpoint.fromJson(record.lastCheckpoint());
    } catch (IllegalArgumentException e) {
      throw new ServiceException(FailureCode.INTERNAL, "run " + runId() + " has a checkpoint this engine "
          + "cannot read: " + e.getMessage());
    }
  }
}
