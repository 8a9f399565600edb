package dev.turnpoint.console.checkpoints;

import dev.turnpoint.console.web.Format;
import dev.turnpoint.model.run.LLMLatencyStats;
import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.turn.CheckpointThread;
import dev.turnpoint.service.CheckpointService;
import dev.turnpoint.service.checkpoint.CheckpointPreview;
import dev.turnpoint.service.checkpoint.CheckpointWarning;
import dev.turnpoint.service.checkpoint.ThreadPosition;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Builds the resume form's models. */
final class ResumeViews {

  /** Preview values longer than this are cut; the new run gets them whole. */
  static final int VALUE_EXCERPT = 240;
  static final String MAIN_THREAD = WorkflowRunInput.MAIN_THREAD;
  private static final String COMPANION_MARKER = "_companion_";
  static final String FIX_FIELDS = "Correct the marked fields to see the preview.";

  private ResumeViews() {
  }

  static ResumeForm form(ResumeContext context, ResumeSubmission.Values values, ResumeSubmission.Checked checked,
                         String csrfToken, String formError, ResumePreviewPanel preview) {
    Map<String, String> errors = checked.errors();
    Integer version = errors.containsKey(ResumeForm.VERSION) ? null : checked.version();
    String startNode = errors.containsKey(ResumeForm.START_NODE) ? null : checked.startNode();
    return new ResumeForm(context.runId(), context.turnIndex(), csrfToken, values.idempotencyKey(), values.inline(),
        context.versionChoices(version), version == null ? "" : version.toString(),
        context.startNodeChoices(version, startNode), values.dynamicVariables(), values.runtimeVariables(),
        values.reason(), values.replay(), errors, formError, preview, checked.startNodeSwitched());
  }

  static String previewDomId(ResumeContext context) {
    return "resume-" + context.turnIndex() + "-preview";
  }

  static ResumePreviewPanel unavailable(ResumeContext context, String message) {
    return ResumePreviewPanel.unavailable(previewDomId(context), message);
  }

  static ResumePreviewPanel panel(ResumeContext context, ResumeSubmission.Checked checked,
                                  CheckpointPreview preview) {
    Integer version = checked.version();
    List<PreviewVariable> variables = new ArrayList<>();
    addVariables(variables, preview.runtimeVariables(), checked.runtimeOverrides(), "[[", "]]");
    addVariables(variables, preview.dynamicVariables(), checked.dynamicOverrides(), "{{", "}}");
    List<PreviewThread> threads = preview.threads() == null ? List.of() : preview.threads().stream()
        .sorted(Comparator.comparing((ThreadPosition thread) -> !MAIN_THREAD.equals(thread.threadId()))
            .thenComparing(ThreadPosition::threadId))
        .map(thread -> thread(context, version, thread))
        .toList();
    LLMTokenUsage tokens = preview.carriedOverLlmTokenUsage();
    LLMLatencyStats latency = preview.carriedOverLlmLatencyStats();
    List<PreviewReplay> replays = preview.replayInputs() == null ? List.of() : preview.replayInputs().stream()
        .map(input -> new PreviewReplay(input.sourceTurnIndex() + 1, input.command() == null ? "" : input.command(),
            input.userMessages() == null ? List.of() : input.userMessages()))
        .toList();
    List<PreviewWarning> warnings = preview.warnings() == null ? List.of() : preview.warnings().stream()
        .map(warning -> new PreviewWarning(warningMessage(context, version, warning), warning.blocksFork()))
        .sorted(Comparator.comparing(warning -> !warning.blocking()))
        .toList();
    return new ResumePreviewPanel(previewDomId(context), null, preview.turnCount(),
        ResumeContext.versionLabel(preview.versionNumber(), preview.versionName()), preview.versionChanged(),
        context.nodeName(version, preview.startNodeLogicalId()), List.copyOf(variables), threads,
        tokens == null ? 0 : tokens.totalTokens, tokens == null ? 0 : tokens.totalInputTokens,
        tokens == null ? 0 : tokens.totalOutputTokens, tokens == null ? 0 : tokens.callCount,
        latency == null || latency.callCount == 0 ? null : Format.millis(latency.averageLatencyMilliseconds),
        replays, checked.request().replayInputs(), warnings, preview.canFork());
  }

  /**
   * A warning in the form's words: turns counted from 1 as on the run page, nodes by name. Codes this console does
   * not know keep the service's message.
   */
  static String warningMessage(ResumeContext context, Integer version, CheckpointWarning warning) {
    int turn = context.turnIndex() + 1;
    List<String> subjects = warning.subjects() == null ? List.of() : warning.subjects();
    return switch (warning.code()) {
      case CheckpointWarning.UNKNOWN_VARIABLES -> "This run had not set " + String.join(", ", subjects) + " by turn "
          + turn + "; the override adds " + (subjects.size() == 1 ? "it." : "them.");
      case CheckpointWarning.MISSING_NODES -> context.graphName(version) + " has no enabled "
          + (subjects.size() == 1 ? "node " : "nodes ") + String.join(", ", subjects.stream()
              .map(node -> context.nodeName(null, node)).toList())
          + ", where the run stood after turn " + turn + ". Choose a start node to continue elsewhere.";
      case CheckpointWarning.UNKNOWN_START_NODE -> context.graphName(version) + " has no enabled node "
          + String.join(", ", subjects) + " to start at.";
      case CheckpointWarning.CONVERSATION_ENDED -> "The conversation had ended after turn " + turn
          + ". The new run takes messages only if you choose a start node.";
      case CheckpointWarning.TOO_MANY_REPLAY_INPUTS -> "A replay sends at most "
          + CheckpointService.MAX_REPLAYED_TURNS + " inputs, and this run has "
          + (context.header().turnCount() - turn) + " after turn " + turn + ". Untick “Replay later inputs”.";
      default -> warning.message();
    };
  }

  private static void addVariables(List<PreviewVariable> variables, JsonObject values, JsonObject overrides,
                                   String open, String close) {
    if (values == null) {
      return;
    }
    values.fieldNames().stream().sorted().forEach(name -> variables.add(new PreviewVariable(open + name + close,
        Format.excerpt(Format.value(values.getValue(name)), VALUE_EXCERPT),
        overrides != null && overrides.containsKey(name))));
  }

  /** A companion thread by the edge that started it: its id is {@code <parent>_companion_<edge>}. */
  private static String companionName(String threadId) {
    int marker = threadId.lastIndexOf(COMPANION_MARKER);
    return marker < 0 ? threadId : threadId.substring(marker + COMPANION_MARKER.length());
  }

  private static PreviewThread thread(ResumeContext context, Integer version, ThreadPosition thread) {
    String label = MAIN_THREAD.equals(thread.threadId()) ? "Conversation"
        : "Companion " + companionName(thread.threadId());
    String node = context.nodeName(version, thread.nodeLogicalId());
    String position = switch (thread.status() == null ? "" : thread.status()) {
      case CheckpointThread.WAITING -> "waits for the user at " + node;
      case CheckpointThread.RUNNING -> "continues at " + node;
      case CheckpointThread.ENDED -> node == null ? "has ended" : "has ended (last node: " + node + ")";
      default -> thread.status() + (node == null ? "" : " at " + node);
    };
    return new PreviewThread(label, position, thread.inTargetGraph());
  }
}
