package dev.turnpoint.persistence;

import dev.turnpoint.model.Ids;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The process {@link DurabilityIT} kills: deploys persistence on an H2 file and writes through the store services
 * until it is killed, printing a line for every write only after the write was acknowledged.
 *
 * <p>Lines: {@code ACK workflow <id>}, {@code ACK run <id>}, {@code ACK turn <runId> <turnIndex>}.
 */
public final class AcknowledgedWriter {

  static final int MAX_ROUNDS = 10_000;

  private AcknowledgedWriter() {
  }

  /** Arguments: the data directory and the team to write for. A failed write ends the process (exit status 1). */
  public static void main(String[] args) {
    try {
      writeUntilKilled(args[0], args[1]);
    } catch (RuntimeException e) {
      e.printStackTrace();
      // Vert.x threads would keep the process alive, and the test would wait for acknowledgements forever.
      System.exit(1);
    }
  }

  private static void writeUntilKilled(String dataDir, String team) {
    Vertx vertx = Vertx.vertx();
    PersistenceFixture.deploy(vertx, new JsonObject().put("embedded_backend", "h2").put("data_dir", dataDir))
        .await();
    WorkflowStore workflows = ServiceProxies.client(vertx, WorkflowStore.class, Addresses.WORKFLOW_STORE);
    RunStore runs = ServiceProxies.client(vertx, RunStore.class, Addresses.RUN_STORE);

    for (int round = 0; round < MAX_ROUNDS; round++) {
      String workflowId = workflows.createWorkflow(team, "writer", TestGraphs.graph("Durable " + round)).await().id;
      acknowledge("workflow " + workflowId);
      RunRecord run = runs.createRun(team, "writer", TestRuns.newRun(workflowId)).await();
      acknowledge("run " + run.runId());
      for (int turn = 0; turn < 3; turn++) {
        String token = Ids.randomToken(8);
        runs.beginTurn(team, run.runId(), TestRuns.lease(token)).await();
        runs.commitTurn(team, run.runId(), TestRuns.turn(token, turn, "message " + turn)).await();
        acknowledge("turn " + run.runId() + " " + turn);
      }
    }
    vertx.close().await();
  }

  private static void acknowledge(String write) {
    System.out.println("ACK " + write);
    System.out.flush();
  }
}
