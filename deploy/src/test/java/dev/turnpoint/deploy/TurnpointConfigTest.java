package dev.turnpoint.deploy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        "TURNPOINT_OUTBOUND_ALLOW", " 10.0.0.0/8, llm.internal:8000,,[::1]:9000 "));
    assertThat(config.api().getInteger("http_port")).isEqualTo(9100);
    assertThat(config.api().getLong("body_limit_bytes")).isEqualTo(1000);
    assertThat(config.api().getString("host")).isEqualTo("127.0.0.1");
    assertThat(config.persistence().getString("data_dir")).isEqualTo("/srv/tp");
    assertThat(config.persistence().getString("mongo_uri")).isEqualTo("mongodb://db:27017");
    assertThat(config.engine().getString("openai_base_url")).isEqualTo("http://127.0.0.1:1234/v1");
    assertThat(config.engine().getJsonArray("outbound_allow").getList())
        .containsExactly("10.0.0.0/8", "llm.internal:8000", "[::1]:9000");
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
