package dev.turnpoint.model.workflow;

/** Loads a run of the same team into a runtime variable. */
public class WorkflowRunFetchNode extends NodeConfig {
  public String workflowRunId = "{{workflow_run_id}}";
  public String resultRuntimeVariableName = "workflow_run_object";

  public WorkflowRunFetchNode() {
    super(NodeTypes.WORKFLOW_RUN_FETCH);
  }
}
