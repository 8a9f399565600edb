package dev.turnpoint.engine;

import dev.turnpoint.engine.llm.AzureOpenAiProvider;
import dev.turnpoint.engine.llm.BedrockProvider;
import dev.turnpoint.engine.llm.GeminiProvider;
import dev.turnpoint.engine.llm.HostedProviders;
import dev.turnpoint.engine.turn.TurnSizeLimits;
import dev.turnpoint.engine.sandbox.SandboxSettings;
import dev.turnpoint.model.workflow.LlmType;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineConfigTest {

  @Test
  void everyKeyHasADefault() {
    EngineConfig config = EngineConfig.from(new JsonObject());
    assertThat(config.openAiBaseUrl()).isEqualTo("https://api.openai.com/v1");
    assertThat(config.openAiApiKey()).isNull();
    assertThat(config.defaultLlm().type).isEqualTo(LlmType.OPENAI_LLM);
    assertThat(config.defaultLlm().model).isEqualTo("gpt-4o-mini");
    assertThat(config.turnLeaseMs()).isEqualTo(15_000);
    assertThat(config.maxNodeExecutionsPerTurn()).isEqualTo(100);
    assertThat(config.maxConditionalHopsPerTurn()).isEqualTo(25);
    assertThat(config.reaperIntervalMs()).isEqualTo(60_000);
    assertThat(config.staleRunAfterMs()).isEqualTo(30 * 60_000);
    assertThat(config.turnLimits().maxDelaySeconds()).isEqualTo(300);
    assertThat(config.outbound().allow().isEmpty()).isTrue();
    assertThat(config.outbound().maxRedirects()).isEqualTo(5);
    assertThat(EngineConfig.from(null)).usingRecursiveComparison().isEqualTo(config);
  }

  @Test
  void givenKeysOverrideTheDefaults() {
    EngineConfig config = EngineConfig.from(new JsonObject()
        .put("openai_base_url", "http://llm.local/v1").put("openai_api_key", "sk-test")
        .put("default_llm", new JsonObject().put("type", "offline_llm").put("offline", new JsonObject()))
        .put("turn_lease_ms", 1000).put("max_node_executions_per_turn", 7).put("stale_run_after_ms", 5));
    assertThat(config.openAiSettings().baseUrl()).isEqualTo("http://llm.local/v1");
    assertThat(config.openAiSettings().apiKey()).isEqualTo("sk-test");
    assertThat(config.defaultLlm().type).isEqualTo(LlmType.OFFLINE_LLM);
    assertThat(config.turnLimits().maxNodeExecutionsPerTurn()).isEqualTo(7);
    assertThat(config.staleRunAfterMs()).isEqualTo(5);
    assertThat(EngineConfig.from(new JsonObject().put("openai_api_key", " ")).openAiApiKey()).isNull();
    assertThat(config.toString()).doesNotContain("sk-test").contains("openai_api_key=***");
  }

  @Test
  void theHostedProvidersHaveDefaultsAndTakeTheirKeysWithoutLoggingThem() {
    HostedProviders defaults = EngineConfig.from(new JsonObject()).hostedLlms();
    assertThat(defaults).isEqualTo(HostedProviders.defaults());
    assertThat(defaults.azure().apiVersion()).isEqualTo("2024-10-21");
    assertThat(defaults.anthropic().baseUrl()).isEqualTo("https://api.anthropic.com");
    assertThat(defaults.anthropic().defaultMaxTokens()).isEqualTo(4096);
    assertThat(defaults.google().baseUrl()).isEqualTo("https://generativelanguage.googleapis.com/v1beta");
    assertThat(defaults.bedrock().region()).isEqualTo("us-east-1");
    assertThat(defaults.bedrock().baseUrl()).isNull();

    EngineConfig config = EngineConfig.from(new JsonObject()
        .put("azure_openai_endpoint", "https://res.openai.azure.com").put("azure_openai_api_key", "az-secret")
        .put("azure_openai_api_version", "2025-01-01-preview")
        .put("anthropic_api_key", "ant-secret").put("anthropic_max_tokens", 512)
        .put("google_base_url", "https://gemini.local/v1beta").put("google_api_key", "goog-secret")
        .put("bedrock_region", "eu-west-1").put("bedrock_access_key_id", "AKIDX")
        .put("bedrock_secret_access_key", "aws-secret").put("bedrock_session_token", "aws-session")
        .put("bedrock_api_key", " "));
    HostedProviders hosted = config.hostedLlms();
    assertThat(hosted.azure()).isEqualTo(new AzureOpenAiProvider.Settings("https://res.openai.azure.com",
        "az-secret", "2025-01-01-preview"));
    assertThat(hosted.anthropic().apiKey()).isEqualTo("ant-secret");
    assertThat(hosted.anthropic().defaultMaxTokens()).isEqualTo(512);
    assertThat(hosted.google()).isEqualTo(new GeminiProvider.Settings("https://gemini.local/v1beta", "goog-secret"));
    assertThat(hosted.bedrock()).isEqualTo(new BedrockProvider.Settings("eu-west-1", null, null, "AKIDX",
        "aws-secret", "aws-session"));
    assertThat(config.toString()).contains("bedrock_region=eu-west-1")
        .doesNotContain("az-secret", "ant-secret", "goog-secret", "aws-secret", "aws-session");
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("anthropic_max_tokens", 0)))
        .hasMessageContaining("anthropic_max_tokens must be positive");
  }

  @Test
  void thePythonSandboxKeysAreReadAndChecked() {
    assertThat(EngineConfig.from(new JsonObject()).python()).isEqualTo(SandboxSettings.DEFAULT);
    EngineConfig config = EngineConfig.from(new JsonObject().put("python_interpreter", "/opt/py/bin/python3.12")
        .put("python_bwrap", "/opt/bwrap").put("python_prlimit", "/opt/prlimit").put("python_cpu_seconds", 2)
        .put("python_wall_timeout_ms", 3000).put("python_memory_mb", 64).put("python_max_output_bytes", 100)
        .put("python_max_open_files", 16).put("python_max_concurrent", 4));
    assertThat(config.python()).isEqualTo(new SandboxSettings("/opt/py/bin/python3.12", "/opt/bwrap", "/opt/prlimit",
        2, 3000, 64, 100, 16, 4));
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("python_cpu_seconds", 0)))
        .hasMessage("python_cpu_seconds must be positive");
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("python_memory_mb", 8)))
        .hasMessageStartingWith("python_memory_mb must be at least 32");
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("python_max_concurrent", -1)))
        .hasMessage("python_max_concurrent must be positive");
  }

  @Test
  void theOutboundAllowListAndRedirectBoundAreRead() throws Exception {
    EngineConfig config = EngineConfig.from(new JsonObject()
        .put("outbound_allow", new JsonArray().add("10.0.0.0/8").add("127.0.0.1:8080"))
        .put("outbound_max_redirects", 2).put("outbound_max_response_bytes", 4096));
    assertThat(config.outbound().maxRedirects()).isEqualTo(2);
    assertThat(config.outbound().maxResponseBytes()).isEqualTo(4096);
    assertThat(EngineConfig.from(new JsonObject()).outbound().maxResponseBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(config.outbound().allow().permits("10.1.1.1", InetAddress.getByName("10.1.1.1"), 80)).isTrue();
    assertThat(config.outbound().allow().permits("127.0.0.1", InetAddress.getByName("127.0.0.1"), 8081)).isFalse();
    assertThat(config.toString()).contains("outbound_allow=[10.0.0.0/8, 127.0.0.1:8080]");

    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("outbound_allow", "10.0.0.0/8")))
        .hasMessageContaining("outbound_allow must be a list of strings");
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("outbound_allow",
        new JsonArray().add("localhost")))).hasMessageContaining("outbound_allow entry 'localhost'");
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("outbound_max_redirects", 21)))
        .hasMessageContaining("outbound_max_redirects");
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("outbound_max_response_bytes", 0)))
        .hasMessageContaining("outbound_max_response_bytes");
  }

  @Test
  void theOperatorsLlmBaseUrlsAreTrusted() {
    EngineConfig config = EngineConfig.from(new JsonObject().put("openai_base_url", "http://127.0.0.1:11434/v1")
        .put("default_llm", new JsonObject().put("type", "custom_llm").put("model", "m")
            .put("base_url", "http://10.0.0.5:8000/v1/")));
    assertThat(config.openAiSettings().isOperatorBaseUrl("http://127.0.0.1:11434/v1/")).isTrue();
    assertThat(config.openAiSettings().isOperatorBaseUrl("http://10.0.0.5:8000/v1")).isTrue();
    assertThat(config.openAiSettings().isOperatorBaseUrl("http://10.0.0.6:8000/v1")).isFalse();
  }

  @Test
  void theTurnSizeLimitsAreReadWithTheirDefaults() {
    assertThat(EngineConfig.from(new JsonObject()).sizeLimits()).isEqualTo(TurnSizeLimits.DEFAULT);
    assertThat(TurnSizeLimits.DEFAULT).isEqualTo(new TurnSizeLimits(1 << 20, 1 << 20, 4 << 20, 200, 1 << 20, 8 << 20));
    EngineConfig config = EngineConfig.from(new JsonObject().put("max_rendered_chars", 10)
        .put("max_variable_bytes", 20).put("max_run_variables_bytes", 30).put("max_history_messages", 4)
        .put("max_history_bytes", 50).put("max_turn_output_bytes", 60));
    assertThat(config.sizeLimits()).isEqualTo(new TurnSizeLimits(10, 20, 30, 4, 50, 60));
    for (String key : List.of("max_rendered_chars", "max_variable_bytes", "max_run_variables_bytes",
        "max_history_messages", "max_history_bytes", "max_turn_output_bytes")) {
      assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put(key, 0))).hasMessageContaining(key);
    }
  }

  @Test
  void theSmsProviderLogsByDefaultAndAWebhookNeedsAUrl() {
    SmsSettings defaults = EngineConfig.from(new JsonObject()).sms();
    assertThat(defaults.provider()).isEqualTo("log");
    assertThat(defaults.webhookTimeoutMs()).isEqualTo(10_000);
    SmsSettings webhook = EngineConfig.from(new JsonObject().put("sms_provider", "Webhook")
        .put("sms_webhook_url", "https://sms.example.com/send").put("sms_webhook_timeout_ms", 2_500)).sms();
    assertThat(webhook.provider()).isEqualTo("webhook");
    assertThat(webhook.webhookUrl()).isEqualTo("https://sms.example.com/send");
    assertThat(webhook.webhookTimeoutMs()).isEqualTo(2_500);
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("sms_provider", "pigeon")))
        .hasMessageContaining("sms_provider");
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("sms_provider", "webhook")))
        .hasMessageContaining("sms_webhook_url");
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("sms_provider", "webhook")
        .put("sms_webhook_url", "ftp://sms.example.com"))).hasMessageContaining("sms_webhook_url");
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("sms_webhook_timeout_ms", 0)))
        .hasMessageContaining("sms_webhook_timeout_ms");
  }

  @Test
  void evaluationRunsAreBounded() {
    EngineConfig defaults = EngineConfig.from(new JsonObject());
    assertThat(defaults.maxConcurrentEvaluations()).isEqualTo(2);
    assertThat(defaults.maxWaitingEvaluations()).isEqualTo(1000);
    EngineConfig given = EngineConfig.from(new JsonObject().put("max_concurrent_evaluations", 8)
        .put("max_waiting_evaluations", 0));
    assertThat(given.maxConcurrentEvaluations()).isEqualTo(8);
    assertThat(given.maxWaitingEvaluations()).isZero();
    assertThat(given.toString()).contains("max_concurrent_evaluations=8");
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("max_concurrent_evaluations", 0)))
        .hasMessageContaining("max_concurrent_evaluations");
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("max_waiting_evaluations", -1)))
        .hasMessageContaining("max_waiting_evaluations");
  }

  @Test
  void nonsenseIsRejectedAndTheVerticleDoesNotStart() {
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("turn_lease_ms", 0)))
        .hasMessageContaining("turn_lease_ms");
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("reaper_batch_size", 5000)))
        .hasMessageContaining("reaper_batch_size");
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("default_llm",
        new JsonObject().put("type", "global_default_llm")))).hasMessageContaining("default_llm");
    assertThatThrownBy(() -> EngineConfig.from(new JsonObject().put("default_llm",
        new JsonObject().put("type", "telepathy_llm")))).hasMessageContaining("default_llm");

    Vertx vertx = Vertx.vertx();
    try {
      assertThatThrownBy(() -> vertx.deployVerticle(new EngineVerticle(), new DeploymentOptions()
          .setConfig(new JsonObject().put("max_node_executions_per_turn", "many"))).await())
          .hasMessageContaining("invalid engine configuration");
    } finally {
      vertx.close().await();
    }
  }
}
