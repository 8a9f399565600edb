package dev.turnpoint.persistence;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * The persistence slice of the configuration, parsed once when the verticle starts.
 *
 * <p>The last three keys tune the embedded H2 store: how it reclaims the space of its file (see
 * {@code dev.turnpoint.persistence.embedded}); an external MongoDB ignores them. Every commit appends a chunk to the
 * file, and a chunk's space can be used again only once none of its pages is live any more.
 *
 * @param mongoUri             connection string of an external MongoDB; null starts the embedded server instead
 * @param database             the database holding Turnpoint's collections
 * @param dataDir              where the embedded server keeps its H2 file
 * @param embeddedBackend      storage of the embedded server: durable {@code h2} or throw-away {@code memory}
 * @param chunkRetentionMillis {@code embedded_chunk_retention_ms}: how long a chunk without live pages keeps its
 *                             space before new chunks may overwrite it, counted from when the chunk was written.
 *                             {@code 0} (the default) reuses it at once, which is safe against a killed process
 *                             because every write is already in the operating system's cache. H2's own default,
 *                             45000, only narrows what a power cut (not covered either way) can damage, and keeps
 *                             that many seconds of commits in the file and in memory.
 * @param minFillPercent       {@code embedded_min_fill_percent}: when less than this share of the file's chunks is
 *                             live data, the store rewrites the live pages of its sparsest chunks, a bounded step
 *                             between two commands, so that their space can be reused. The file then stays at about
 *                             {@code 100 / minFillPercent} times its live data, and the chunks H2 keeps in memory
 *                             in proportion to the live data. At the default, {@value #DEFAULT_MIN_FILL_PERCENT},
 *                             the store writes about 40 % more bytes than without rewriting (1.4 times the live
 *                             data on disk, 10 chunks per MB of it); at 50, 6 % more (2.1 times, 44 chunks per MB).
 *                             {@code 0} never rewrites: the file and the chunks then grow with every write. At most
 *                             {@value #MAX_MIN_FILL_PERCENT}.
 * @param cacheMegabytes       {@code embedded_cache_mb}: the size of H2's cache of pages read from the file, in H2's
 *                             own estimate. H2 estimates a stored document at far less than the Java heap it takes
 *                             once read (nested documents about 3 to 10 times less), so the cache's real footprint
 *                             is several times this; it fills up as the data grows, and at H2's default (16) it took
 *                             over half of a 256 MB heap once the store held some 250 MB, and full collections ran
 *                             continuously. The default, {@value #DEFAULT_CACHE_MEGABYTES}, keeps it to a few tens of
 *                             MB; a larger heap can afford more.
 */
public record PersistenceConfig(String mongoUri, String database, String dataDir, EmbeddedBackend embeddedBackend,
                                int chunkRetentionMillis, int minFillPercent, int cacheMegabytes) {

  public static final String DEFAULT_DATABASE = "turnpoint";
  public static final String DEFAULT_DATA_DIR = "./data";
  public static final int DEFAULT_CHUNK_RETENTION_MILLIS = 0;
  public static final int DEFAULT_MIN_FILL_PERCENT = 80;
  public static final int DEFAULT_CACHE_MEGABYTES = 4;
  /** Above this, the store would spend most of its writes rewriting pages that did not change. */
  public static final int MAX_MIN_FILL_PERCENT = 90;

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
    if (chunkRetentionMillis < 0) {
      throw new IllegalArgumentException("embedded_chunk_retention_ms must not be negative");
    }
    if (minFillPercent < 0 || minFillPercent > MAX_MIN_FILL_PERCENT) {
      throw new IllegalArgumentException("embedded_min_fill_percent must be from 0 to " + MAX_MIN_FILL_PERCENT
          + ", not " + minFillPercent);
    }
    if (cacheMegabytes < 1) {
      throw new IllegalArgumentException("embedded_cache_mb must be at least 1, not " + cacheMegabytes);
    }
  }

  /** Reads the slice; every key is optional. */
  public static PersistenceConfig from(JsonObject config) {
    JsonObject slice = config == null ? new JsonObject() : config;
    return new PersistenceConfig(
        slice.getString("mongo_uri"),
        slice.getString("database", DEFAULT_DATABASE),
        slice.getString("data_dir", DEFAULT_DATA_DIR),
        EmbeddedBackend.fromConfig(slice.getString("embedded_backend", "h2")),
        slice.getInteger("embedded_chunk_retention_ms", DEFAULT_CHUNK_RETENTION_MILLIS),
        slice.getInteger("embedded_min_fill_percent", DEFAULT_MIN_FILL_PERCENT),
        slice.getInteger("embedded_cache_mb", DEFAULT_CACHE_MEGABYTES));
  }

  public boolean embedded() {
    return mongoUri == null;
  }
}
