package dev.turnpoint.api;

import dev.turnpoint.api.limits.ConnectionLimits;
import dev.turnpoint.api.limits.RateLimitConfig;
import dev.turnpoint.model.validation.WorkflowLimits;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiConfigTest {

  @Test
  void everyKeyHasADefault() {
    ApiConfig config = ApiConfig.from(new JsonObject());

    assertThat(config).isEqualTo(new ApiConfig(8080, "0.0.0.0", 5L * 1024 * 1024, 64, null, 5_000, 120_000,
        new RateLimitConfig(50, 200, 10, 50, 10_000),
        new ConnectionLimits(1000, 60, 30_000, 8192, 4096, 64L * 1024 * 1024),
        new WorkflowLimits(2 * 1024 * 1024, 1000, 3000, 50, 100_000, 4000, 32)));
    assertThat(ApiConfig.from(null)).isEqualTo(config);
  }

  @Test
  void theSliceOverridesTheDefaults() {
    ApiConfig config = ApiConfig.from(new JsonObject().put("http_port", 0).put("host", "127.0.0.1")
        .put("body_limit_bytes", 1024).put("max_json_depth", 8).put("public_url", "https://api.example.com/")
        .put("api_key_cache_millis", 0).put("turn_timeout_millis", 500)
        .put("rate_limit_per_key", 2.5).put("rate_limit_per_key_burst", 5).put("rate_limit_per_address", 0)
        .put("rate_limit_per_address_burst", 1).put("rate_limit_tracked_clients", 7)
        .put("max_connections", 5).put("idle_timeout_seconds", 2).put("request_read_timeout_millis", 300)
        .put("max_header_bytes", 1000).put("max_initial_line_bytes", 200).put("max_answer_bytes_in_flight", 4096)
        .put("max_workflow_bytes", 4000).put("max_workflow_nodes", 10).put("max_workflow_edges", 20)
        .put("max_global_nodes", 3)
        .put("max_workflow_text_chars", 500).put("max_condition_expression_chars", 60)
        .put("max_condition_expression_depth", 5));

    assertThat(config).isEqualTo(new ApiConfig(0, "127.0.0.1", 1024, 8, "https://api.example.com", 0, 500,
        new RateLimitConfig(2.5, 5, 0, 1, 7), new ConnectionLimits(5, 2, 300, 1000, 200, 4096),
        new WorkflowLimits(4000, 10, 20, 3, 500, 60, 5)));
  }

  @Test
  void thePublicUrlIsDerivedFromHostAndPortWhenNotGiven() {
    assertThat(ApiConfig.from(new JsonObject()).publicBaseUrl(8080)).isEqualTo("http://localhost:8080");
    assertThat(ApiConfig.from(new JsonObject().put("host", "10.0.0.5")).publicBaseUrl(9000))
        .isEqualTo("http://10.0.0.5:9000");
    assertThat(ApiConfig.from(new JsonObject().put("host", "::1")).publicBaseUrl(9000))
        .isEqualTo("http://[::1]:9000");
    assertThat(ApiConfig.from(new JsonObject().put("public_url", "https://gw.example.com")).publicBaseUrl(9000))
        .isEqualTo("https://gw.example.com");
  }

  @Test
  void impossibleValuesAreRefused() {
    assertThatThrownBy(() -> ApiConfig.from(new JsonObject().put("http_port", 70_000)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http_port");
    assertThatThrownBy(() -> ApiConfig.from(new JsonObject().put("body_limit_bytes", 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("body_limit_bytes");
    assertThatThrownBy(() -> ApiConfig.from(new JsonObject().put("max_json_depth", 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_json_depth");
    assertThatThrownBy(() -> ApiConfig.from(new JsonObject().put("max_json_depth", 5000)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_json_depth");
    assertThatThrownBy(() -> ApiConfig.from(new JsonObject().put("max_workflow_nodes", 0)))
        .hasMessageContaining("max_workflow_nodes");
    assertThatThrownBy(() -> ApiConfig.from(new JsonObject().put("max_connections", 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_connections");
    assertThatThrownBy(() -> ApiConfig.from(new JsonObject().put("request_read_timeout_millis", -5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request_read_timeout_millis");
    assertThatThrownBy(() -> ApiConfig.from(new JsonObject().put("rate_limit_per_key", -1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate_limit_per_key");
    assertThatThrownBy(() -> ApiConfig.from(new JsonObject().put("rate_limit_per_address_burst", 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate_limit_per_address_burst");
  }
}
