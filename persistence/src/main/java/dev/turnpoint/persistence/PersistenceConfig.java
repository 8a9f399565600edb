package dev.turnpoint.persistence;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * The persistence slice of the configuration, parsed once when the verticle starts.
 *
 * @param mongoUri        connection string of an external MongoDB; null starts the embedded server instead
 * @param database        the database holding Turnpoint's collections
 * @param dataDir         where the embedded server keeps its H2 file
 * @param embeddedBackend storage of the embedded server: durable {@code h2} or throw-away {@code memory}
 */
public record PersistenceConfig(String mongoUri, String database, String dataDir, EmbeddedBackend embeddedBackend) {

  public static final String DEFAULT_DATABASE = "turnpoint";
  public static final String DEFAULT_DATA_DIR = "./data";

  /** How the embedded server stores its data. */
  public enum EmbeddedBackend {
    /** An H2 MVStore file under {@code data_dir}; every acknowledged write survives a crash. */
    H2,
    /** Process memory only: fast, for tests. */
    MEMORY;

    static EmbeddedBackend fromConfig(String value) {
      for (EmbeddedBackend backend : values()) {
        if (backend.name().toLowerCase(Locale.ROOT).equals(value)) {
          return backend;
        }
      }
      throw new IllegalArgumentException("embedded_backend must be 'h2' or 'memory', not '" + value + "'");
    }
  }

  public PersistenceConfig {
    if (mongoUri != null && mongoUri.isBlank()) {
      mongoUri = null;
    }
    if (database == null || database.isBlank()) {
      throw new IllegalArgumentException("database must not be blank");
    }
    if (dataDir == null || dataDir.isBlank()) {
      throw new IllegalArgumentException("data_dir must not be blank");
    }
    if (embeddedBackend == null) {
      throw new IllegalArgumentException("embedded_backend is required");
    }
  }

  /** Reads the slice; every key is optional. */
  public static PersistenceConfig from(JsonObject config) {
    JsonObject slice = config == null ? new JsonObject() : config;
    return new PersistenceConfig(
        slice.getString("mongo_uri"),
        slice.getString("database", DEFAULT_DATABASE),
        slice.getString("data_dir", DEFAULT_DATA_DIR),
        EmbeddedBackend.fromConfig(slice.getString("embedded_backend", "h2")));
  }

  public boolean embedded() {
    return mongoUri == null;
  }
}
