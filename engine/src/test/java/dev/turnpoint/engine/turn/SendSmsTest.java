package dev.turnpoint.engine.turn;

import dev.turnpoint.engine.GraphResources;
import dev.turnpoint.engine.http.OutboundPolicy;
import dev.turnpoint.model.run.WorkflowStatus;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.turnpoint.engine.turn.TurnDriver.said;
import static dev.turnpoint.engine.turn.TurnDriver.types;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code send_sms} through the logging provider and through a webhook gateway behind the outbound allow-list. */
class SendSmsTest {

  private static final String RUN_ID = "66f000000000000000000074";
  private static final String GRAPH = """
      {"workflow_config": {"name": "SMS"},
       "dynamic_variables": {"phone": "+1 (415) 555-0123", "name": "Ada"},
       "node_configs": [
         {"logical_id": "node_sms", "name": "Confirm", "type": "send_sms", "is_start": true,
          "destination_phone_number": "{{phone}}", "message": "Hi {{name}}, your visit is confirmed."},
         {"logical_id": "node_after", "type": "say_static", "static_messages_config": {"static_messages": ["Sent."]}}
       ],
       "edge_configs": [{"logical_id": "e1", "type": "direct", "source_node_logical_id": "node_sms",
                         "destination_node_logical_id": "node_after"}]}
      """;

  @RegisterExtension
  static final OfflineEngine ENGINE = new OfflineEngine();

  private static final List<JsonObject> RECEIVED = new CopyOnWriteArrayList<>();
  private static HttpServer gateway;

  @BeforeAll
  static void startGateway() {
    gateway = ENGINE.vertx().createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      JsonObject message = body.toJsonObject();
      RECEIVED.add(message);
      boolean reject = message.getString("message").contains("reject");
      request.response().setStatusCode(reject ? 503 : 202).putHeader("content-type", "application/json")
          .end(new JsonObject().put("message_id", "gw-" + RECEIVED.size()).encode());
    })).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stopGateway() {
    gateway.close().await();
  }

  private static JsonObject smsEvent(TurnOutcome outcome) {
    return outcome.events().stream().filter(e -> "send_sms".equals(e.getString("type"))).findFirst().orElseThrow();
  }

  private static TurnOutcome run(TurnExecutor executor, String graph) {
    return new TurnDriver(executor, GraphResources.graph(graph), RUN_ID).start();
  }

  private static TurnExecutor webhook(OutboundPolicy policy) {
    String url = "http://127.0.0.1:" + gateway.actualPort() + "/sms";
    return TestExecutors.executor(ENGINE.vertx(), policy, outbound -> new WebhookSmsProvider(outbound, url, 5_000));
  }

  @Test
  void byDefaultTheMessageIsOnlyLoggedAndTheRunGoesOn() {
    TurnOutcome outcome = ENGINE.driver(GRAPH, RUN_ID).start();
    JsonObject sms = smsEvent(outcome);
    assertThat(sms.getBoolean("success")).isTrue();
    assertThat(sms.getString("provider")).isEqualTo("log");
    assertThat(sms.getString("destination_phone_number")).isEqualTo("+14155550123");
    assertThat(sms.getString("message")).isEqualTo("Hi Ada, your visit is confirmed.");
    JsonObject output = outcome.pair().runOutput.threadToNodeOutputs.get("0").get(0);
    assertThat(output.getString("sent_sms_message")).isEqualTo("Hi Ada, your visit is confirmed.");
    assertThat(said(outcome)).containsExactly("Sent.");
    assertThat(outcome.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void theWebhookProviderPostsTheMessageToAnAllowedGateway() {
    RECEIVED.clear();
    TurnOutcome outcome = run(webhook(TestExecutors.allowing("127.0.0.1/32")), GRAPH);
    assertThat(RECEIVED).singleElement().satisfies(message -> {
      assertThat(message.getString("to")).isEqualTo("+14155550123");
      assertThat(message.getString("message")).isEqualTo("Hi Ada, your visit is confirmed.");
      assertThat(message.getString("team_id")).isEqualTo(TurnDriver.TEAM);
      assertThat(message.getString("workflow_run_id")).isEqualTo(RUN_ID);
      assertThat(message.getString("node_logical_id")).isEqualTo("node_sms");
    });
    JsonObject sms = smsEvent(outcome);
    assertThat(sms.getString("provider")).isEqualTo("webhook");
    assertThat(sms.getString("message_id")).isEqualTo("gw-1");
  }

  @Test
  void aRefusedOrRejectedMessageIsRecordedAndTheRunGoesOn() {
    RECEIVED.clear();
    TurnOutcome refused = run(webhook(OutboundPolicy.DEFAULT), GRAPH);
    assertThat(RECEIVED).isEmpty();
    assertThat(smsEvent(refused).getBoolean("success")).isFalse();
    assertThat(smsEvent(refused).getString("error_message")).startsWith("the SMS was not sent:");
    assertThat(types(refused)).contains("workflow_warning").doesNotContain("workflow_error");
    assertThat(said(refused)).containsExactly("Sent.");

    TurnOutcome rejected = run(webhook(TestExecutors.allowing("127.0.0.1/32")),
        GRAPH.replace("your visit is confirmed", "reject this"));
    assertThat(smsEvent(rejected).getString("error_message")).contains("HTTP 503");
    assertThat(rejected.status()).isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void aNumberThatIsNotE164IsNotSent() {
    RECEIVED.clear();
    TurnOutcome outcome = run(webhook(TestExecutors.allowing("127.0.0.1/32")), GRAPH.replace("+1 (415)", "0"));
    assertThat(RECEIVED).isEmpty();
    assertThat(smsEvent(outcome).getString("error_message")).contains("not an E.164 number");
    assertThat(said(outcome)).containsExactly("Sent.");
  }
}
