package dev.turnpoint.engine.llm;

import dev.turnpoint.engine.http.OutboundAllowList;
import dev.turnpoint.engine.http.OutboundClient;
import dev.turnpoint.engine.http.OutboundPolicy;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * A provider's API on loopback for contract tests: it records every request (method, path, query, headers, body)
 * and answers each with the next queued answer, else with the default one. Providers reach it through an
 * {@link OutboundClient} whose allow-list names its port, as a deployment's outbound_allow would.
 */
final class LoopbackLlmStub {

  /** One request the stub received. */
  record Received(String method, String path, String query, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }

    String header(String name) {
      return headers.get(name);
    }
  }

  /** What the stub answers: a status and a JSON body. */
  record Answer(int status, JsonObject body, Consumer<io.vertx.core.http.HttpServerResponse> extra) {
    static Answer ok(JsonObject body) {
      return new Answer(200, body, response -> {
      });
    }

    static Answer status(int status) {
      return new Answer(status, new JsonObject().put("error", "busy"),
          response -> response.putHeader("Retry-After", "0"));
    }
  }

  final Vertx vertx;
  final Queue<Received> requests = new ConcurrentLinkedQueue<>();
  final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final HttpServer server;
  private volatile Answer fallback;

  LoopbackLlmStub(Vertx vertx, JsonObject defaultAnswer) {
    this.vertx = vertx;
    this.fallback = Answer.ok(defaultAnswer);
    this.server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      requests.add(new Received(request.method().name(), request.path(), request.query(),
          MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body));
      Answer answer = answers.poll();
      Answer chosen = answer == null ? fallback : answer;
      chosen.extra().accept(request.response());
      request.response().setStatusCode(chosen.status()).putHeader("Content-Type", "application/json")
          .end(chosen.body().encode());
    })).listen(0, "127.0.0.1").await();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  int port() {
    return server.actualPort();
  }

  void reset() {
    requests.clear();
    answers.clear();
  }

  /** An exchange whose allow-list names the stub's port, with fast retries. */
  LlmHttpExchange exchange() {
    return exchange(List.of("127.0.0.1:" + port()));
  }

  /** An exchange with exactly these allow-list entries. */
  LlmHttpExchange exchange(List<String> allow) {
    OutboundClient outbound = new OutboundClient(vertx, WebClient.create(vertx),
        new OutboundPolicy(OutboundAllowList.parse(allow), OutboundPolicy.DEFAULT_MAX_REDIRECTS));
    return new LlmHttpExchange(vertx, outbound, 5_000, 5, 20);
  }
}
