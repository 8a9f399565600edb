package dev.turnpoint.persistence.embedded;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.turnpoint.persistence.PersistenceConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded server on its H2 file: what it refuses to open, and how it opens the rest. */
@ExtendWith(VertxExtension.class)
class EmbeddedMongoServerTest {

  @Test
  void aDataFileFromBeforeTheFirstReleaseIsRefusedAndLeftAsItWas(Vertx vertx, @TempDir Path dataDir)
      throws IOException {
    Path file = dataDir.resolve(EmbeddedMongoServer.H2_FILE_NAME);
    writeWithThePlainH2Backend(vertx, file);
    byte[] before = Files.readAllBytes(file);

    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> EmbeddedMongoServer.start(h2(dataDir)))
          .as("attempt %d: refused, and the file is closed again so another attempt says the same", attempt)
          .isInstanceOf(IncompatibleDataFileException.class)
          .hasMessageContaining(file.toAbsolutePath().normalize().toString())
          .hasMessageContaining("before its first release")
          .hasMessageContaining("move the data directory away");
    }
    assertThat(Files.readAllBytes(file)).as("nothing written to the refused file").isEqualTo(before);
  }

  @Test
  void theStoreCachesAsManyPagesAsConfigured(@TempDir Path dataDir) {
    MVStore byDefault = EmbeddedMongoServer.openStore(dataDir.resolve("default"), PersistenceConfig.from(null));
    MVStore larger = EmbeddedMongoServer.openStore(dataDir.resolve("larger"),
        PersistenceConfig.from(new JsonObject().put("embedded_cache_mb", 24)));
    try {
      assertThat(byDefault.getCacheSize()).isEqualTo(PersistenceConfig.DEFAULT_CACHE_MEGABYTES).isEqualTo(4);
      assertThat(larger.getCacheSize()).isEqualTo(24);
    } finally {
      byDefault.close();
      larger.close();
    }
  }

  @Test
  void aDataFileMarkedWithJavaSerializedIndexKeysIsRefused(Vertx vertx, @TempDir Path dataDir) {
    Path file = dataDir.resolve(EmbeddedMongoServer.H2_FILE_NAME);
    writeWithThePlainH2Backend(vertx, file);
    MVStore store = new MVStore.Builder().fileName(file.toString()).open();
    store.<String, String>openMap(EmbeddedH2Backend.FORMAT_MAP).put("index_keys", "serialized");
    store.close();

    assertThatThrownBy(() -> EmbeddedMongoServer.start(h2(dataDir)))
        .isInstanceOf(IncompatibleDataFileException.class);
  }

  /** A file as development versions before the first release left it: Java-serialized documents and keys. */
  private static void writeWithThePlainH2Backend(Vertx vertx, Path file) {
    MongoServer server = new MongoServer(new H2Backend(file.toString()));
    MongoClient mongo = client(vertx, "mongodb://127.0.0.1:" + server.bind().getPort());
    mongo.insert("runs", new JsonObject().put("_id", "old").put("n", 1)).await();
    mongo.close().await();
    server.shutdownNow();
  }

  private static MongoClient client(Vertx vertx, String connectionString) {
    return MongoClient.create(vertx, new JsonObject().put("connection_string", connectionString).put("db_name", "db"));
  }

  private static PersistenceConfig h2(Path dataDir) {
    return PersistenceConfig.from(new JsonObject().put("embedded_backend", "h2").put("data_dir", dataDir.toString()));
  }
}
