package dev.turnpoint.model.run;

import dev.turnpoint.model.StoredDocument;

/** A stored run in the envelope of spec §3.1: {@code {team_id, created_by, …, _id, workflow_run}}. */
public class RunDocument extends StoredDocument {
  public WorkflowRun workflowRun = new WorkflowRun();
}
