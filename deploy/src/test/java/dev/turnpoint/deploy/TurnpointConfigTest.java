package dev.turnpoint.deploy;

import dev.turnpoint.console.ConsoleConfig;
import dev.turnpoint.persistence.PersistenceConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TurnpointConfigTest {

  @Test
  void defaultsRunEmbeddedOnTheDocumentedPorts() {
    TurnpointConfig config = TurnpointConfig.load(null, Map.of());
    assertThat(config.api().getInteger("http_port")).isEqualTo(8080);
    assertThat(config.console().getInteger("http_port")).isEqualTo(8081);
    assertThat(config.persistence().getString("mongo_uri")).isNull();
    assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
    assertThat(config.api().getString("host")).isEqualTo("0.0.0.0");
  }

  @Test
  void environmentOverridesTheFileWhichOverridesDefaults(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("turnpoint.json");
    Files.writeString(file, """
        {"api": {"http_port": 9000, "body_limit_bytes": 1000},
         "persistence": {"data_dir": "/srv/tp"},
         "server": {"host": "127.0.0.1"}}
        """);
    TurnpointConfig config = TurnpointConfig.load(file, Map.of(
        "TURNPOINT_HTTP_PORT", "9100",
        "TURNPOINT_MONGO_URI", "mongodb://db:27017",
        "TURNPOINT_OPENAI_BASE_URL", "http://127.0.0.1:1234/v1",
        "TURNPOINT_OUTBOUND_ALLOW", " 10.0.0.0/8, llm.internal:8000,,[::1]:9000 ",
        "TURNPOINT_MAX_CONCURRENT_EVALUATIONS", "6",
        "TURNPOINT_OUTBOUND_MAX_RESPONSE_BYTES", "65536"));
    assertThat(config.api().getInteger("http_port")).isEqualTo(9100);
    assertThat(config.api().getLong("body_limit_bytes")).isEqualTo(1000);
    assertThat(config.api().getString("host")).isEqualTo("127.0.0.1");
    assertThat(config.persistence().getString("data_dir")).isEqualTo("/srv/tp");
    assertThat(config.persistence().getString("mongo_uri")).isEqualTo("mongodb://db:27017");
    assertThat(config.engine().getString("openai_base_url")).isEqualTo("http://127.0.0.1:1234/v1");
    assertThat(config.engine().getInteger("max_concurrent_evaluations")).isEqualTo(6);
    assertThat(config.engine().getLong("outbound_max_response_bytes")).isEqualTo(65536L);
    assertThat(config.engine().getJsonArray("outbound_allow").getList())
        .containsExactly("10.0.0.0/8", "llm.internal:8000", "[::1]:9000");
  }

  @Test
  void theConsolesLimitsComeFromTheEnvironment() {
    TurnpointConfig config = TurnpointConfig.load(null, Map.ofEntries(
        Map.entry("TURNPOINT_CONSOLE_PUBLIC_ORIGIN", "https://console.example.com"),
        Map.entry("TURNPOINT_CONSOLE_TRUST_FORWARDED_HEADERS", "true"),
        Map.entry("TURNPOINT_CONSOLE_SESSION_TIMEOUT_MINUTES", "2.5"),
        Map.entry("TURNPOINT_CONSOLE_MAX_SESSIONS", "50"),
        Map.entry("TURNPOINT_CONSOLE_KEY_CHECK_INTERVAL_MS", "250"),
        Map.entry("TURNPOINT_CONSOLE_SIGN_IN_MAX_FAILURES", "3"),
        Map.entry("TURNPOINT_CONSOLE_SIGN_IN_FAILURE_WINDOW_SECONDS", "30"),
        Map.entry("TURNPOINT_CONSOLE_SIGN_IN_TRACKED_ADDRESSES", "100"),
        Map.entry("TURNPOINT_CONSOLE_MAX_CONNECTIONS", "20"),
        Map.entry("TURNPOINT_CONSOLE_IDLE_TIMEOUT_SECONDS", "90"),
        Map.entry("TURNPOINT_CONSOLE_MAX_HEADER_SIZE_BYTES", "4096"),
        Map.entry("TURNPOINT_CONSOLE_MAX_INITIAL_LINE_LENGTH", "2048")));

    ConsoleConfig console = ConsoleConfig.fromJson(config.console());

    assertThat(console.publicOrigin()).isEqualTo("https://console.example.com");
    assertThat(console.trustForwardedHeaders()).isTrue();
    assertThat(console.sessions()).isEqualTo(new ConsoleConfig.Sessions(Duration.ofSeconds(150), 50,
        Duration.ofMillis(250)));
    assertThat(console.signIn()).isEqualTo(new ConsoleConfig.SignIn(3, Duration.ofSeconds(30), 100));
    assertThat(console.connections()).isEqualTo(new ConsoleConfig.Connections(20, 90, 4096, 2048));
  }

  @Test
  void theHostedLlmProvidersTakeTheirSettingsFromTheEnvironment() {
    JsonObject engine = TurnpointConfig.load(null, Map.of("TURNPOINT_ANTHROPIC_API_KEY", "ant-key",
        "TURNPOINT_ANTHROPIC_MAX_TOKENS", "2048", "TURNPOINT_AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com",
        "TURNPOINT_GOOGLE_API_KEY", "goog-key", "TURNPOINT_BEDROCK_REGION", "eu-west-1",
        "TURNPOINT_BEDROCK_SECRET_ACCESS_KEY", "aws-secret")).engine();
    assertThat(engine.getString("anthropic_api_key")).isEqualTo("ant-key");
    assertThat(engine.getInteger("anthropic_max_tokens")).isEqualTo(2048);
    assertThat(engine.getString("azure_openai_endpoint")).isEqualTo("https://res.openai.azure.com");
    assertThat(engine.getString("google_api_key")).isEqualTo("goog-key");
    assertThat(engine.getString("bedrock_region")).isEqualTo("eu-west-1");
    assertThat(engine.getString("bedrock_secret_access_key")).isEqualTo("aws-secret");
  }

  @Test
  void thePythonSandboxVariablesReachTheEngine() {
    JsonObject engine = TurnpointConfig.load(null, Map.of("TURNPOINT_PYTHON_BWRAP", "/opt/bwrap",
        "TURNPOINT_PYTHON_CPU_SECONDS", "2", "TURNPOINT_PYTHON_WALL_TIMEOUT_MS", "3000",
        "TURNPOINT_PYTHON_MEMORY_MB", "128", "TURNPOINT_PYTHON_MAX_CONCURRENT", "3")).engine();
    assertThat(engine.getString("python_bwrap")).isEqualTo("/opt/bwrap");
    assertThat(engine.getInteger("python_cpu_seconds")).isEqualTo(2);
    assertThat(engine.getLong("python_wall_timeout_ms")).isEqualTo(3000);
    assertThat(engine.getInteger("python_memory_mb")).isEqualTo(128);
    assertThat(engine.getInteger("python_max_concurrent")).isEqualTo(3);
  }

  @Test
  void theReadmeListsEveryEnvironmentVariable() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    for (TurnpointConfig.EnvOverride override : TurnpointConfig.ENV_OVERRIDES) {
      assertThat(readme).as(override.variable()).contains("| `" + override.variable() + "` |");
    }
  }

  @Test
  void theEngineMayReachExactlyTheApisOwnPortUnlessThatIsTurnedOff(@TempDir Path dir) throws IOException {
    assertThat(TurnpointConfig.load(null, Map.of()).engine(8080).getJsonArray("outbound_allow").getList())
        .containsExactly("127.0.0.1:8080");
    TurnpointConfig allowing = TurnpointConfig.load(null, Map.of("TURNPOINT_OUTBOUND_ALLOW", "10.0.0.0/8"));
    JsonObject engine = allowing.engine(43210);
    assertThat(engine.getJsonArray("outbound_allow").getList()).containsExactly("10.0.0.0/8", "127.0.0.1:43210");
    assertThat(engine.containsKey("outbound_allow_own_api")).isFalse();
    assertThat(allowing.engine().getJsonArray("outbound_allow").getList()).as("the loaded slice is left as it was")
        .containsExactly("10.0.0.0/8");

    TurnpointConfig off = TurnpointConfig.load(null, Map.of("TURNPOINT_OUTBOUND_ALLOW_OWN_API", "FALSE",
        "TURNPOINT_OUTBOUND_ALLOW", "10.0.0.0/8"));
    assertThat(off.engine(8080).getJsonArray("outbound_allow").getList()).containsExactly("10.0.0.0/8");
    assertThat(TurnpointConfig.load(null, Map.of("TURNPOINT_OUTBOUND_ALLOW_OWN_API", "false")).engine(8080)
        .containsKey("outbound_allow")).isFalse();

    Path file = dir.resolve("off.json");
    Files.writeString(file, "{\"engine\": {\"outbound_allow_own_api\": false}}");
    assertThat(TurnpointConfig.load(file, Map.of()).engine(8080).containsKey("outbound_allow")).isFalse();
    assertThat(TurnpointConfig.load(file, Map.of("TURNPOINT_OUTBOUND_ALLOW_OWN_API", "true")).engine(8080)
        .getJsonArray("outbound_allow").getList()).containsExactly("127.0.0.1:8080");
    assertThatThrownBy(() -> TurnpointConfig.load(null, Map.of("TURNPOINT_OUTBOUND_ALLOW_OWN_API", "no")))
        .hasMessageContaining("TURNPOINT_OUTBOUND_ALLOW_OWN_API");
    Files.writeString(file, "{\"engine\": {\"outbound_allow_own_api\": \"no\"}}");
    assertThatThrownBy(() -> TurnpointConfig.load(file, Map.of()).engine(8080))
        .hasMessageContaining("engine.outbound_allow_own_api");
  }

  @Test
  void theEmbeddedStoreIsTunedFromTheEnvironment() {
    TurnpointConfig config = TurnpointConfig.load(null, Map.of(
        "TURNPOINT_EMBEDDED_MIN_FILL_PERCENT", "60",
        "TURNPOINT_EMBEDDED_CHUNK_RETENTION_MS", "45000"));
    PersistenceConfig persistence = PersistenceConfig.from(config.persistence());
    assertThat(persistence.minFillPercent()).isEqualTo(60);
    assertThat(persistence.chunkRetentionMillis()).isEqualTo(45000);
    assertThatThrownBy(() -> TurnpointConfig.load(null, Map.of("TURNPOINT_EMBEDDED_MIN_FILL_PERCENT", "most")))
        .hasMessageContaining("TURNPOINT_EMBEDDED_MIN_FILL_PERCENT");
  }

  @Test
  void badValuesAreReportedByName(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> TurnpointConfig.load(null, Map.of("TURNPOINT_HTTP_PORT", "eighty")))
        .hasMessageContaining("TURNPOINT_HTTP_PORT");
    assertThatThrownBy(() -> TurnpointConfig.load(null, Map.of("TURNPOINT_CONSOLE_PORT", "70000")))
        .hasMessageContaining("TURNPOINT_CONSOLE_PORT");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{not json");
    assertThatThrownBy(() -> TurnpointConfig.load(broken, Map.of())).hasMessageContaining("not valid JSON");
  }
}
