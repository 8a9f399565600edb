package dev.turnpoint.console.checkpoints;

import dev.turnpoint.console.runs.Choice;
import dev.turnpoint.model.turn.CheckpointKeys;

import java.util.List;
import java.util.Map;

/**
 * The model of {@code checkpoints/resumeForm.jte}: the form that starts a new run from the checkpoint after a turn,
 * with its preview. Ids are per turn, so forms of several turns can be open on one page.
 *
 * @param idempotencyKey   made when the form is first rendered and kept across its re-renders, so submitting it twice
 *                         creates one run
 * @param inline           opened inside the run page's timeline (else on a page of its own)
 * @param nodesForVersion  the version whose nodes the start-node list offers ({@code ""}: the run's own graph)
 * @param errors           messages by field name
 * @param formError        why the last submission created no run, or null
 * @param startNodeSwitched the target version changed since the start-node list was rendered, so it is sent again
 */
public record ResumeForm(String runId, int turnIndex, String csrfToken, String idempotencyKey, boolean inline,
                         List<Choice> versionChoices, String nodesForVersion, List<Choice> startNodeChoices,
                         String dynamicVariables, String runtimeVariables, String reason, boolean replay,
                         Map<String, String> errors, String formError, ResumePreviewPanel preview,
                         boolean startNodeSwitched) {

  static final String VERSION = "version";
  static final String START_NODE = "start_node";
  /** The overrides of the checkpoint's {@code {{name}}} values, named after them. */
  public static final String DYNAMIC_VARIABLES = CheckpointKeys.DYNAMIC_VARIABLES;
  /** The overrides of the checkpoint's {@code [[name]]} values, named after them. */
  public static final String RUNTIME_VARIABLES = CheckpointKeys.RUNTIME_VARIABLES;
  static final String REASON = "reason";
  /** The fields whose errors the form shows beside them. */
  public static final List<String> FIELDS = List.of(VERSION, START_NODE, DYNAMIC_VARIABLES, RUNTIME_VARIABLES,
      REASON);

  public int turnNumber() {
    return turnIndex + 1;
  }

  public String domId() {
    return "resume-" + turnIndex;
  }

  public String action() {
    return "/runs/" + runId + "/turns/" + turnIndex + "/resume";
  }

  public String previewAction() {
    return action() + "/preview";
  }

  public String actionsHref() {
    return "/runs/" + runId + "/turns/" + turnIndex + "/actions";
  }

  public String actionsDomId() {
    return "turn-" + turnIndex + "-actions";
  }

  public String runHref() {
    return "/runs/" + runId + "#turn-" + turnIndex;
  }

  public String fieldId(String field) {
    return domId() + "-" + field.replace('_', '-');
  }

  public String errorId(String field) {
    return fieldId(field) + "-error";
  }

  public String error(String field) {
    return errors.get(field);
  }

  /** The {@code aria-describedby} of a field: its error when it has one. */
  public String describedBy(String field) {
    return errors.containsKey(field) ? errorId(field) : null;
  }

  /** Submitting makes sense: nothing the preview found would make the fork fail. */
  public boolean canSubmit() {
    return preview == null || !preview.available() || preview.canFork();
  }
}
