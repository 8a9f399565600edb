package dev.turnpoint.console.runs;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Reads the run events the engine publishes ({@code Addresses.EVENT_TURN_COMPLETED}, {@code EVENT_STATUS_CHANGED})
 * just far enough to tell which run and team they concern. A live stream re-reads the run through the team-scoped
 * store, so the event's payload is never shown as it came.
 */
final class RunEvents {

  private RunEvents() {
  }

  /** Whether {@code body} (a JSON object, or its text) is about {@code runId} of {@code teamId}. */
  static boolean concerns(Object body, String teamId, String runId) {
    JsonObject event = asJson(body);
    if (event == null) {
      return false;
    }
    Object team = event.getValue("team_id");
    if (team != null && !teamId.equals(team)) {
      return false;
    }
    return runId.equals(event.getValue("run_id")) || runId.equals(event.getValue("workflow_run_id"))
        || runId.equals(event.getValue("_id"));
  }

  private static JsonObject asJson(Object body) {
    if (body instanceof JsonObject json) {
      return json;
    }
    if (body instanceof String text) {
      try {
        return new JsonObject(text);
      } catch (DecodeException e) {
        return null;
      }
    }
    return null;
  }
}
