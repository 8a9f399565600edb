package dev.turnpoint.persistence.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.turnpoint.persistence.PersistenceConfig;
import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB wire-protocol server inside the process (mongo-java-server), for development and tests. It listens on
 * 127.0.0.1 on a free port; clients reach it through {@link #connectionString()} exactly as they would reach a real
 * MongoDB.
 *
 * <p>With the H2 backend the data lives in {@value #H2_FILE_NAME} under the data directory. H2's MVStore normally
 * commits in the background up to a second after a change, which would let a {@code kill -9} lose writes that were
 * already acknowledged. Here the store is opened with auto-commit disabled and committed after every command that
 * changed it, before the reply goes out, so an acknowledged write is on disk (in the operating system's file cache,
 * which a killed process cannot lose; surviving a power cut would additionally need an fsync per write). H2 would
 * also commit in the middle of a command that changes more than its write buffer; that buffer is switched off, so a
 * command is committed whole.
 *
 * <p>Each commit appends a chunk to the file. The space of a chunk without live pages is reused after
 * {@link PersistenceConfig#chunkRetentionMillis()}, and {@link ChunkCompaction} rewrites sparse chunks so that they
 * empty, keeping the file within a small multiple of its live data.
 *
 * <p>Starting and stopping block; call them off the event loop.
 */
public final class EmbeddedMongoServer {

  /** The H2 file the embedded server keeps under the data directory. */
  public static final String H2_FILE_NAME = "mongo.mv.db";

  private final MongoServer server;
  private final String connectionString;

  private EmbeddedMongoServer(MongoBackend backend) {
    this.server = new MongoServer(backend);
    InetSocketAddress address = server.bind();
    this.connectionString = "mongodb://127.0.0.1:" + address.getPort();
  }

  /**
   * Starts a server with the storage {@code config} asks for.
   *
   * @throws IncompatibleDataFileException if the data directory holds a file from before the first release
   */
  public static EmbeddedMongoServer start(PersistenceConfig config) {
    return switch (config.embeddedBackend()) {
      case MEMORY -> new EmbeddedMongoServer(new MemoryBackend());
      case H2 -> new EmbeddedMongoServer(h2Backend(openStore(Path.of(config.dataDir()), config),
          config.minFillPercent()));
    };
  }

  public String connectionString() {
    return connectionString;
  }

  /** Closes client connections, stops listening and closes the backend (for H2: commits and closes the file). */
  public void shutdown() {
    server.shutdownNow();
  }

  /** A refused file is closed without writing to it, so it stays as it was. */
  private static EmbeddedH2Backend h2Backend(MVStore store, int minFillPercent) {
    try {
      return new EmbeddedH2Backend(store, minFillPercent);
    } catch (RuntimeException refused) {
      store.closeImmediately();
      throw refused;
    }
  }

  /** Opens (or creates) the H2 file under {@code dataDir} as the embedded store uses it. */
  static MVStore openStore(Path dataDir, PersistenceConfig config) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dataDir.toAbsolutePath(), e);
    }
    MVStore store = new MVStore.Builder()
        .fileName(dataDir.resolve(H2_FILE_NAME).toString())
        .autoCommitDisabled()
        .autoCommitBufferSize(0)
        .cacheSize(config.cacheMegabytes())
        .open();
    store.setRetentionTime(config.chunkRetentionMillis());
    return store;
  }
}
