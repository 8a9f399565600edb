package dev.turnpoint.persistence;

import dev.turnpoint.persistence.embedded.EmbeddedMongoServer;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.turnpoint.persistence.TestRuns.messagesOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Acknowledged writes survive the process being killed, and a clean stop leaves the data reopenable. */
@ExtendWith(VertxExtension.class)
class DurabilityIT {

  private static final int ACKNOWLEDGED_WRITES = 60;

  @Test
  @Timeout(60)
  void everyAcknowledgedWriteSurvivesKillMinusNine(Vertx vertx, @TempDir Path dataDir) throws Exception {
    String team = TestGraphs.newTeam();
    Path childErrors = dataDir.resolve("writer-errors.log");
    Process writer = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        AcknowledgedWriter.class.getName(), dataDir.toString(), team)
        .redirectError(childErrors.toFile())
        .start();
    List<String> acknowledged = readAcknowledgements(writer, childErrors);
    writer.destroyForcibly();
    writer.waitFor();

    PersistenceFixture.deploy(vertx, h2(dataDir)).await();
    WorkflowStore workflows = ServiceProxies.client(vertx, WorkflowStore.class, Addresses.WORKFLOW_STORE);
    RunStore runs = ServiceProxies.client(vertx, RunStore.class, Addresses.RUN_STORE);

    Map<String, Integer> turnsPerRun = new HashMap<>();
    for (String write : acknowledged) {
      String[] parts = write.split(" ");
      switch (parts[0]) {
        case "workflow" -> assertThat(workflows.getWorkflow(team, parts[1]).await().id).isEqualTo(parts[1]);
        case "run" -> turnsPerRun.putIfAbsent(parts[1], 0);
        case "turn" -> turnsPerRun.merge(parts[1], Integer.parseInt(parts[2]) + 1, Math::max);
        default -> throw new AssertionError("unexpected line " + write);
      }
    }
    assertThat(turnsPerRun).isNotEmpty();
    for (Map.Entry<String, Integer> run : turnsPerRun.entrySet()) {
      RunRecord stored = runs.getRun(team, run.getKey()).await();
      assertThat(stored.turnCount()).isGreaterThanOrEqualTo(run.getValue());
      assertThat(messagesOf(stored).subList(0, run.getValue()))
          .containsExactlyElementsOf(List.of("message 0", "message 1", "message 2").subList(0, run.getValue()));
    }
  }

  @Test
  void aStoppedServerReopensWithItsData(Vertx vertx, @TempDir Path dataDir) {
    String team = TestGraphs.newTeam();
    String deployment = PersistenceFixture.deploy(vertx, h2(dataDir)).await();
    WorkflowStore workflows = ServiceProxies.client(vertx, WorkflowStore.class, Addresses.WORKFLOW_STORE);
    String workflowId = workflows.createWorkflow(team, "alice", TestGraphs.graph("Kept")).await().id;
    vertx.undeploy(deployment).await();

    PersistenceFixture.deploy(vertx, h2(dataDir)).await();

    assertThat(workflows.getWorkflow(team, workflowId).await().workflowConfig.name).isEqualTo("Kept");
    assertThat(Files.exists(dataDir.resolve(EmbeddedMongoServer.H2_FILE_NAME))).isTrue();
  }

  private static JsonObject h2(Path dataDir) {
    return new JsonObject().put("embedded_backend", "h2").put("data_dir", dataDir.toString());
  }

  /** Reads the writer's acknowledgements until there are enough; fails with its error output if it dies first. */
  private static List<String> readAcknowledgements(Process writer, Path childErrors) throws IOException {
    List<String> acknowledged = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acknowledged.size() < ACKNOWLEDGED_WRITES && (line = lines.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acknowledged.add(line.substring(4));
        }
      }
    }
    assertThat(acknowledged)
        .as("the writer stopped early:%n%s", Files.exists(childErrors) ? Files.readString(childErrors) : "")
        .hasSize(ACKNOWLEDGED_WRITES);
    return acknowledged;
  }
}
