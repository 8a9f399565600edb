package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.http.HttpCaller;
import dev.turnpoint.engine.llm.LlmGateway;
import dev.turnpoint.engine.llm.OfflineLlmProvider;
import dev.turnpoint.engine.llm.OpenAiCompatibleProvider;
import dev.turnpoint.engine.llm.OpenAiSettings;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.LlmType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/** Executors wired as the engine wires them, with an offline platform default and fast retries. */
final class TestExecutors {

  private TestExecutors() {
  }

  static TurnExecutor executor(Vertx vertx) {
    return executor(vertx, TurnLimits.DEFAULT, noRuns(), "http://127.0.0.1:9/v1");
  }

  static TurnExecutor executor(Vertx vertx, TurnLimits limits, RunReader runs, String openAiBaseUrl) {
    WebClient client = WebClient.create(vertx);
    OpenAiSettings settings = new OpenAiSettings(openAiBaseUrl, "platform-key", 2_000, 5, 20);
    LlmConfig platformDefault = new LlmConfig();
    platformDefault.type = LlmType.OFFLINE_LLM;
    platformDefault.offline = new JsonObject().put("default_reply", "platform default reply");
    LlmGateway gateway = LlmGateway.of(new OpenAiCompatibleProvider(vertx, client, settings),
        new OfflineLlmProvider(), platformDefault);
    return new TurnExecutor(vertx, gateway, new HttpCaller(client), runs, limits);
  }

  static RunReader noRuns() {
    return (team, run) -> Future.failedFuture("no run " + run);
  }
}
