package dev.turnpoint.engine;

import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.RunEvents;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Publishes the run events of {@link RunEvents} once the change they report is durable. */
final class RunEventPublisher {

  private final EventBus eventBus;

  RunEventPublisher(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  void turnCompleted(String teamId, String runId, String workflowId, int turnIndex, WorkflowStatus status,
                     String terminationSource, List<JsonObject> events) {
    eventBus.publish(Addresses.EVENT_TURN_COMPLETED,
        RunEvents.turnCompleted(teamId, runId, workflowId, turnIndex, status, terminationSource, events));
  }

  void statusChanged(String teamId, String runId, String workflowId, WorkflowStatus oldStatus,
                     WorkflowStatus newStatus, String terminationSource) {
    if (oldStatus != newStatus) {
      eventBus.publish(Addresses.EVENT_STATUS_CHANGED,
          RunEvents.statusChanged(teamId, runId, workflowId, oldStatus, newStatus, terminationSource));
    }
  }
}
