package dev.turnpoint.console.checkpoints;

import java.util.List;

/**
 * The model of {@code checkpoints/resumePreview.jte}: what the new run would start with, from the checkpoint
 * service's preview, or why there is no preview ({@code message}).
 *
 * @param turnCount         turns the new run inherits
 * @param versionLabel      the version it runs on
 * @param versionChanged    another graph than the source run's
 * @param startNodeName     the node it continues at instead of where the checkpoint stands, or null
 * @param variables         runtime, then dynamic variables after the overrides
 * @param carriedTokens     LLM tokens carried over from the lineage
 * @param carriedAverageLatency average LLM latency carried over, or null
 * @param replayInputs      the source's later inputs
 * @param replay            the form asks to send them
 */
public record ResumePreviewPanel(String domId, String message, int turnCount, String versionLabel,
                                 boolean versionChanged, String startNodeName, List<PreviewVariable> variables,
                                 List<PreviewThread> threads, long carriedTokens, long carriedInputTokens,
                                 long carriedOutputTokens, long carriedCalls, String carriedAverageLatency,
                                 List<PreviewReplay> replayInputs, boolean replay, List<PreviewWarning> warnings,
                                 boolean canFork) {

  /** A panel without a preview, saying why. */
  static ResumePreviewPanel unavailable(String domId, String message) {
    return new ResumePreviewPanel(domId, message, 0, null, false, null, List.of(), List.of(), 0, 0, 0, 0, null,
        List.of(), false, List.of(), true);
  }

  public boolean available() {
    return message == null;
  }

  public boolean hasBlockingWarning() {
    return warnings.stream().anyMatch(PreviewWarning::blocking);
  }
}
