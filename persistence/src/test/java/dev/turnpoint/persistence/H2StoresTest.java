package dev.turnpoint.persistence;

import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.ApiKeyStore;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Nested;

import java.time.Clock;

/**
 * The store contracts again on the embedded H2 backend, which Turnpoint uses by default; the other store tests use
 * the in-memory backend. Both speak the same wire protocol, but documents and indexes live in different code.
 */
class H2StoresTest {

  private static <T> Future<T> onH2(Vertx vertx, Class<T> store, String address) {
    return PersistenceFixture.deployOnH2(vertx).map(deployed -> ServiceProxies.client(vertx, store, address));
  }

  @Nested
  class Runs extends RunStoreContract {
    @Override
    protected Future<RunStore> startStore(Vertx vertx, Clock leaseClock) {
      return PersistenceFixture.deployOnH2(vertx, leaseClock)
          .map(deployed -> ServiceProxies.client(vertx, RunStore.class, Addresses.RUN_STORE));
    }
  }

  @Nested
  class Workflows extends WorkflowStoreContract {
    @Override
    protected Future<WorkflowStore> startStore(Vertx vertx) {
      return onH2(vertx, WorkflowStore.class, Addresses.WORKFLOW_STORE);
    }
  }

  @Nested
  class ApiKeys extends ApiKeyStoreContract {
    @Override
    protected Future<ApiKeyStore> startEmptyStore(Vertx vertx) {
      return onH2(vertx, ApiKeyStore.class, Addresses.API_KEY_STORE);
    }
  }
}
