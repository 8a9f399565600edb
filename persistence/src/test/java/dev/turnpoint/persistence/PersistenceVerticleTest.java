package dev.turnpoint.persistence;

import dev.turnpoint.persistence.embedded.EmbeddedMongoServer;
import dev.turnpoint.persistence.embedded.IncompatibleDataFileException;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.ApiKeyStore;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.PageQuery;
import dev.turnpoint.service.RunQuery;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.turnpoint.persistence.Failures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class PersistenceVerticleTest {

  @Test
  void theMemoryBackendIsAllATestNeeds(Vertx vertx) {
    PersistenceFixture.deploy(vertx, new JsonObject().put("embedded_backend", "memory")).await();

    String team = TestGraphs.newTeam();
    assertThat(ServiceProxies.client(vertx, WorkflowStore.class, Addresses.WORKFLOW_STORE)
        .listWorkflows(team, new PageQuery(1, 10, null)).await().total()).isZero();
    assertThat(ServiceProxies.client(vertx, RunStore.class, Addresses.RUN_STORE)
        .listRuns(team, new RunQuery(null, null, null, null, null, null, null, 1, 10)).await().total()).isZero();
    assertThat(ServiceProxies.client(vertx, ApiKeyStore.class, Addresses.API_KEY_STORE)
        .listKeys(team).await()).isEmpty();
  }

  @Test
  void undeployingStopsTheServices(Vertx vertx) {
    String deployment = PersistenceFixture.deployInMemory(vertx).await();
    vertx.undeploy(deployment).await();

    ApiKeyStore keys = ServiceProxies.client(vertx, ApiKeyStore.class, Addresses.API_KEY_STORE);
    assertThat(failureOf(keys.listKeys("team"))).isEqualTo(FailureCode.UNAVAILABLE);
  }

  @Test
  void indexesAreEnsuredAgainAtEveryStart(Vertx vertx) {
    PersistenceFixture fixture = PersistenceFixture.withDirectAccess(vertx).await();
    try {
      fixture.deployVerticle().await();
      assertThat(fixture.database().listIndexes(MongoCollections.WORKFLOW_VERSIONS).await().stream()
          .map(index -> ((JsonObject) index).getString("name")))
          .contains("workflow_version_number");
      assertThat(fixture.database().listIndexes(MongoCollections.API_KEYS).await().stream()
          .map(index -> ((JsonObject) index).getString("name")))
          .contains("key_hash");
    } finally {
      fixture.close();
    }
  }

  @Test
  void aBadConfigurationFailsTheDeployment(Vertx vertx) {
    Throwable failure = PersistenceFixture.deploy(vertx, new JsonObject().put("embedded_backend", "disk"))
        .transform(Future::succeededFuture).await().cause();
    assertThat(failure).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embedded_backend");
  }

  @Test
  void aDataDirectoryFromBeforeTheFirstReleaseFailsTheDeploymentSayingWhy(Vertx vertx, @TempDir Path dataDir) {
    MVStore preRelease = new MVStore.Builder().fileName(dataDir.resolve(EmbeddedMongoServer.H2_FILE_NAME).toString())
        .open();
    preRelease.openMap("databases.turnpoint.workflows").put("wf-1", "a Java-serialized document");
    preRelease.close();

    Throwable failure = PersistenceFixture.deploy(vertx, new JsonObject().put("embedded_backend", "h2")
        .put("data_dir", dataDir.toString())).transform(Future::succeededFuture).await().cause();

    assertThat(failure).isInstanceOf(IncompatibleDataFileException.class).hasMessageContaining(dataDir.toString());
  }
}
