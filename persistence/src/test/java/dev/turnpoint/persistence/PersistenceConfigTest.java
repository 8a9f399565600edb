package dev.turnpoint.persistence;

import dev.turnpoint.persistence.PersistenceConfig.EmbeddedBackend;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersistenceConfigTest {

  @Test
  void everyKeyHasADefault() {
    PersistenceConfig config = PersistenceConfig.from(new JsonObject());
    assertThat(config).isEqualTo(new PersistenceConfig(null, "turnpoint", "./data", EmbeddedBackend.H2, 0, 80, 4));
    assertThat(config.embedded()).isTrue();
    assertThat(PersistenceConfig.from(null)).isEqualTo(config);
  }

  @Test
  void readsEveryKey() {
    PersistenceConfig config = PersistenceConfig.from(new JsonObject()
        .put("mongo_uri", "mongodb://db:27017")
        .put("database", "tp")
        .put("data_dir", "/var/lib/turnpoint")
        .put("embedded_backend", "memory")
        .put("embedded_chunk_retention_ms", 45000).put("embedded_cache_mb", 32)
        .put("embedded_min_fill_percent", 0));
    assertThat(config).isEqualTo(
        new PersistenceConfig("mongodb://db:27017", "tp", "/var/lib/turnpoint", EmbeddedBackend.MEMORY, 45000, 0,
            32));
    assertThat(config.embedded()).isFalse();
  }

  @Test
  void aBlankUriMeansEmbedded() {
    assertThat(PersistenceConfig.from(new JsonObject().put("mongo_uri", " ")).embedded()).isTrue();
  }

  @Test
  void rejectsWhatItCannotUse() {
    assertThatThrownBy(() -> PersistenceConfig.from(new JsonObject().put("embedded_backend", "disk")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'h2' or 'memory'");
    assertThatThrownBy(() -> PersistenceConfig.from(new JsonObject().put("database", "")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("database");
    assertThatThrownBy(() -> PersistenceConfig.from(new JsonObject().put("embedded_chunk_retention_ms", -1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embedded_chunk_retention_ms");
    assertThatThrownBy(() -> PersistenceConfig.from(new JsonObject().put("embedded_min_fill_percent", 91)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embedded_min_fill_percent");
    assertThatThrownBy(() -> PersistenceConfig.from(new JsonObject().put("embedded_min_fill_percent", -1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embedded_min_fill_percent");
    assertThatThrownBy(() -> PersistenceConfig.from(new JsonObject().put("embedded_cache_mb", 0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("embedded_cache_mb");
  }
}
