package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.GraphResources;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Vert.x instance and an executor wired as {@link TestExecutors#executor(Vertx)} wires it, for the tests of one
 * class: {@code @RegisterExtension static final OfflineEngine engine = new OfflineEngine();}.
 */
final class OfflineEngine implements BeforeAllCallback, AfterAllCallback {

  private Vertx vertx;
  private TurnExecutor executor;

  @Override
  public void beforeAll(ExtensionContext context) {
    vertx = Vertx.vertx();
    executor = TestExecutors.executor(vertx);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    vertx.close().await();
  }

  Vertx vertx() {
    return vertx;
  }

  TurnExecutor executor() {
    return executor;
  }

  /** A driver of a new run with id {@code runId} of the workflow whose JSON is {@code graph}. */
  TurnDriver driver(String graph, String runId) {
    return new TurnDriver(executor, GraphResources.graph(graph), runId);
  }
}
