package dev.turnpoint.engine;

import dev.turnpoint.engine.checkpoint.CheckpointOperations;
import dev.turnpoint.engine.http.HttpCaller;
import dev.turnpoint.engine.http.OutboundClient;
import dev.turnpoint.engine.llm.AnthropicProvider;
import dev.turnpoint.engine.llm.AzureOpenAiProvider;
import dev.turnpoint.engine.llm.BedrockProvider;
import dev.turnpoint.engine.llm.GeminiProvider;
import dev.turnpoint.engine.llm.HostedProviders;
import dev.turnpoint.engine.llm.LlmGateway;
import dev.turnpoint.engine.llm.LlmHttpExchange;
import dev.turnpoint.engine.llm.OfflineLlmProvider;
import dev.turnpoint.engine.llm.OpenAiCompatibleProvider;
import dev.turnpoint.engine.sandbox.PythonSandbox;
import dev.turnpoint.engine.turn.TurnExecutor;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.CheckpointService;
import dev.turnpoint.service.EngineService;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes workflow runs: serves {@link EngineService} at {@link Addresses#ENGINE} and {@link CheckpointService} (forks
 * from a turn's checkpoint, their previews, lineage and diffs) at {@link Addresses#CHECKPOINTS}, reads workflows and
 * stores runs only through the {@link WorkflowStore} and {@link RunStore} services, publishes
 * {@link dev.turnpoint.service.RunEvents}, renews the turn leases it holds and periodically fails stale runs.
 * {@link #start()} completes once both services are registered.
 *
 * <p>Configuration (all optional, see {@link EngineConfig}):
 * <ul>
 *   <li>{@code openai_base_url} ({@code https://api.openai.com/v1}) and {@code openai_api_key} (none): used by
 *       {@code openai_llm}/{@code custom_llm} configs without their own {@code base_url}/{@code api_key}; deploy maps
 *       {@code TURNPOINT_OPENAI_BASE_URL}/{@code TURNPOINT_OPENAI_API_KEY} onto them. The operator chose this base
 *       URL (and {@code default_llm}'s {@code base_url}), so it is called even on loopback or a private network (a
 *       redirect from it to another origin is checked like any outbound request, and loses the key); a
 *       {@code base_url} inside a workflow is checked like any outbound request (below) and never gets the platform
 *       key: it is sent the workflow's own {@code api_key}, or none.</li>
 *   <li>The other hosted providers, for configs without their own credentials; deploy maps
 *       {@code TURNPOINT_<KEY IN UPPER CASE>} onto each. Unlike {@code openai_base_url} their URLs are checked like
 *       any outbound request, so a private gateway needs an {@code outbound_allow} entry.
 *       {@code azure_openai_endpoint} (none), {@code azure_openai_api_key} (none, sent only to that endpoint, never
 *       to one a workflow names) and {@code azure_openai_api_version} ({@code 2024-10-21});
 *       {@code anthropic_base_url} ({@code https://api.anthropic.com}), {@code anthropic_api_key} (none),
 *       {@code anthropic_version} ({@code 2023-06-01}) and {@code anthropic_max_tokens} (4096, the
 *       {@code max_tokens} Anthropic requires when a config sets none); {@code google_base_url}
 *       ({@code https://generativelanguage.googleapis.com/v1beta}) and {@code google_api_key} (none);
 *       {@code bedrock_region} ({@code us-east-1}), {@code bedrock_base_url} (none: the regional
 *       {@code bedrock-runtime} host), {@code bedrock_api_key} (none) or {@code bedrock_access_key_id},
 *       {@code bedrock_secret_access_key} and {@code bedrock_session_token} (none).</li>
 *   <li>{@code default_llm} ({@code {"type": "openai_llm", "model": "gpt-4o-mini"}}): the platform default
 *       {@code llms_config}, for nodes and workflows that name none.</li>
 *   <li>{@code llm_request_timeout_ms} (60000): per-attempt LLM timeout unless the config sets
 *       {@code request_timeout_ms}; {@code llm_retry_base_delay_ms} (500) and {@code llm_retry_max_delay_ms} (8000):
 *       back-off between retries.</li>
 *   <li>{@code turn_lease_ms} (15000, at most a day): how long a turn's lease on its run lasts unless renewed. The
 *       engine renews the leases it holds every third of it while their turns run ({@code LeaseRenewal}), so a turn
 *       may take far longer; a lease whose engine died runs out after it (on the embedded store it is released at
 *       the next start at once, see {@code PersistenceVerticle}).</li>
 *   <li>{@code max_node_executions_per_turn} (100) and {@code max_conditional_hops_per_turn} (25): beyond them a
 *       turn ends {@code aborted_looping_risk}; {@code max_no_op_delay_seconds} (300) caps {@code no_op} delays.</li>
 *   <li>{@code reaper_interval_ms} (60000; 0 turns the reaper off), {@code stale_run_after_ms} (1800000) and
 *       {@code reaper_batch_size} (100, at most 1000): the stale-run reaper.</li>
 *   <li>{@code store_timeout_ms} (30000): how long a call to the stores may take.</li>
 *   <li>{@code max_concurrent_evaluations} (2) and {@code max_waiting_evaluations} (1000): evaluation runs (a
 *       workflow's {@code evaluation_config}, see {@code RunEvaluations}) driven at once, and waiting to be driven;
 *       one more than that is marked {@code failed} at once. Deploy maps
 *       {@code TURNPOINT_MAX_CONCURRENT_EVALUATIONS} onto the first.</li>
 *   <li>{@code outbound_allow} (none), {@code outbound_max_redirects} (5, at most 20) and
 *       {@code outbound_max_response_bytes} (10 MiB; a longer answer fails the call and its connection is closed,
 *       see {@link dev.turnpoint.engine.http.OutboundClient}): {@code http_request} nodes,
 *       {@code external_api} tools and workflow-given LLM base URLs reach public addresses only. Loopback, private,
 *       link-local and carrier-grade NAT (cloud metadata), reserved, benchmarking, broadcast, unspecified and
 *       multicast addresses, IPv4 and IPv6 and IPv4-mapped forms, are refused after DNS resolution and on every
 *       redirect unless an entry of {@code outbound_allow} (a CIDR block, an IP address or {@code host:port}) permits
 *       them. A refusal fails that node's or tool's call, with the reason as its error, never the API request.
 *       Deploy maps the comma-separated {@code TURNPOINT_OUTBOUND_ALLOW} onto {@code outbound_allow}.</li>
 *   <li>What one turn may hold, so that no request can run the heap out however templates, variables and history
 *       multiply it ({@code TurnSizeLimits}): {@code max_rendered_chars} (1048576; the longest text a template
 *       renders, and all the strings of one request body or prompt together; rendering stops before the text past
 *       it is built), {@code max_variable_bytes} (1048576; one variable's value as JSON, whether it comes from the
 *       input, a node's output, an HTTP response or an LLM), {@code max_run_variables_bytes} (4194304; all dynamic
 *       and runtime variables of a run together), {@code max_turn_output_bytes} (8388608; the events and node
 *       outputs one turn records, which with the checkpoint keeps a turn's document within MongoDB's 16 MB). A turn
 *       that would pass one stops with a {@code workflow_error} naming the key; a run that was waiting for the user
 *       keeps the state it had before that turn and takes its next message as usual. {@code max_history_messages}
 *       (200) and {@code max_history_bytes} (1048576, more than any model's context window holds) bound each
 *       thread's message history, kept in the checkpoint and sent to LLMs: the oldest messages are dropped; one
 *       message larger than a whole history stops the turn. Deploy maps {@code TURNPOINT_MAX_RENDERED_CHARS},
 *       {@code TURNPOINT_MAX_VARIABLE_BYTES}, {@code TURNPOINT_MAX_RUN_VARIABLES_BYTES},
 *       {@code TURNPOINT_MAX_HISTORY_MESSAGES}, {@code TURNPOINT_MAX_HISTORY_BYTES} and
 *       {@code TURNPOINT_MAX_TURN_OUTPUT_BYTES} onto them.</li>
 *   <li>{@code sms_provider} ({@code log}): where {@code send_sms} nodes send; {@code log} only logs each message,
 *       {@code webhook} POSTs it as JSON to {@code sms_webhook_url} (through the outbound checks above, so a gateway
 *       on a private address needs an {@code outbound_allow} entry) within {@code sms_webhook_timeout_ms} (10000, at
 *       most 120000). See {@link SmsSettings}; deploy maps {@code TURNPOINT_SMS_PROVIDER},
 *       {@code TURNPOINT_SMS_WEBHOOK_URL} and {@code TURNPOINT_SMS_WEBHOOK_TIMEOUT_MS} onto them.</li>
 *   <li>{@code inline_python} tools run in a {@link PythonSandbox} (docs/sandbox.md): {@code python_interpreter}
 *       ({@code /usr/bin/python3}), {@code python_bwrap} ({@code /usr/bin/bwrap}) and {@code python_prlimit}
 *       ({@code /usr/bin/prlimit}) name the programs; each call may use {@code python_cpu_seconds} (5) of CPU,
 *       {@code python_wall_timeout_ms} (10000) of wall-clock time (a tool's {@code timeout_seconds} may shorten it),
 *       {@code python_memory_mb} (256) of address space, {@code python_max_output_bytes} (1048576) of output and
 *       {@code python_max_open_files} (64) descriptors; {@code python_max_concurrent} (2) calls run at once, the
 *       rest wait. A call past a limit is a failed tool call, and the run goes on. When a program is missing the
 *       engine logs it once at startup and each inline_python tool call fails saying so. Deploy maps
 *       {@code TURNPOINT_PYTHON_*} variables onto these keys.</li>
 * </ul>
 */
public class EngineVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EngineVerticle.class);

  private WebClient client;
  private MessageConsumer<String> consumer;
  private MessageConsumer<String> checkpointConsumer;
  private StaleRunReaper reaper;
  private LeaseRenewal renewal;
  private PythonSandbox python;

  @Override
  public Future<?> start() {
    EngineConfig settings;
    try {
      settings = EngineConfig.from(config());
    } catch (IllegalArgumentException | ClassCastException e) {
      return Future.failedFuture(new IllegalArgumentException("invalid engine configuration: " + e.getMessage(), e));
    }
    client = WebClient.create(vertx, new WebClientOptions().setUserAgent("Turnpoint"));
    WorkflowStore workflows = ServiceProxies.client(vertx, WorkflowStore.class, Addresses.WORKFLOW_STORE,
        settings.storeTimeoutMs());
    RunStore runs = ServiceProxies.client(vertx, RunStore.class, Addresses.RUN_STORE, settings.storeTimeoutMs());
    OutboundClient outbound = new OutboundClient(vertx, client, settings.outbound());
    LlmHttpExchange exchange = new LlmHttpExchange(vertx, outbound, settings.llmRequestTimeoutMs(),
        settings.llmRetryBaseDelayMs(), settings.llmRetryMaxDelayMs());
    HostedProviders hosted = settings.hostedLlms();
    LlmGateway llm = LlmGateway.standard(new OpenAiCompatibleProvider(exchange, settings.openAiSettings()),
        new AzureOpenAiProvider(exchange, hosted.azure()), new AnthropicProvider(exchange, hosted.anthropic()),
        new GeminiProvider(exchange, hosted.google()), new BedrockProvider(exchange, hosted.bedrock()),
        new OfflineLlmProvider(settings.sizeLimits().maxRenderedChars()), settings.defaultLlm());
    python = new PythonSandbox(vertx, settings.python());
    python.unavailableReason().onSuccess(reason -> {
      if (reason != null) {
        LOG.warn("inline_python tools cannot run: {}", reason);
      }
    });
    TurnExecutor executor = new TurnExecutor(vertx, llm, new HttpCaller(outbound),
        new StoreRunReader(runs, workflows), settings.turnLimits(), settings.sizeLimits(),
        settings.sms().provider(outbound), python);
    RunEventPublisher publisher = new RunEventPublisher(vertx.eventBus());
    renewal = new LeaseRenewal(vertx, runs, settings.turnLeaseMs());
    RunLifecycle lifecycle = new RunLifecycle(settings, workflows, runs, executor, publisher, renewal);
    reaper = new StaleRunReaper(vertx, runs, settings, publisher, lifecycle.evaluations());
    CheckpointService checkpoints = new CheckpointOperations(workflows, runs, lifecycle, vertx.eventBus());
    Future<MessageConsumer<String>> engine = ServiceProxies.register(vertx, EngineService.class, Addresses.ENGINE,
        lifecycle);
    Future<MessageConsumer<String>> forks = ServiceProxies.register(vertx, CheckpointService.class,
        Addresses.CHECKPOINTS, checkpoints);
    return Future.all(engine, forks).map(registered -> {
      consumer = engine.result();
      checkpointConsumer = forks.result();
      reaper.start();
      renewal.start();
      return null;
    });
  }

  @Override
  public Future<?> stop() {
    if (reaper != null) {
      reaper.stop();
    }
    if (renewal != null) {
      renewal.stop();
    }
    Future<Void> unregistered = Future.all(
        consumer == null ? Future.succeededFuture() : consumer.unregister(),
        checkpointConsumer == null ? Future.succeededFuture() : checkpointConsumer.unregister()).mapEmpty();
    return unregistered.andThen(done -> {
      if (client != null) {
        client.close();
      }
      if (python != null) {
        python.close();
      }
    });
  }
}
