package dev.turnpoint.console.runs;

import dev.turnpoint.service.RunEvents;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;

/**
 * The console's own notices about a run, local to this Vert.x instance: that a turn the console started has
 * finished or failed (with the reason, which no run event carries). Live streams of the run listen to them beside
 * the engine's published run events.
 */
final class RunNotices {

  static final String ADDRESS = "turnpoint.console.run-notices";
  static final String FAILURE = "failure";

  private RunNotices() {
  }

  static void publish(Vertx vertx, String teamId, String runId, String failure) {
    JsonObject notice = new JsonObject().put(RunEvents.TEAM_ID, teamId).put(RunEvents.RUN_ID, runId)
        .put(FAILURE, failure);
    vertx.eventBus().publish(ADDRESS, notice, new DeliveryOptions().setLocalOnly(true));
  }

  static MessageConsumer<JsonObject> subscribe(Vertx vertx, Handler<JsonObject> handler) {
    return vertx.eventBus().<JsonObject>localConsumer(ADDRESS, message -> handler.handle(message.body()));
  }
}
