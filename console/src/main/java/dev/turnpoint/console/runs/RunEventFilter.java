package dev.turnpoint.console.runs;

import dev.turnpoint.service.RunEvents;
import io.vertx.core.json.JsonObject;

/**
 * Tells whether a published run event ({@link RunEvents}: turn completed, status changed) or a console notice is
 * about one run of one team. A live stream re-reads the run through the team-scoped store, so an event's payload is
 * never shown as it came.
 */
final class RunEventFilter {

  private RunEventFilter() {
  }

  static boolean concerns(Object body, String teamId, String runId) {
    return body instanceof JsonObject event
        && teamId.equals(event.getValue(RunEvents.TEAM_ID))
        && runId.equals(event.getValue(RunEvents.RUN_ID));
  }
}
