package dev.turnpoint.model.run;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** One execution of a workflow (spec §3.2). Team, authorship and timestamps live on the {@link RunDocument}. */
public class WorkflowRun {
  public String logicalId = Ids.logicalId("workflow_run");
  public String workflowId;
  public String voiceConversationId;
  public Integer versionNumber = 0;
  public WorkflowStatus status = WorkflowStatus.NOT_STARTED;
  public String terminationSource;
  public List<WorkflowRunInputOutputPair> inputOutputPairs = new ArrayList<>();
  public String runBy;
  public List<CommentConfig> comments = new ArrayList<>();
  public LLMTokenUsage llmTokenUsage;
  public LLMLatencyStats llmLatencyStats;
  public String versionName = "Initial Version";
  public WorkflowConfigFullyHydrated workflowConfigFullyHydrated;
  public String workflowRunId;
  public JsonObject miscellaneous;
  public String sourceWorkflowRunId;
  public Integer checkpointSourceTurnIndex;
  public LLMTokenUsage carriedOverLlmTokenUsage;
  public LLMLatencyStats carriedOverLlmLatencyStats;
  public boolean isEvaluationRun = false;
  public EvaluationRunInfo evaluationRunInfo;

  /** Set on a source run once its evaluation has run. */
  public static class EvaluationRunInfo {
    public String evaluationWorkflowRunId;
  }
}
