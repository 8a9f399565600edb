package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.http.HttpCaller;
import dev.turnpoint.engine.http.OutboundAllowList;
import dev.turnpoint.engine.http.OutboundClient;
import dev.turnpoint.engine.http.OutboundPolicy;
import dev.turnpoint.engine.llm.LlmGateway;
import dev.turnpoint.engine.llm.OfflineLlmProvider;
import dev.turnpoint.engine.llm.OpenAiCompatibleProvider;
import dev.turnpoint.engine.llm.OpenAiSettings;
import dev.turnpoint.engine.sandbox.PythonSandbox;
import dev.turnpoint.engine.sandbox.SandboxSettings;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.LlmType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.List;
import java.util.function.Function;

/**
 * Executors wired as the engine wires them, with an offline platform default and fast retries. Outbound requests
 * follow the default policy (public addresses only) unless a test passes one that allows its loopback server.
 */
final class TestExecutors {

  private TestExecutors() {
  }

  static TurnExecutor executor(Vertx vertx) {
    return executor(vertx, TurnLimits.DEFAULT, noRuns(), "http://127.0.0.1:9/v1");
  }

  static TurnExecutor executor(Vertx vertx, OutboundPolicy outbound) {
    return executor(vertx, TurnLimits.DEFAULT, noRuns(), "http://127.0.0.1:9/v1", outbound);
  }

  static TurnExecutor executor(Vertx vertx, TurnLimits limits, RunReader runs, String openAiBaseUrl) {
    return executor(vertx, limits, runs, openAiBaseUrl, OutboundPolicy.DEFAULT);
  }

  static TurnExecutor executor(Vertx vertx, TurnSizeLimits sizeLimits) {
    return executor(vertx, TurnLimits.DEFAULT, noRuns(), "http://127.0.0.1:9/v1", OutboundPolicy.DEFAULT,
        sizeLimits);
  }

  static TurnExecutor executor(Vertx vertx, TurnLimits limits, RunReader runs, String openAiBaseUrl,
                               OutboundPolicy outboundPolicy) {
    return executor(vertx, limits, runs, openAiBaseUrl, outboundPolicy, TurnSizeLimits.DEFAULT,
        outbound -> new LoggingSmsProvider());
  }

  static TurnExecutor executor(Vertx vertx, TurnLimits limits, RunReader runs, String openAiBaseUrl,
                               OutboundPolicy outboundPolicy, TurnSizeLimits sizeLimits) {
    return executor(vertx, limits, runs, openAiBaseUrl, outboundPolicy, sizeLimits,
        outbound -> new LoggingSmsProvider());
  }

  /** An executor whose {@code send_sms} nodes use the provider {@code sms} makes from the executor's client. */
  static TurnExecutor executor(Vertx vertx, OutboundPolicy outboundPolicy,
                               Function<OutboundClient, SmsProvider> sms) {
    return executor(vertx, TurnLimits.DEFAULT, noRuns(), "http://127.0.0.1:9/v1", outboundPolicy,
        TurnSizeLimits.DEFAULT, sms);
  }

  private static TurnExecutor executor(Vertx vertx, TurnLimits limits, RunReader runs, String openAiBaseUrl,
                                       OutboundPolicy outboundPolicy, TurnSizeLimits sizeLimits,
                                       Function<OutboundClient, SmsProvider> sms) {
    OutboundClient outbound = new OutboundClient(vertx, WebClient.create(vertx), outboundPolicy);
    OpenAiSettings settings = new OpenAiSettings(openAiBaseUrl, "platform-key", 2_000, 5, 20);
    LlmConfig platformDefault = new LlmConfig();
    platformDefault.type = LlmType.OFFLINE_LLM;
    platformDefault.offline = new JsonObject().put("default_reply", "platform default reply");
    LlmGateway gateway = LlmGateway.of(new OpenAiCompatibleProvider(vertx, outbound, settings),
        new OfflineLlmProvider(sizeLimits.maxRenderedChars()), platformDefault);
    return new TurnExecutor(vertx, gateway, new HttpCaller(outbound), runs, limits, sizeLimits,
        sms.apply(outbound), new PythonSandbox(vertx, SandboxSettings.DEFAULT));
  }

  /** A policy whose allow-list has just these entries. */
  static OutboundPolicy allowing(String... entries) {
    return new OutboundPolicy(OutboundAllowList.parse(List.of(entries)), OutboundPolicy.DEFAULT_MAX_REDIRECTS);
  }

  static RunReader noRuns() {
    return (team, run) -> Future.failedFuture("no run " + run);
  }
}
