package dev.turnpoint.console.runs;

import dev.turnpoint.model.run.WorkflowStatus;

/**
 * Where a run stands: status, why it ended, usage, and which commands make sense now.
 *
 * @param ownTokens      tokens this run used itself
 * @param carriedTokens  tokens inherited from the source run of a fork (0 otherwise)
 * @param llmCalls       LLM calls this run made itself
 * @param averageLatency average LLM call latency of this run, formatted, or null before any call
 */
public record RunState(String runId, WorkflowStatus status, String terminationSource, int turnCount,
                       long ownTokens, long ownInputTokens, long ownOutputTokens, long carriedTokens, long llmCalls,
                       String averageLatency, boolean turnInProgress, String csrfToken) {

  public long totalTokens() {
    return ownTokens + carriedTokens;
  }

  public boolean terminal() {
    return status.isTerminal();
  }

  public boolean canStop() {
    return !terminal();
  }

  public boolean canPause() {
    return WorkflowStatus.ACTIVE.contains(status);
  }

  public boolean canResume() {
    return status == WorkflowStatus.PAUSED;
  }
}
