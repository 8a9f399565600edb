package dev.turnpoint.persistence;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Deploys the persistence verticle for a test. */
final class PersistenceFixture {

  private PersistenceFixture() {
  }

  /** A throw-away in-memory database behind the store services. */
  static Future<String> deployInMemory(Vertx vertx) {
    return deploy(vertx, new JsonObject().put("embedded_backend", "memory"));
  }

  static Future<String> deploy(Vertx vertx, JsonObject config) {
    return vertx.deployVerticle(new PersistenceVerticle(), new DeploymentOptions().setConfig(config));
  }
}
