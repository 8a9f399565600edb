package dev.turnpoint.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Request heads larger than the configured limits are refused before any handler sees them. */
class RequestSizeLimitsTest {

  private static ConsoleFixture fixture;

  @BeforeAll
  static void start() {
    fixture = ConsoleFixture.start(new JsonObject().put("max_header_size_bytes", 1_024)
        .put("max_initial_line_length", 512));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void headersOverTheLimitAre431() {
    HttpResponse<Buffer> small = fixture.browser().get("/sign-in").putHeader("X-Padding", "x".repeat(500))
        .send().await();
    HttpResponse<Buffer> large = fixture.browser().get("/sign-in").putHeader("X-Padding", "x".repeat(2_000))
        .send().await();

    assertThat(small.statusCode()).isEqualTo(200);
    assertThat(large.statusCode()).isEqualTo(431);
  }

  @Test
  void aRequestLineOverTheLimitIs414() {
    HttpResponse<Buffer> small = fixture.browser().get("/sign-in?return_to=%2F" + "r".repeat(300)).send().await();
    HttpResponse<Buffer> large = fixture.browser().get("/sign-in?return_to=%2F" + "r".repeat(600)).send().await();

    assertThat(small.statusCode()).isEqualTo(200);
    assertThat(large.statusCode()).isEqualTo(414);
  }
}
