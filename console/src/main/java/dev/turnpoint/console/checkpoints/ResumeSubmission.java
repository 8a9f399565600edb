package dev.turnpoint.console.checkpoints;

import dev.turnpoint.console.web.ConsoleException;
import dev.turnpoint.console.web.Format;
import dev.turnpoint.console.web.RequestInput;
import dev.turnpoint.model.Ids;
import dev.turnpoint.service.checkpoint.CheckpointRunRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** A resume form as sent, and the checkpoint run request it makes, or what is wrong with it field by field. */
final class ResumeSubmission {

  static final String IDEMPOTENCY_KEY = "idempotency_key";
  static final String NODES_FOR_VERSION = "nodes_for_version";
  static final String REPLAY_INPUTS = "replay_inputs";
  static final String PLACEMENT = "placement";
  static final String INLINE = "inline";

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{16,128}");
  private static final Pattern VERSION_NUMBER = Pattern.compile("\\d{1,9}");
  private static final int MAX_NODE_ID_LENGTH = 200;

  /** The form's values as typed; blank selects mean the defaults (the run's graph, where the run was). */
  record Values(String version, String startNode, String dynamicVariables, String runtimeVariables, String reason,
                boolean replay, String idempotencyKey, String nodesForVersion, boolean inline) {

    /** A fresh form: everything at its default, and a new idempotency key. */
    static Values fresh(boolean inline) {
      return new Values("", "", "", "", "", false, newKey(), "", inline);
    }

    static Values from(RoutingContext ctx) {
      return new Values(text(ctx, ResumeForm.VERSION), text(ctx, ResumeForm.START_NODE),
          text(ctx, ResumeForm.DYNAMIC_VARIABLES), text(ctx, ResumeForm.RUNTIME_VARIABLES),
          text(ctx, ResumeForm.REASON), RequestInput.form(ctx, REPLAY_INPUTS) != null,
          RequestInput.form(ctx, IDEMPOTENCY_KEY), text(ctx, NODES_FOR_VERSION),
          INLINE.equals(RequestInput.form(ctx, PLACEMENT)));
    }

    /** The key as sent when it is one this console makes, else a new one (a re-rendered form must keep working). */
    Values withUsableKey() {
      return hasValidKey() ? this : withKey(newKey());
    }

    Values withKey(String key) {
      return new Values(version, startNode, dynamicVariables, runtimeVariables, reason, replay, key, nodesForVersion,
          inline);
    }

    boolean hasValidKey() {
      return idempotencyKey != null && KEY.matcher(idempotencyKey).matches();
    }

    private static String text(RoutingContext ctx, String field) {
      String value = RequestInput.form(ctx, field);
      return value == null ? "" : value;
    }
  }

  /**
   * What the values mean.
   *
   * @param request            the request, or null when a field is wrong
   * @param version            the target version (null: the run's own graph), as far as it could be read
   * @param startNode          the start node, null for where the run was
   * @param startNodeSwitched  the version changed since the start-node list was rendered
   */
  record Checked(CheckpointRunRequest request, Map<String, String> errors, Integer version, String startNode,
                 boolean startNodeSwitched, JsonObject dynamicOverrides, JsonObject runtimeOverrides) {
  }

  private ResumeSubmission() {
  }

  static String newKey() {
    return "console-" + Ids.randomToken(16);
  }

  /** The key a submission must carry; a form without one was not made by this console. */
  static void requireKey(Values values) {
    if (!values.hasValidKey()) {
      throw ConsoleException.badRequest("This form is incomplete. Reload the page and try again.");
    }
  }

  /**
   * Checks the values against the run and its workflow.
   *
   * @param previewing a preview while the form is edited: a start node the newly chosen version lacks is dropped
   *                   (its list is sent again) instead of being an error
   */
  static Checked check(ResumeContext context, Values values, boolean previewing) {
    Map<String, String> errors = new LinkedHashMap<>();
    Integer version = version(context, values.version(), errors);
    boolean switched = previewing && !Objects.equals(values.version().strip(), values.nodesForVersion().strip())
        && !errors.containsKey(ResumeForm.VERSION);
    String startNode = values.startNode().isBlank() ? null : values.startNode().strip();
    if (startNode != null && !errors.containsKey(ResumeForm.VERSION) && !context.hasNode(version, startNode)) {
      if (switched) {
        startNode = null;
      } else {
        errors.put(ResumeForm.START_NODE, context.graphName(version) + " has no enabled node '"
            + Format.excerpt(startNode, 60) + "'.");
      }
    }
    if (startNode != null && startNode.length() > MAX_NODE_ID_LENGTH) {
      errors.put(ResumeForm.START_NODE, "That is not a node of this workflow.");
    }
    VariableOverrides.Parsed dynamic = VariableOverrides.parse(values.dynamicVariables());
    if (!dynamic.valid()) {
      errors.put(ResumeForm.DYNAMIC_VARIABLES, dynamic.error());
    }
    VariableOverrides.Parsed runtime = VariableOverrides.parse(values.runtimeVariables());
    if (!runtime.valid()) {
      errors.put(ResumeForm.RUNTIME_VARIABLES, runtime.error());
    }
    String reason = values.reason().strip();
    if (reason.length() > CheckpointRunRequest.REASON_MAX_LENGTH) {
      errors.put(ResumeForm.REASON, "A reason can have at most " + Format.count(CheckpointRunRequest.REASON_MAX_LENGTH)
          + " characters.");
    }
    CheckpointRunRequest request = errors.isEmpty()
        ? new CheckpointRunRequest(context.run().workflowId, context.runId(), context.turnIndex(), startNode, version,
            dynamic.values(), runtime.values(), reason.isEmpty() ? null : reason, values.replay(),
            values.hasValidKey() ? values.idempotencyKey() : null)
        : null;
    return new Checked(request, Map.copyOf(errors), version, startNode, switched, dynamic.values(),
        runtime.values());
  }

  private static Integer version(ResumeContext context, String value, Map<String, String> errors) {
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    if (!VERSION_NUMBER.matcher(trimmed).matches() || !context.hasVersion(Integer.parseInt(trimmed))) {
      errors.put(ResumeForm.VERSION, "This workflow has no version '" + Format.excerpt(trimmed, 20) + "'.");
      return null;
    }
    return Integer.valueOf(trimmed);
  }
}
