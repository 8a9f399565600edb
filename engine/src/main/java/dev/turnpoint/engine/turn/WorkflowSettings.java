package dev.turnpoint.engine.turn;

import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * The switches a workflow keeps in {@code workflow_config.miscellaneous}, which the SDK writes as booleans or as the
 * strings {@code "true"}/{@code "false"}.
 */
final class WorkflowSettings {

  private WorkflowSettings() {
  }

  /** The switch {@code key}, or {@code fallback} when it is missing or neither a boolean nor "true"/"false". */
  static boolean flag(WorkflowConfigFullyHydrated graph, String key, boolean fallback) {
    JsonObject settings = graph.workflowConfig == null ? null : graph.workflowConfig.miscellaneous;
    Object value = settings == null ? null : settings.getValue(key);
    if (value instanceof Boolean flag) {
      return flag;
    }
    if (value instanceof String text) {
      String normal = text.strip().toLowerCase(Locale.ROOT);
      if (normal.equals("true") || normal.equals("false")) {
        return Boolean.parseBoolean(normal);
      }
    }
    return fallback;
  }
}
