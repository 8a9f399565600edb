package dev.turnpoint.persistence;

import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The workflow store contract against MongoDB, over the event bus and the real wire protocol. */
class MongoWorkflowStoreTest extends WorkflowStoreContract {
  @Override
  protected Future<WorkflowStore> startStore(Vertx vertx) {
    return PersistenceFixture.deployInMemory(vertx)
        .map(deployed -> ServiceProxies.client(vertx, WorkflowStore.class, Addresses.WORKFLOW_STORE));
  }
}
