package dev.turnpoint.model.workflow;

/** Scores a fetched workflow run with an LLM (spec §4.2). */
public class WorkflowRunEvaluatorNode extends WorkerLlmNode {
  public String inputRuntimeVariableName = "workflow_run_object";
  public String outputRuntimeVariableName;
  public boolean isTurnByTurnEvaluator = false;

  public WorkflowRunEvaluatorNode() {
    super(NodeTypes.WORKFLOW_RUN_EVALUATOR);
    this.waitForUserMessage = false;
  }
}
