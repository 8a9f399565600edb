package dev.turnpoint.engine;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.persistence.PersistenceVerticle;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.EngineService;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The persistence and engine verticles deployed side by side, with typed clients of their services. */
final class EngineFixture {
  static final String USER = "user-1";

  final Vertx vertx = Vertx.vertx();
  final EngineService engine;
  final WorkflowStore workflows;
  final RunStore runs;

  EngineFixture(JsonObject engineConfig) {
    vertx.deployVerticle(new PersistenceVerticle(), new DeploymentOptions()
        .setConfig(new JsonObject().put("embedded_backend", "memory"))).await();
    vertx.deployVerticle(new EngineVerticle(), new DeploymentOptions().setConfig(engineConfig)).await();
    engine = ServiceProxies.client(vertx, EngineService.class, Addresses.ENGINE);
    workflows = ServiceProxies.client(vertx, WorkflowStore.class, Addresses.WORKFLOW_STORE);
    runs = ServiceProxies.client(vertx, RunStore.class, Addresses.RUN_STORE);
  }

  /** Engine settings for tests: an offline platform default, no reaper, fast retries. */
  static JsonObject testConfig() {
    return new JsonObject()
        .put("default_llm", new JsonObject().put("type", "offline_llm"))
        .put("reaper_interval_ms", 0)
        .put("llm_retry_base_delay_ms", 5)
        .put("turn_lease_ms", 20_000);
  }

  void close() {
    vertx.close().await();
  }

  static String newTeam() {
    return "team-" + Ids.randomToken(6);
  }

  String createWorkflow(String team, String graphJson) {
    return workflows.createWorkflow(team, USER, GraphResources.graph(graphJson)).await().id;
  }

  static WorkflowRunInput input(RunCommand command, String... messages) {
    return WorkflowRunInput.of(command, messages);
  }

  static void assertFailsWith(Future<?> call, FailureCode code) {
    try {
      call.await();
      fail("expected " + code + " but the call succeeded");
    } catch (ServiceException e) {
      assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
    } catch (RuntimeException e) {
      assertThat(ServiceException.from(e).code()).as(String.valueOf(e.getMessage())).isEqualTo(code);
    }
  }
}
