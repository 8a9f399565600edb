package dev.turnpoint.console;

import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.ApiKeyStore;
import dev.turnpoint.service.CheckpointService;
import dev.turnpoint.service.EngineService;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Vertx;

/** The event-bus services the console works through: the same contracts the REST API uses, never HTTP. */
public record ConsoleServices(WorkflowStore workflows, RunStore runs, ApiKeyStore apiKeys, EngineService engine,
                              CheckpointService checkpoints) {

  /**
   * A turn waits on LLM calls, so the engine gets far longer to answer than the stores; so do checkpoint runs, which
   * may replay many turns.
   */
  public static final long ENGINE_TIMEOUT_MS = 5 * 60_000;

  public static ConsoleServices clients(Vertx vertx) {
    return new ConsoleServices(
        ServiceProxies.client(vertx, WorkflowStore.class, Addresses.WORKFLOW_STORE),
        ServiceProxies.client(vertx, RunStore.class, Addresses.RUN_STORE),
        ServiceProxies.client(vertx, ApiKeyStore.class, Addresses.API_KEY_STORE),
        ServiceProxies.client(vertx, EngineService.class, Addresses.ENGINE, ENGINE_TIMEOUT_MS),
        ServiceProxies.client(vertx, CheckpointService.class, Addresses.CHECKPOINTS, ENGINE_TIMEOUT_MS));
  }
}
