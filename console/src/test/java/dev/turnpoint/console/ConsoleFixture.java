package dev.turnpoint.console;

import dev.turnpoint.model.Ids;
import dev.turnpoint.model.Json;
import dev.turnpoint.model.run.LLMTokenUsage;
import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowRunInput;
import dev.turnpoint.model.run.WorkflowRunInputOutputPair;
import dev.turnpoint.model.run.WorkflowRunOutput;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.model.workflow.ConditionalEdge;
import dev.turnpoint.model.workflow.SayLlmNode;
import dev.turnpoint.model.workflow.SayStaticNode;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.persistence.PersistenceVerticle;
import dev.turnpoint.service.ApiKeyRole;
import dev.turnpoint.service.LeaseRequest;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.StatusChange;
import dev.turnpoint.service.TurnCommit;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A console on a free port over a throw-away in-memory database, with helpers to create keys, seed workflows and
 * runs through the real stores, and sign a browser-like client in.
 */
public final class ConsoleFixture implements AutoCloseable {

  public static final String TEAM = "team-console";
  public static final String OTHER_TEAM = "team-other";

  private static final Pattern CSRF_META = Pattern.compile("<meta name=\"csrf-token\" content=\"([0-9a-f]+)\">");

  public final Vertx vertx;
  public final ConsoleServices services;
  public final int port;
  private final ConsoleVerticle console;

  private ConsoleFixture(Vertx vertx, ConsoleVerticle console) {
    this.vertx = vertx;
    this.services = ConsoleServices.clients(vertx);
    this.console = console;
    this.port = console.port();
  }

  /** Starts persistence and the console; {@code consoleConfig} is merged over port 0 on the loopback interface. */
  public static ConsoleFixture start(JsonObject consoleConfig) {
    return start(consoleConfig, List.of(), new JsonObject());
  }

  /** As {@link #start(JsonObject)}, the console telling time by {@code clock}. */
  public static ConsoleFixture start(JsonObject consoleConfig, Clock clock) {
    return start(consoleConfig, List.of(), new JsonObject(), clock);
  }

  /**
   * As {@link #start(JsonObject)}, deploying {@code services} (the engine, say) with {@code servicesConfig} between
   * persistence and the console.
   */
  public static ConsoleFixture start(JsonObject consoleConfig,
                                     List<java.util.function.Supplier<io.vertx.core.Deployable>> services,
                                     JsonObject servicesConfig) {
    return start(consoleConfig, services, servicesConfig, Clock.systemUTC());
  }

  private static ConsoleFixture start(JsonObject consoleConfig,
                                      List<java.util.function.Supplier<io.vertx.core.Deployable>> services,
                                      JsonObject servicesConfig, Clock clock) {
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(new PersistenceVerticle(),
        new DeploymentOptions().setConfig(new JsonObject().put("embedded_backend", "memory"))).await();
    for (java.util.function.Supplier<io.vertx.core.Deployable> service : services) {
      vertx.deployVerticle(service.get(), new DeploymentOptions().setConfig(servicesConfig)).await();
    }
    ConsoleVerticle console = new ConsoleVerticle(clock);
    JsonObject config = new JsonObject().put("http_port", 0).put("host", "127.0.0.1").mergeIn(consoleConfig);
    vertx.deployVerticle(console, new DeploymentOptions().setConfig(config)).await();
    return new ConsoleFixture(vertx, console);
  }

  /** The console's routes as mounted. */
  Router mountedRouter() {
    return console.mountedRouter();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public String createKey(String teamId, ApiKeyRole role) {
    return services.apiKeys().createKey(teamId, role, "console test", "fixture").await().key();
  }

  /** A client that keeps cookies like a browser and does not follow redirects, so tests can see them. */
  public WebClientSession browser() {
    return WebClientSession.create(WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("127.0.0.1").setDefaultPort(port).setFollowRedirects(false)));
  }

  /** Signs the client in with {@code key}; answers the CSRF token of the signed-in session. */
  public String signIn(WebClientSession browser, String key) {
    String token = csrfToken(browser.get("/sign-in").send().await());
    HttpResponse<Buffer> signedIn = browser.post("/sign-in")
        .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("csrf_token", token).add("api_key", key))
        .await();
    if (signedIn.statusCode() != 303) {
      throw new IllegalStateException("sign-in failed with " + signedIn.statusCode() + ": " + signedIn.bodyAsString());
    }
    return csrfToken(browser.get("/runs").send().await());
  }

  public static String csrfToken(HttpResponse<Buffer> page) {
    Matcher matcher = CSRF_META.matcher(page.bodyAsString());
    if (!matcher.find()) {
      throw new IllegalStateException("no CSRF token on the page: " + page.statusCode());
    }
    return matcher.group(1);
  }

  /** A small intake workflow: a greeting, an LLM intake that waits for the user, a conditional wrap-up. */
  public WorkflowDocument createWorkflow(String teamId, String name) {
    WorkflowConfigFullyHydrated graph = new WorkflowConfigFullyHydrated();
    graph.workflowConfig.name = name;
    graph.workflowConfig.description = "Greets, asks, wraps up.";
    SayStaticNode greet = new SayStaticNode();
    greet.logicalId = "node_greet";
    greet.name = "Greeting";
    greet.isStart = true;
    greet.staticMessagesConfig.staticMessages.add("Hello!");
    SayLlmNode intake = new SayLlmNode();
    intake.logicalId = "node_intake";
    intake.name = "Intake";
    intake.mainResponseConfig.prompt = "Ask for the caller's name.";
    SayStaticNode done = new SayStaticNode();
    done.logicalId = "node_done";
    done.name = "Wrap up";
    done.staticMessagesConfig.staticMessages.add("Thanks!");
    graph.nodeConfigs.addAll(List.of(greet, intake, done));
    ConditionalEdge toWrapUp = new ConditionalEdge();
    toWrapUp.logicalId = "edge_done";
    toWrapUp.name = "Have the name";
    toWrapUp.sourceNodeLogicalId = "node_intake";
    toWrapUp.destinationNodeLogicalId = "node_done";
    toWrapUp.condition.conditionExpression = "isNonEmpty([[full_name]])";
    graph.edgeConfigs.add(toWrapUp);
    return services.workflows().createWorkflow(teamId, "fixture", graph).await();
  }

  /** A run with one turn per message, each answered by the assistant; ends in {@code status}. */
  public RunRecord seedRun(String teamId, String workflowId, WorkflowStatus status, String... messages) {
    WorkflowRun run = new WorkflowRun();
    run.workflowId = workflowId;
    run.runBy = "fixture";
    String runId = services.runs().createRun(teamId, "fixture", run).await().runId();
    int turns = 0;
    for (String message : messages) {
      String lease = Ids.randomToken(8);
      services.runs().beginTurn(teamId, runId, LeaseRequest.holdingNothing(lease, 30_000)).await();
      turns = services.runs().commitTurn(teamId, runId, turn(lease, turns, message)).await().turnCount();
    }
    RunRecord current = services.runs().getRunHeader(teamId, runId).await();
    if (status != WorkflowStatus.WAITING_FOR_USER_INPUT) {
      current = services.runs().changeStatus(teamId, current.runId(),
          new StatusChange(current.revision(), status, null, "fixture")).await();
    }
    return current;
  }

  private static TurnCommit turn(String lease, int turnIndex, String message) {
    WorkflowRunInputOutputPair pair = new WorkflowRunInputOutputPair();
    pair.runInput = WorkflowRunInput.of(turnIndex == 0 ? RunCommand.START : RunCommand.DATA, message);
    pair.runOutput = new WorkflowRunOutput();
    double at = 1_700_000_000 + turnIndex * 10;
    pair.runOutput.events.add(new JsonObject().put("type", "start_node_run").put("timestamp", at)
        .put("origin_node_logical_id", "node_intake").put("origin_thread_id", "0"));
    pair.runOutput.events.add(new JsonObject().put("type", "assistant_response").put("timestamp", at + 0.4)
        .put("content", "You said: " + message).put("origin_node_logical_id", "node_intake"));
    pair.runOutput.events.add(new JsonObject().put("type", "workflow_show_state").put("timestamp", at + 0.5)
        .put("thread_id", "0").put("runtime_variables", new JsonObject().put("last_message", message)));
    LLMTokenUsage usage = new LLMTokenUsage();
    usage.record("offline-model", "offline", 10L * (turnIndex + 1), 5, false);
    WorkflowConfigFullyHydrated snapshot = null;
    if (turnIndex == 0) {
      snapshot = new WorkflowConfigFullyHydrated();
      snapshot.workflowConfig.name = "Snapshot name";
    }
    return new TurnCommit(lease, turnIndex, pair, new JsonObject().put("said", message),
        WorkflowStatus.WAITING_FOR_USER_INPUT, null, usage, null, snapshot, turnIndex == 0 ? 0 : null,
        turnIndex == 0 ? "Initial Version" : null);
  }

  /** The front-desk workflow of the test resources: greets, asks name and reason (offline LLM script), books. */
  public static WorkflowConfigFullyHydrated frontDesk() {
    try (InputStream in = ConsoleFixture.class.getResourceAsStream("/workflows/front-desk.json")) {
      return Json.fromJson(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)),
          WorkflowConfigFullyHydrated.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A run driven through the engine, which the fixture must have been started with: its start, then one turn per
   * user message. Answers the run's id.
   */
  public String driveRun(String teamId, String workflowId, String... messages) {
    WorkflowRunInput start = new WorkflowRunInput();
    start.command = RunCommand.START;
    start.workflowId = workflowId;
    String runId = services.engine().executeTurn(teamId, "seed", workflowId, null, null, start).await().runId;
    for (String message : messages) {
      services.engine().executeTurn(teamId, "seed", workflowId, runId, null, userMessage(message)).await();
    }
    return runId;
  }

  private static WorkflowRunInput userMessage(String message) {
    return WorkflowRunInput.of(RunCommand.DATA, message);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
