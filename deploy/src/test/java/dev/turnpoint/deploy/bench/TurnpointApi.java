package dev.turnpoint.deploy.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The few REST calls the harnesses make, against a Turnpoint on 127.0.0.1, with the platform-admin key, and the body
 * of a user's turn, which the crash tests of other packages send too. Calls other than {@link #createWorkflow} answer
 * the response whatever its status, so the caller can count and check it.
 */
public final class TurnpointApi {

  private static final String WORKFLOWS = "/workflows/v1/workflows";
  private static final String RUNS = "/workflows/v1/workflow-runs";

  private final WebClient client;
  private final int port;
  private final String apiKey;

  TurnpointApi(WebClient client, int port, String apiKey) {
    this.client = client;
    this.port = port;
    this.apiKey = apiKey;
  }

  /** Creates the workflow whose fully hydrated config is the class-path resource {@code resource}; answers its id. */
  Future<String> createWorkflow(String resource) {
    return client.post(port, "127.0.0.1", WORKFLOWS)
        .bearerTokenAuthentication(apiKey)
        .sendJsonObject(readResource(resource))
        .map(response -> {
          if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new AssertionError("creating the workflow answered " + response.statusCode() + ": "
                + response.bodyAsString());
          }
          return response.bodyAsJsonObject().getJsonObject("workflow").getString("_id");
        });
  }

  /**
   * One turn: without a run id, the {@code start} that creates a run and greets; with one, a user message. The
   * response is answered whatever its status, so the caller can count and check it.
   */
  Future<HttpResponse<Buffer>> executeTurn(String workflowId, String runId, String userMessage) {
    JsonObject body = runId == null
        ? new JsonObject().put("run_input", new JsonObject().put("command", "start"))
        : userTurn(runId, userMessage);
    return client.post(port, "127.0.0.1", WORKFLOWS + "/" + workflowId + "/execute")
        .bearerTokenAuthentication(apiKey)
        .sendJsonObject(body);
  }

  /** {@code POST …/checkpoint-run}: a new run from the checkpoint after turn {@code resumeTurnIndex} of a run. */
  Future<HttpResponse<Buffer>> checkpointRun(String workflowId, String runId, int resumeTurnIndex) {
    return client.post(port, "127.0.0.1", checkpointRunPath(workflowId, runId))
        .bearerTokenAuthentication(apiKey)
        .sendJsonObject(new JsonObject().put("resume_turn_index", resumeTurnIndex));
  }

  /**
   * {@code POST …/checkpoint-run/preview}: what a checkpoint run would carry from the checkpoint after turn
   * {@code resumeTurnIndex} (its variables and where each thread stands), creating nothing. The REST API's way to read
   * a checkpoint.
   */
  Future<HttpResponse<Buffer>> previewCheckpointRun(String workflowId, String runId, int resumeTurnIndex) {
    return client.post(port, "127.0.0.1", checkpointRunPath(workflowId, runId) + "/preview")
        .bearerTokenAuthentication(apiKey)
        .sendJsonObject(new JsonObject().put("resume_turn_index", resumeTurnIndex));
  }

  /** {@code GET /workflow-runs/{id}}: the run with all its turns. */
  Future<HttpResponse<Buffer>> getRun(String runId) {
    return client.get(port, "127.0.0.1", RUNS + "/" + runId)
        .bearerTokenAuthentication(apiKey)
        .send();
  }

  /** {@code GET /workflow-runs?workflow_id=…&size=…}: the first page of a workflow's runs, and their total. */
  Future<HttpResponse<Buffer>> listRuns(String workflowId, int pageSize) {
    return client.get(port, "127.0.0.1", RUNS)
        .addQueryParam("workflow_id", workflowId)
        .addQueryParam("size", Integer.toString(pageSize))
        .bearerTokenAuthentication(apiKey)
        .send();
  }

  private static String checkpointRunPath(String workflowId, String runId) {
    return WORKFLOWS + "/" + workflowId + "/runs/" + runId + "/checkpoint-run";
  }

  /** The body of {@code POST …/execute} that sends {@code text} to run {@code runId}'s conversation as the user. */
  public static JsonObject userTurn(String runId, String text) {
    JsonObject message = new JsonObject().put("type", "human").put("content", text);
    JsonObject input = new JsonObject().put("type", "llm").put("messages", new JsonArray().add(message));
    return new JsonObject().put("run_id", runId).put("run_input", new JsonObject()
        .put("command", "data")
        .put("thread_to_node_inputs", new JsonObject().put("0", new JsonObject()
            .put("node_run_inputs", new JsonArray().add(input)))));
  }

  private static JsonObject readResource(String name) {
    try (InputStream in = TurnpointApi.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
