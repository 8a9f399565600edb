package dev.turnpoint.persistence.embedded;

import de.bwaldvogel.mongo.MongoServer;
import dev.turnpoint.persistence.PersistenceConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded H2 store on a data directory, opened exactly as {@link EmbeddedMongoServer} opens it, with a client
 * that reaches it over the wire and a view of what H2 holds: its chunks, its file and the live data.
 */
public final class H2StoreFixture implements AutoCloseable {

  private final EmbeddedH2Backend backend;
  private final MongoServer server;
  private final MongoClient mongo;
  private final Path file;

  private H2StoreFixture(Vertx vertx, Path dataDir, PersistenceConfig config) {
    this.backend = new EmbeddedH2Backend(EmbeddedMongoServer.openStore(dataDir, config), config.minFillPercent());
    this.server = new MongoServer(backend);
    this.mongo = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", "mongodb://127.0.0.1:" + server.bind().getPort()).put("db_name", "db"));
    this.file = dataDir.resolve(EmbeddedMongoServer.H2_FILE_NAME);
  }

  /** {@code config} is a persistence slice as Turnpoint reads it (its H2 keys apply). */
  public static H2StoreFixture start(Vertx vertx, Path dataDir, JsonObject config) {
    return new H2StoreFixture(vertx, dataDir, PersistenceConfig.from(config));
  }

  /** A client of database {@code db} on this store. */
  public MongoClient mongo() {
    return mongo;
  }

  /** The store's commits so far (its current version). */
  public long commits() {
    return store().getCurrentVersion();
  }

  /** The chunks H2 holds in memory, one per commit until its space is reclaimed. */
  public int chunkCount() {
    return Integer.parseInt(info().get("info.CHUNK_COUNT"));
  }

  /** How much of the chunks' bytes is live, in percent. */
  public int chunksFillPercent() {
    return Integer.parseInt(info().get("info.CHUNKS_FILL_RATE"));
  }

  /** Everything the store has written to its file since it was opened. */
  public long writtenBytes() {
    return Long.parseLong(info().get("info.FILE_WRITE_BYTES"));
  }

  public long fileBytes() {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The BSON size of every document stored, as {@code dbStats} reports it. */
  public long liveDataBytes() {
    JsonObject stats = mongo.runCommand("dbStats", new JsonObject().put("dbStats", 1)).await();
    return stats.getNumber("dataSize").longValue();
  }

  MVStore store() {
    return backend.getMvStore();
  }

  private Map<String, String> info() {
    Map<String, String> info = new HashMap<>();
    synchronized (backend) {
      store().populateInfo(info::put);
    }
    return info;
  }

  @Override
  public void close() {
    mongo.close().await();
    server.shutdownNow();
  }
}
