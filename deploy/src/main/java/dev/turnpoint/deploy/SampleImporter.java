package dev.turnpoint.deploy;

import dev.turnpoint.model.Json;
import dev.turnpoint.model.run.InteractiveRunResponse;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.EngineService;
import dev.turnpoint.service.PageQuery;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports the sample workflows and drives a few sample runs of them, so a fresh Turnpoint has something to look at.
 * It runs only while the team has no workflow, so a restart never duplicates them.
 *
 * <p>{@code samples/index.json} lists the files: {@code {"workflows": [...], "runs": [...]}}. A workflow file is a
 * fully hydrated config; a run file is {@code {"workflow": "<workflow file>", "dynamic_variables": {...},
 * "messages": ["first user message", ...]}}: the run starts, then each message is one turn.
 */
final class SampleImporter {

  private static final Logger LOG = LoggerFactory.getLogger(SampleImporter.class);
  private static final String ROOT = "samples/";
  private static final String SYSTEM_USER = "turnpoint-samples";

  private final WorkflowStore workflows;
  private final EngineService engine;
  private final String teamId;
  private final JsonObject extraDynamicVariables;

  SampleImporter(Vertx vertx, String teamId, JsonObject extraDynamicVariables) {
    this.workflows = ServiceProxies.client(vertx, WorkflowStore.class, Addresses.WORKFLOW_STORE);
    this.engine = ServiceProxies.client(vertx, EngineService.class, Addresses.ENGINE, 120_000);
    this.teamId = teamId;
    this.extraDynamicVariables = extraDynamicVariables;
  }

  /** Imports everything unless the team already has workflows; answers how many runs were driven. */
  int importIfEmpty() {
    if (workflows.listWorkflows(teamId, new PageQuery(1, 1, null)).await().total() > 0) {
      return 0;
    }
    JsonObject index = readJson("index.json");
    Map<String, WorkflowDocument> imported = new HashMap<>();
    for (Object file : index.getJsonArray("workflows", new JsonArray())) {
      WorkflowConfigFullyHydrated graph = Json.fromJson(readJson("workflows/" + file),
          WorkflowConfigFullyHydrated.class);
      imported.put((String) file, workflows.createWorkflow(teamId, SYSTEM_USER, graph).await());
    }
    int runs = 0;
    for (Object file : index.getJsonArray("runs", new JsonArray())) {
      JsonObject script = readJson("runs/" + file);
      WorkflowDocument workflow = imported.get(script.getString("workflow"));
      if (workflow == null) {
        throw new IllegalStateException("sample run " + file + " names an unknown workflow");
      }
      driveRun(workflow.id, script);
      runs++;
    }
    LOG.info("Imported {} sample workflows and {} sample runs into team '{}'", imported.size(), runs, teamId);
    return runs;
  }

  private void driveRun(String workflowId, JsonObject script) {
    WorkflowRunInput start = new WorkflowRunInput();
    start.command = RunCommand.START;
    start.dynamicVariables = script.getJsonObject("dynamic_variables", new JsonObject()).copy()
        .mergeIn(extraDynamicVariables);
    InteractiveRunResponse turn = engine.executeTurn(teamId, SYSTEM_USER, workflowId, null, null, start).await();
    List<Object> messages = script.getJsonArray("messages", new JsonArray()).getList();
    for (Object message : messages) {
      if (turn.isCompleted) {
        break;
      }
      turn = engine.executeTurn(teamId, SYSTEM_USER, workflowId, turn.runId, null, userMessage((String) message))
          .await();
    }
  }

  static WorkflowRunInput userMessage(String text) {
    return WorkflowRunInput.of(RunCommand.DATA, text);
  }

  private static JsonObject readJson(String name) {
    try (InputStream in = SampleImporter.class.getClassLoader().getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("missing sample resource " + ROOT + name);
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
