package dev.turnpoint.persistence.embedded;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Documents stored by the embedded H2 backend: BSON from now on, Java-serialized ones from before still readable. */
@ExtendWith(VertxExtension.class)
class BsonDocumentTypeTest {

  private final BsonDocumentType type = new BsonDocumentType();

  @Test
  void documentsComeBackAsTheyWereWritten() {
    Document nested = new Document("a", 1).append("b", List.of("x", 2L, new Document("deep", true)));
    Document document = new Document("_id", "run-1:0")
        .append("int", 42).append("long", 1L << 40).append("double", 0.25).append("bool", false)
        .append("null", null).append("text", "héllo \u0000 wörld").append("nested", nested)
        .append("oid", new ObjectId()).append("date", Instant.ofEpochMilli(1_700_000_000_123L));

    Document read = roundTrip(document, buffer -> type.write(buffer, document));

    WriteBuffer written = new WriteBuffer();
    type.write(written, document);
    assertThat(written.getBuffer().get(0)).as("stored as BSON").isEqualTo(BsonDocumentType.BSON_TAG);
    assertThat(read.keySet()).containsExactlyElementsOf(document.keySet());
    assertThat(read.get("long")).isInstanceOf(Long.class);
    assertThat(read.get("int")).isInstanceOf(Integer.class);
    assertThat(read).isEqualTo(document);
    assertThat(type.compare(read, document)).isZero();
  }

  @Test
  void aValueBsonCannotCarryIsStoredTheOldWay() {
    Document document = new Document("_id", "odd").append("chars", new char[]{'a'});

    Document read = roundTrip(document, buffer -> type.write(buffer, document));

    assertThat(read.get("chars")).isEqualTo(new char[]{'a'});
  }

  @Test
  void documentsJavaSerializedByEarlierVersionsStillRead() {
    Document document = new Document("_id", "legacy").append("pair", new Document("turn", 3));

    Document read = roundTrip(document, buffer -> new ObjectDataType().write(buffer, document));

    assertThat(read).isEqualTo(document);
  }

  @Test
  void aDataFileWrittenByThePlainH2BackendOpensUpdatesAndReopens(Vertx vertx, @TempDir Path dir) {
    String file = dir.resolve(EmbeddedMongoServer.H2_FILE_NAME).toString();
    withServer(vertx, new H2Backend(open(file)), mongo -> {
      mongo.insert("runs", new JsonObject().put("_id", "old").put("turns", new JsonArray().add("a"))).await();
      mongo.insert("runs", new JsonObject().put("_id", "untouched").put("n", 1)).await();
    });
    withServer(vertx, new EmbeddedH2Backend(open(file)), mongo -> {
      assertThat(mongo.findOne("runs", new JsonObject().put("_id", "old"), null).await().getJsonArray("turns"))
          .containsExactly("a");
      mongo.updateCollection("runs", new JsonObject().put("_id", "old"),
          new JsonObject().put("$push", new JsonObject().put("turns", "b"))).await();
      mongo.insert("runs", new JsonObject().put("_id", "new").put("n", 2)).await();
    });
    EmbeddedH2Backend reopened = new EmbeddedH2Backend(open(file));
    assertThat(reopened.getMvStore().openMap("db.runs._index__id_").getKeyType())
        .as("an index written before keeps its order").isInstanceOf(ObjectDataType.class);
    withServer(vertx, reopened, mongo -> {
      assertThat(mongo.findOne("runs", new JsonObject().put("_id", "old"), null).await().getJsonArray("turns"))
          .containsExactly("a", "b");
      assertThat(mongo.find("runs", new JsonObject()).await())
          .extracting(doc -> doc.getString("_id")).containsExactlyInAnyOrder("old", "untouched", "new");
    });
  }

  private Document roundTrip(Document document, java.util.function.Consumer<WriteBuffer> writer) {
    WriteBuffer buffer = new WriteBuffer();
    buffer.put((byte) 9);
    writer.accept(buffer);
    buffer.put((byte) 9);
    ByteBuffer bytes = buffer.getBuffer().flip();
    assertThat(bytes.get()).isEqualTo((byte) 9);
    Document read = type.read(bytes);
    assertThat(bytes.get()).as("reads exactly its own bytes").isEqualTo((byte) 9);
    return read;
  }

  private static MVStore open(String file) {
    return new MVStore.Builder().fileName(file).autoCommitDisabled().open();
  }

  private static void withServer(Vertx vertx, MongoBackend backend, java.util.function.Consumer<MongoClient> work) {
    MongoServer server = new MongoServer(backend);
    MongoClient mongo = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", "mongodb://127.0.0.1:" + server.bind().getPort()).put("db_name", "db"));
    try {
      work.accept(mongo);
    } finally {
      mongo.close().await();
      server.shutdownNow();
    }
  }
}
