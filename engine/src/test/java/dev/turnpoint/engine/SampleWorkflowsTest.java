package dev.turnpoint.engine;

import dev.turnpoint.model.run.InteractiveRunResponse;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.validation.WorkflowGraphValidator;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.turnpoint.engine.EngineFixture.input;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample workflows the deploy module ships, run with their scripted conversations on the offline provider. The
 * API check's {@code turnpoint_api_url} is pointed at a stand-in server, so the test needs no running Turnpoint.
 */
class SampleWorkflowsTest {

  private static final Path SAMPLES = Path.of("..", "deploy", "src", "main", "resources", "samples");
  private static EngineFixture fixture;
  private static HttpServer fakeApi;
  private static String fakeApiUrl;

  @BeforeAll
  static void deploy() {
    // The stand-in API listens on a port of loopback chosen later, and port 9 plays the server that is down.
    fixture = new EngineFixture(EngineFixture.testConfig()
        .put("outbound_allow", new JsonArray().add("127.0.0.1/32")));
    Router router = Router.router(fixture.vertx);
    router.get("/workflows/v1/openapi.json").handler(ctx -> ctx.json(new JsonObject()
        .put("openapi", "3.1.0")
        .put("info", new JsonObject().put("title", "Turnpoint API").put("version", "0.1.0"))
        .put("paths", new JsonObject().put("/workflows/v1/workflows", new JsonObject())
            .put("/workflows/v1/workflow-runs", new JsonObject()))));
    fakeApi = fixture.vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    fakeApiUrl = "http://127.0.0.1:" + fakeApi.actualPort();
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  private static List<Path> files(String folder) {
    try (Stream<Path> paths = Files.list(SAMPLES.resolve(folder))) {
      return paths.filter(path -> path.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject read(Path path) {
    try {
      return new JsonObject(Files.readString(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String workflowJson(String fileName) {
    try {
      return Files.readString(SAMPLES.resolve("workflows").resolve(fileName));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everySampleWorkflowIsNamedValidAndHasAScriptedRun() {
    List<Path> workflows = files("workflows");
    assertThat(workflows).extracting(path -> path.getFileName().toString())
        .contains("clinic-appointment-intake.json", "turnpoint-api-check.json");
    List<String> scripted = files("runs").stream().map(path -> read(path).getString("workflow")).toList();
    for (Path path : workflows) {
      WorkflowConfigFullyHydrated graph = GraphResources.graph(workflowJson(path.getFileName().toString()));
      assertThat(graph.workflowConfig.name).as(path.toString()).isNotBlank();
      assertThat(WorkflowGraphValidator.validate(graph)).as(path.toString()).isEmpty();
      assertThat(scripted).as(path.toString()).contains(path.getFileName().toString());
    }
    WorkflowConfigFullyHydrated apiCheck = GraphResources.graph(workflowJson("turnpoint-api-check.json"));
    assertThat(apiCheck.workflowConfig.defaultDynamicVariables().getString("turnpoint_api_url"))
        .isEqualTo("http://localhost:8080");
  }

  @TestFactory
  Stream<DynamicTest> everyScriptedRunReachesItsExpectedEnd() {
    return files("runs").stream().map(path -> DynamicTest.dynamicTest(path.getFileName().toString(), () -> {
      JsonObject script = read(path);
      JsonObject variables = script.getJsonObject("dynamic_variables", new JsonObject()).copy()
          .put("turnpoint_api_url", fakeApiUrl);
      ScriptedRun run = drive(script.getString("workflow"), variables,
          script.getJsonArray("messages").stream().map(String::valueOf).toList());
      List<InteractiveRunResponse> turns = run.turns();

      JsonObject expected = script.getJsonObject("expected");
      InteractiveRunResponse last = turns.get(turns.size() - 1);
      assertThat(last.status.wire()).isEqualTo(expected.getString("status"));
      assertThat(last.error).isNull();
      for (InteractiveRunResponse turn : turns.subList(0, turns.size() - 1)) {
        assertThat(turn.status).as("every turn but the last waits for the user")
            .isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
      }
      String lastSaid = turns.stream().flatMap(turn -> EngineServiceTest.said(turn).stream())
          .reduce((first, second) -> second).orElse("");
      if (expected.getString("last_message_contains") != null) {
        assertThat(lastSaid).contains(expected.getString("last_message_contains"));
      }
      assertThat(fixture.runs.getRun(run.team(), turns.get(0).runId).await().turnCount()).isEqualTo(turns.size());
    }));
  }

  @Test
  void theApiCheckReportsWhatItFoundAndAnUnreachableApiGracefully() {
    List<InteractiveRunResponse> up = drive("turnpoint-api-check.json",
        new JsonObject().put("turnpoint_api_url", fakeApiUrl), List.of("no thanks")).turns();
    assertThat(EngineServiceTest.said(up.get(0))).containsExactly(
        "Turnpoint's API at " + fakeApiUrl + " is up: it describes \"Turnpoint API\" version 0.1.0 with 2 paths.",
        "Shall I check the API again?");

    List<InteractiveRunResponse> down = drive("turnpoint-api-check.json",
        new JsonObject().put("turnpoint_api_url", "http://127.0.0.1:9"), List.of("no thanks")).turns();
    assertThat(EngineServiceTest.said(down.get(0)).get(0))
        .startsWith("I could not read Turnpoint's API description at http://127.0.0.1:9/workflows/v1/openapi.json "
            + "(HTTP status none; ")
        .endsWith("Is the server running?");
    assertThat(down.get(1).status).isEqualTo(WorkflowStatus.COMPLETED);
  }

  private record ScriptedRun(String team, List<InteractiveRunResponse> turns) {
  }

  /** Starts a run of a sample workflow, in a team of its own, and sends the messages, one turn each. */
  private static ScriptedRun drive(String workflowFile, JsonObject dynamicVariables,
                                             List<String> messages) {
    String team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, workflowJson(workflowFile));
    WorkflowRunInput start = input(RunCommand.START);
    start.dynamicVariables = dynamicVariables;
    List<InteractiveRunResponse> turns = new ArrayList<>();
    turns.add(fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, null, null, start).await());
    for (String message : messages) {
      assertThat(turns.get(turns.size() - 1).status).as("before '" + message + "'")
          .isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
      turns.add(fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, turns.get(0).runId, null,
          input(RunCommand.DATA, message)).await());
    }
    return new ScriptedRun(team, turns);
  }
}
