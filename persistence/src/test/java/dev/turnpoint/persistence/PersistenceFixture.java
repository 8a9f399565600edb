package dev.turnpoint.persistence;

import dev.turnpoint.persistence.embedded.EmbeddedMongoServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Deploys the persistence verticle for a test, either on its own embedded in-memory server or, when the test needs
 * to look at the stored documents, on a server the fixture owns and can read directly.
 */
public final class PersistenceFixture {

  static final String DATABASE = "turnpoint";

  private final Vertx vertx;
  private final EmbeddedMongoServer server;
  private final Clock leaseClock;
  private final MongoClient database;

  private PersistenceFixture(Vertx vertx, EmbeddedMongoServer server, Clock leaseClock) {
    this.vertx = vertx;
    this.server = server;
    this.leaseClock = leaseClock;
    this.database = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", server.connectionString())
        .put("db_name", DATABASE));
  }

  /** A throw-away in-memory database behind the store services, exactly as other modules' tests deploy it. */
  static Future<String> deployInMemory(Vertx vertx) {
    return deploy(vertx, new JsonObject().put("embedded_backend", "memory"));
  }

  /**
   * The store services on the embedded H2 backend, as Turnpoint runs by default, in a fresh directory under
   * {@code target/} (the build's clean removes it).
   */
  static Future<String> deployOnH2(Vertx vertx) {
    return deployOnH2(vertx, Clock.systemUTC());
  }

  /** {@link #deployOnH2(Vertx)} with the run store's leases timed by {@code leaseClock}. */
  static Future<String> deployOnH2(Vertx vertx, Clock leaseClock) {
    try {
      Path target = Files.createDirectories(Path.of("target", "h2-stores"));
      Path dataDir = Files.createTempDirectory(target, "data-");
      return deploy(vertx, new JsonObject().put("embedded_backend", "h2").put("data_dir", dataDir.toString()),
          leaseClock);
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
  }

  static Future<String> deploy(Vertx vertx, JsonObject config) {
    return deploy(vertx, config, Clock.systemUTC());
  }

  static Future<String> deploy(Vertx vertx, JsonObject config, Clock leaseClock) {
    return vertx.deployVerticle(new PersistenceVerticle(leaseClock), new DeploymentOptions().setConfig(config));
  }

  /** Starts an in-memory server the test can read directly and deploys the verticle against it by URI. */
  public static Future<PersistenceFixture> withDirectAccess(Vertx vertx) {
    return withDirectAccess(vertx, Clock.systemUTC());
  }

  /** {@link #withDirectAccess(Vertx)} with the run store's leases timed by {@code leaseClock}. */
  public static Future<PersistenceFixture> withDirectAccess(Vertx vertx, Clock leaseClock) {
    return vertx.executeBlocking(() -> EmbeddedMongoServer.start(
            PersistenceConfig.from(new JsonObject().put("embedded_backend", "memory"))))
        .map(server -> new PersistenceFixture(vertx, server, leaseClock))
        .compose(fixture -> fixture.deployVerticle().map(fixture));
  }

  /** Deploys one more verticle on the same database. */
  Future<String> deployVerticle() {
    return deploy(vertx, new JsonObject()
        .put("mongo_uri", server.connectionString())
        .put("database", DATABASE), leaseClock);
  }

  /** The database, read and written without going through the stores. */
  public MongoClient database() {
    return database;
  }

  /** Undeploys every verticle, then closes the direct client and the server. */
  public void close() {
    Future.all(vertx.deploymentIDs().stream().map(vertx::undeploy).toList()).await();
    database.close().await();
    server.shutdown();
  }
}
