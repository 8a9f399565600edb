package dev.turnpoint.console;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleConfigTest {

  @Test
  void everyLimitHasADefault() {
    ConsoleConfig config = ConsoleConfig.fromJson(new JsonObject());

    assertThat(config.httpPort()).isEqualTo(8081);
    assertThat(config.publicOrigin()).isNull();
    assertThat(config.trustForwardedHeaders()).isFalse();
    assertThat(config.sessions()).isEqualTo(new ConsoleConfig.Sessions(Duration.ofHours(1), 10_000,
        Duration.ofSeconds(1)));
    assertThat(config.signIn()).isEqualTo(new ConsoleConfig.SignIn(5, Duration.ofMinutes(1), 10_000));
    assertThat(config.connections()).isEqualTo(new ConsoleConfig.Connections(1_000, 60, 8_192, 4_096));
  }

  @Test
  void readsEveryKey() {
    ConsoleConfig config = ConsoleConfig.fromJson(new JsonObject()
        .put("public_origin", "HTTPS://Console.Example.com:443/").put("trust_forwarded_headers", true)
        .put("session_timeout_minutes", 0.5).put("max_sessions", 20).put("key_check_interval_ms", 0)
        .put("sign_in_max_failures", 2).put("sign_in_failure_window_seconds", 10).put("sign_in_tracked_addresses", 7)
        .put("max_connections", 3).put("idle_timeout_seconds", 0).put("max_header_size_bytes", 2_048)
        .put("max_initial_line_length", 512));

    assertThat(config.publicOrigin()).isEqualTo("https://console.example.com");
    assertThat(config.trustForwardedHeaders()).isTrue();
    assertThat(config.sessions()).isEqualTo(new ConsoleConfig.Sessions(Duration.ofSeconds(30), 20, Duration.ZERO));
    assertThat(config.signIn()).isEqualTo(new ConsoleConfig.SignIn(2, Duration.ofSeconds(10), 7));
    assertThat(config.connections()).isEqualTo(new ConsoleConfig.Connections(3, 0, 2_048, 512));
  }

  @Test
  void refusesLimitsThatCannotWork() {
    for (JsonObject bad : new JsonObject[] {
        new JsonObject().put("max_sessions", 1),
        new JsonObject().put("session_timeout_minutes", 0),
        new JsonObject().put("key_check_interval_ms", -1),
        new JsonObject().put("sign_in_max_failures", 0),
        new JsonObject().put("sign_in_failure_window_seconds", 0),
        new JsonObject().put("sign_in_tracked_addresses", 0),
        new JsonObject().put("max_connections", 0),
        new JsonObject().put("idle_timeout_seconds", -1),
        new JsonObject().put("max_header_size_bytes", 100),
        new JsonObject().put("public_origin", "https://console.example.com/path"),
        new JsonObject().put("public_origin", "ftp://console.example.com"),
        new JsonObject().put("public_origin", "console.example.com")}) {
      assertThatThrownBy(() -> ConsoleConfig.fromJson(bad)).as(bad.encode())
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
