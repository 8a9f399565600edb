package dev.turnpoint.persistence.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How the embedded H2 backend keys a unique index: by the indexed values, ordered as MongoDB orders values.
 * H2's default, {@link ObjectDataType}, orders such keys by their Java serialization and so serializes two keys for
 * every comparison of an index lookup. Order decides where an H2 map finds its entries, so it is part of the file's
 * layout (see {@link EmbeddedH2Backend}). Keys are stored as BSON behind a one-byte tag, or, for a value BSON cannot
 * carry, through ObjectDataType behind another.
 */
final class IndexKeyType extends BasicDataType<KeyValue> {

  private static final byte BSON_TAG = 1;
  private static final byte SERIALIZED_TAG = 2;
  private static final String VALUES = "v";
  private static final Comparator<Object> VALUE_ORDER = ValueComparator.ascWithoutListHandling();

  private final ObjectDataType serialized = new ObjectDataType();

  @Override
  public int compare(KeyValue a, KeyValue b) {
    int shared = Math.min(a.size(), b.size());
    for (int i = 0; i < shared; i++) {
      int order = VALUE_ORDER.compare(a.get(i), b.get(i));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  @Override
  public int getMemory(KeyValue key) {
    return 48 + 32 * key.size();
  }

  @Override
  public void write(WriteBuffer buffer, KeyValue key) {
    List<Object> values = new ArrayList<>(key.size());
    key.forEach(values::add);
    ByteBuf bson = Unpooled.buffer(64);
    try {
      BsonEncoder.encodeDocument(new Document(VALUES, values), bson);
    } catch (IllegalArgumentException unsupportedValue) {
      buffer.put(SERIALIZED_TAG);
      serialized.write(buffer, key);
      return;
    }
    buffer.put(BSON_TAG).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), bson.readableBytes());
  }

  @Override
  public KeyValue read(ByteBuffer buffer) {
    byte tag = buffer.get();
    if (tag == SERIALIZED_TAG) {
      return (KeyValue) serialized.read(buffer);
    }
    int start = buffer.position();
    int size = Integer.reverseBytes(buffer.getInt(start));
    byte[] bytes = new byte[size];
    buffer.get(bytes);
    Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes));
    return new KeyValue((List<?>) document.get(VALUES));
  }

  @Override
  public KeyValue[] createStorage(int size) {
    return new KeyValue[size];
  }
}
