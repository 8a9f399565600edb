package dev.turnpoint.persistence.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Documents stored by the embedded H2 backend: as BSON, or Java-serialized behind their own tag if BSON cannot. */
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
  void aValueBsonCannotCarryIsJavaSerializedBehindItsOwnTag() {
    Document document = new Document("_id", "odd").append("chars", new char[]{'a'});

    Document read = roundTrip(document, buffer -> type.write(buffer, document));

    WriteBuffer written = new WriteBuffer();
    type.write(written, document);
    assertThat(written.getBuffer().get(0)).isEqualTo(BsonDocumentType.SERIALIZED_TAG);
    assertThat(read.get("chars")).isEqualTo(new char[]{'a'});
  }

  @Test
  void aValueThisTypeDidNotWriteIsRefused() {
    WriteBuffer buffer = new WriteBuffer();
    new ObjectDataType().write(buffer, new Document("_id", "untagged"));
    ByteBuffer bytes = buffer.getBuffer().flip();

    assertThatThrownBy(() -> type.read(bytes))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a document the embedded store wrote");
  }

  private Document roundTrip(Document document, Consumer<WriteBuffer> writer) {
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
}
