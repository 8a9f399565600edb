package dev.turnpoint.engine.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests an {@code http_request} node or {@code external_api} tool cannot send: an error result, never a request. */
class HttpCallerTest {

  private static Vertx vertx;
  private static HttpCaller caller;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    caller = new HttpCaller(new OutboundClient(vertx, WebClient.create(vertx), OutboundPolicy.DEFAULT));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static HttpResult call(String method, String url) {
    return caller.call(new HttpCall(method, url, Map.of(), Map.of(), HttpCall.BodyKind.NONE, null, 1_000, "json"))
        .await();
  }

  @Test
  void aRequestThatCannotBeSentIsAnErrorResultWithItsReason() {
    assertThat(call("GET", "ftp://127.0.0.1/file").error()).isEqualTo("'ftp://127.0.0.1/file' is not an absolute "
        + "http(s) URL");
    assertThat(call("GET", "/relative").error()).isEqualTo("'/relative' is not an absolute http(s) URL");
    assertThat(call("GET", "not a url").error()).startsWith("'not a url' is not a valid URL: ");
    assertThat(call("GET", " ").error()).isEqualTo("the URL is empty");
    assertThat(call("TRACE", "https://example.com/").error()).isEqualTo("unsupported HTTP method 'TRACE'");
    HttpResult refused = call("GET", "http://127.0.0.1:9/status");
    assertThat(refused.error()).isEqualTo("refused: 127.0.0.1 is a loopback address and outbound_allow does not "
        + "permit it");
    assertThat(refused.statusCode()).isNull();
    assertThat(refused.curlCommand()).isEqualTo("curl -X GET 'http://127.0.0.1:9/status'");
  }
}
