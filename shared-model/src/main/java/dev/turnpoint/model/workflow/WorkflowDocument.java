package dev.turnpoint.model.workflow;

import dev.turnpoint.model.StoredDocument;

/**
 * A stored workflow: its settings (name and description live in {@link #workflowConfig}) and which version runs by
 * default. The graphs themselves live in {@link WorkflowVersion}s.
 */
public class WorkflowDocument extends StoredDocument {
  public WorkflowConfig workflowConfig = new WorkflowConfig();
  public int activeVersionNumber = 0;
  public Integer maxConcurrentRuns;
  public String status = "active";
  /** Optimistic-concurrency counter, incremented by every update. */
  public long revision = 0;
}
