package dev.turnpoint.persistence.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How the embedded H2 backend stores a document: as BSON, the encoding the wire protocol already uses, behind a
 * one-byte tag. H2's default for values, {@link ObjectDataType}, stores a document through Java serialization, which
 * costs several times as much CPU to write on every commit (each commit rewrites every document of the pages it
 * changed). Only a document BSON cannot carry goes through Java serialization, behind a tag of its own.
 */
final class BsonDocumentType extends BasicDataType<Document> {

  static final byte BSON_TAG = 127;
  static final byte SERIALIZED_TAG = 126;

  private final ObjectDataType serialized = new ObjectDataType();
  /** A running average of encoded sizes: H2's memory estimate for a page, as ObjectDataType estimates it. */
  private volatile int averageSize = 1024;

  @Override
  public int getMemory(Document document) {
    return averageSize;
  }

  /** A document BSON cannot carry (none the wire delivers) is Java-serialized, so a commit never fails on it. */
  @Override
  public void write(WriteBuffer buffer, Document document) {
    ByteBuf bson;
    try {
      bson = encode(document);
    } catch (IllegalArgumentException unsupportedValue) {
      buffer.put(SERIALIZED_TAG);
      serialized.write(buffer, document);
      return;
    }
    int size = bson.readableBytes();
    averageSize = (size + 15 * averageSize) / 16;
    buffer.put(BSON_TAG).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), size);
  }

  @Override
  public Document read(ByteBuffer buffer) {
    int start = buffer.position();
    byte tag = buffer.get(start);
    if (tag == SERIALIZED_TAG) {
      buffer.get();
      return (Document) serialized.read(buffer);
    }
    if (tag != BSON_TAG) {
      throw new IllegalStateException("not a document the embedded store wrote: tag " + tag);
    }
    int size = Integer.reverseBytes(buffer.getInt(start + 1));
    ByteBuf bson = buffer.hasArray()
        ? Unpooled.wrappedBuffer(buffer.array(), buffer.arrayOffset() + start + 1, size)
        : Unpooled.wrappedBuffer(copy(buffer, start + 1, size));
    Document document = BsonDecoder.decodeBson(bson);
    buffer.position(start + 1 + size);
    return document;
  }

  /** Values are compared only to tell whether a stored value changed: equal documents encode equally. */
  @Override
  public int compare(Document a, Document b) {
    if (a == b || a.equals(b)) {
      return 0;
    }
    ByteBuf left = encode(a);
    ByteBuf right = encode(b);
    return Arrays.compare(left.array(), left.arrayOffset(), left.arrayOffset() + left.readableBytes(),
        right.array(), right.arrayOffset(), right.arrayOffset() + right.readableBytes());
  }

  @Override
  public Document[] createStorage(int size) {
    return new Document[size];
  }

  private ByteBuf encode(Document document) {
    ByteBuf bson = Unpooled.buffer(averageSize + averageSize / 4);
    BsonEncoder.encodeDocument(document, bson);
    return bson;
  }

  private static byte[] copy(ByteBuffer buffer, int offset, int size) {
    byte[] bytes = new byte[size];
    buffer.get(offset, bytes);
    return bytes;
  }
}
