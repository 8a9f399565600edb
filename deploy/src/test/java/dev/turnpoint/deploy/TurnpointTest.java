package dev.turnpoint.deploy;

import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.Page;
import dev.turnpoint.service.PageQuery;
import dev.turnpoint.service.RunQuery;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts the whole of Turnpoint in-process, as Main does, on the memory backend and free ports. */
class TurnpointTest {

  @TempDir
  static Path dataDir;

  private static Turnpoint turnpoint;
  private static WebClient client;

  @BeforeAll
  static void start() {
    TurnpointConfig config = TurnpointConfig.load(null, Map.of(
        "TURNPOINT_DATA_DIR", dataDir.toString(),
        "TURNPOINT_HTTP_PORT", "0",
        "TURNPOINT_CONSOLE_PORT", "0",
        "TURNPOINT_HOST", "127.0.0.1"));
    config.persistence().put("embedded_backend", "memory");
    turnpoint = Turnpoint.start(config);
    client = WebClient.create(turnpoint.vertx());
  }

  @AfterAll
  static void stop() {
    turnpoint.close();
  }

  @Test
  void theAdminKeyIsWrittenForItsOwnerOnlyAndOpensTheApi() throws IOException {
    Path keyFile = turnpoint.adminKeyFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    String key = Files.readString(keyFile).trim();

    HttpResponse<Buffer> workflows = client.get(turnpoint.apiPort(), "127.0.0.1", "/workflows/v1/workflows")
        .bearerTokenAuthentication(key).send().await();
    assertThat(workflows.statusCode()).isEqualTo(200);
    HttpResponse<Buffer> anonymous = client.get(turnpoint.apiPort(), "127.0.0.1", "/workflows/v1/workflows")
        .send().await();
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void everyPrintedUrlAnswers() {
    String banner = turnpoint.banner(1);
    assertThat(banner).contains("http://localhost:" + turnpoint.apiPort() + "/workflows/v1",
        "http://localhost:" + turnpoint.apiPort() + "/docs", "http://localhost:" + turnpoint.consolePort() + "/",
        turnpoint.adminKeyFile().toString());
    assertThat(status(turnpoint.apiPort(), "/workflows/v1/openapi.json")).isEqualTo(200);
    assertThat(status(turnpoint.apiPort(), "/docs")).isEqualTo(200);
    assertThat(status(turnpoint.consolePort(), "/sign-in")).isEqualTo(200);
  }

  @Test
  void theSamplesAreImportedOnceAndTheirRunsFinish() {
    WorkflowStore workflows = ServiceProxies.client(turnpoint.vertx(), WorkflowStore.class,
        Addresses.WORKFLOW_STORE);
    RunStore runs = ServiceProxies.client(turnpoint.vertx(), RunStore.class, Addresses.RUN_STORE);
    assertThat(workflows.listWorkflows("default", new PageQuery(1, 10, null)).await().total()).isEqualTo(2);
    Page<RunDocument> sampleRuns = runs.listRuns("default",
        new RunQuery(null, null, null, null, null, null, null, 1, 10)).await();
    assertThat(sampleRuns.items()).hasSize(3)
        .allSatisfy(run -> assertThat(run.workflowRun.status).isEqualTo(WorkflowStatus.COMPLETED));
    String apiUrl = "http://127.0.0.1:" + turnpoint.apiPort();
    List<List<String>> said = sampleRuns.items().stream()
        .map(row -> assistantSaid(runs.getRun("default", row.id).await().document())).toList();
    assertThat(said).as("the API-check sample read Turnpoint's own API, both times it was asked")
        .filteredOn(conversation -> conversation.stream().anyMatch(line -> line.startsWith("Turnpoint's API at")))
        .singleElement().satisfies(conversation -> assertThat(conversation)
            .filteredOn(line -> line.startsWith("Turnpoint's API at " + apiUrl + " is up: it describes"))
            .hasSize(2));
    assertThat(said).flatMap(conversation -> conversation)
        .noneMatch(line -> line.startsWith("I could not read Turnpoint's API"));

    int again = new SampleImporter(turnpoint.vertx(), "default", new io.vertx.core.json.JsonObject())
        .importIfEmpty();
    assertThat(again).isZero();
    assertThat(workflows.listWorkflows("default", new PageQuery(1, 10, null)).await().total()).isEqualTo(2);
  }

  /** What the assistant said in a run, turn after turn. */
  private static List<String> assistantSaid(RunDocument run) {
    return run.workflowRun.inputOutputPairs.stream()
        .flatMap(pair -> pair.runOutput.events.stream())
        .filter(event -> "assistant_response".equals(event.getString("type")))
        .map(event -> event.getString("content"))
        .toList();
  }

  private int status(int port, String path) {
    return client.get(port, "127.0.0.1", path).send().await().statusCode();
  }
}
