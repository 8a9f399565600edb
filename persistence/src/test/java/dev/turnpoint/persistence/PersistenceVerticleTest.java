package dev.turnpoint.persistence;

import dev.turnpoint.model.Ids;
import dev.turnpoint.persistence.embedded.EmbeddedMongoServer;
import dev.turnpoint.persistence.embedded.IncompatibleDataFileException;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.ApiKeyStore;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.LeaseRequest;
import dev.turnpoint.service.PageQuery;
import dev.turnpoint.service.RunQuery;
import dev.turnpoint.service.RunRecord;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
  void aStartOnTheEmbeddedStoreReleasesTheLeasesThePreviousProcessLeft(Vertx vertx) throws IOException {
    Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "h2-stores")), "restart-");
    JsonObject onH2 = new JsonObject().put("embedded_backend", "h2").put("data_dir", dataDir.toString());
    String team = TestGraphs.newTeam();
    String first = PersistenceFixture.deploy(vertx, onH2).await();
    RunStore runs = ServiceProxies.client(vertx, RunStore.class, Addresses.RUN_STORE);
    RunRecord midTurn = TestRuns.play(runs, team, runs.createRun(team, "alice", TestRuns.newRun(Ids.newObjectId()))
        .await(), List.of("hello"));
    RunRecord idle = TestRuns.play(runs, team, runs.createRun(team, "alice", TestRuns.newRun(Ids.newObjectId()))
        .await(), List.of("hello"));
    RunRecord fresh = runs.createRun(team, "alice", TestRuns.newRun(Ids.newObjectId())).await();
    runs.beginTurn(team, midTurn.runId(), LeaseRequest.holdingNothing("gone", 24L * 60 * 60 * 1000)).await();
    vertx.undeploy(first).await();

    PersistenceFixture.deploy(vertx, onH2).await();

    RunRecord released = runs.getRunHeader(team, midTurn.runId()).await();
    assertThat(released.leaseToken()).isNull();
    assertThat(runs.beginTurn(team, midTurn.runId(), TestRuns.lease("after restart")).await().run().leaseToken())
        .isEqualTo("after restart");
    assertThat(failureOf(runs.commitTurn(team, midTurn.runId(), TestRuns.turn("gone", 1, "never answered"))))
        .isEqualTo(FailureCode.CONFLICT);
    assertThat(runs.getRunHeader(team, idle.runId()).await().revision()).as("a run without a lease is untouched")
        .isEqualTo(idle.revision());
    RunRecord freshAfter = runs.getRunHeader(team, fresh.runId()).await();
    assertThat(freshAfter.revision()).as("a run that never took a lease is untouched").isEqualTo(fresh.revision());
    assertThat(freshAfter.document().updatedAt).isEqualTo(fresh.document().updatedAt);
  }

  @Test
  void aSharedMongoDbKeepsTheLeasesAnotherInstanceHolds(Vertx vertx) {
    PersistenceFixture fixture = PersistenceFixture.withDirectAccess(vertx).await();
    try {
      String team = TestGraphs.newTeam();
      RunStore runs = ServiceProxies.client(vertx, RunStore.class, Addresses.RUN_STORE);
      RunRecord run = runs.createRun(team, "alice", TestRuns.newRun(Ids.newObjectId())).await();
      runs.beginTurn(team, run.runId(), TestRuns.lease("live")).await();

      fixture.deployVerticle().await();

      assertThat(runs.getRunHeader(team, run.runId()).await().leaseToken()).isEqualTo("live");
      assertThat(failureOf(runs.beginTurn(team, run.runId(), TestRuns.lease("other"))))
          .isEqualTo(FailureCode.CONFLICT);
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
