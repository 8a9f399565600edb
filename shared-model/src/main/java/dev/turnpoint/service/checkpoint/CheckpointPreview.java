package dev.turnpoint.service.checkpoint;

import dev.turnpoint.model.run.LLMLatencyStats;
import dev.turnpoint.model.run.LLMTokenUsage;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What a checkpoint run would carry, computed without creating anything.
 *
 * @param workflowId                 the workflow
 * @param sourceRunId                the source run
 * @param resumeTurnIndex            the last inherited turn
 * @param turnCount                  how many turns the new run would start with ({@code resume_turn_index + 1})
 * @param versionNumber              the version the new run would run on
 * @param versionName                its name
 * @param versionChanged             whether that is another graph than the source's pinned one
 * @param startNodeLogicalId         the node the new run would continue at, or null to continue where the checkpoint
 *                                   stands
 * @param dynamicVariables           the checkpoint's {@code {{name}}} values after the overrides
 * @param runtimeVariables           the checkpoint's {@code [[name]]} values after the overrides
 * @param threads                    where each thread of the checkpoint stands (after the start node, if any)
 * @param carriedOverLlmTokenUsage   the usage carried over (turns {@code 0..resume_turn_index} of the lineage)
 * @param carriedOverLlmLatencyStats the latency carried over
 * @param replayInputs               the source's inputs after the checkpoint, which a replay would send in order
 * @param warnings                   what may surprise, or (when {@code blocks_fork}) would make the fork fail
 * @param canFork                    no warning blocks the fork
 */
public record CheckpointPreview(String workflowId, String sourceRunId, int resumeTurnIndex, int turnCount,
                                Integer versionNumber, String versionName, boolean versionChanged,
                                String startNodeLogicalId, JsonObject dynamicVariables, JsonObject runtimeVariables,
                                List<ThreadPosition> threads, LLMTokenUsage carriedOverLlmTokenUsage,
                                LLMLatencyStats carriedOverLlmLatencyStats, List<ReplayInput> replayInputs,
                                List<CheckpointWarning> warnings, boolean canFork) {
}
