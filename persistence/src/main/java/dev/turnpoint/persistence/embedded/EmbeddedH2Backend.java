package dev.turnpoint.persistence.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded server's H2 backend (mongo-java-server's {@link H2Backend}) with these changes.
 *
 * <p><b>Every write is on disk before its reply.</b> Every wire command ends up in {@link #handleCommand}: writes
 * (insert, update, delete, findAndModify, createIndexes, drop, ...) arrive there, legacy queries never carry writes
 * with the drivers we use. Committing whenever the store has unsaved changes, also after a command that failed
 * half-way (a bulk insert that hit a duplicate key), keeps disk and replies in step without listing command names
 * that could go stale. Commands run one at a time. A write touches several maps (documents, then each index); were
 * commands concurrent, one command's commit could capture another's write half done, and a crash right after would
 * leave a document without its unique-index entry. Serialized, every commit is a state between two commands. The
 * store never commits on its own (see {@link EmbeddedMongoServer}), and {@link ChunkCompaction} reclaims the file's
 * space between two commands in place of H2's background writer.
 *
 * <p><b>A filter naming an {@code _id} reads one document.</b> mongo-java-server uses an index only when a filter
 * names exactly the index's fields, so {@code {_id: X, team_id: T}} (how every store scopes a document to its
 * team) or a conditional update ({@code {_id: X, lease.token: L}}) would read and match every document of the
 * collection, a cost that grows with the data. {@link IdLookupCollection} narrows such a filter to the document
 * the {@code _id} index finds and matches the whole filter against that one; {@code _id: {$in: [...]}} likewise.
 *
 * <p><b>A sorted query with a limit holds no more documents than it answers.</b> mongo-java-server sorts every
 * matching document before it skips and limits, so listing the newest 20 of a team's runs held all of them in the
 * heap at once, decoded: with a few thousand runs that filled the heap, and collections ran without end.
 * {@link IdLookupCollection} keeps the first {@code skip + limit} in order as the documents go by
 * ({@link FirstInOrder}, up to {@value IdLookupCollection#MAX_KEPT_FOR_SORT}), with the same results.
 *
 * <p><b>The run list reads narrow copies, not run documents.</b> The embedded server has no secondary indexes, so the
 * run list, its count and the stale-run reaper read every run; with a few thousand runs of several kilobytes each,
 * that decoding (and the page cache it churned) took the server's time and filled its heap. The collections of
 * {@link CoveringCopy#FIELDS} keep a copy of each document's covered fields in a map of their own, written in the same
 * commit, and a query that names covered fields only is matched on those. A team's runs, or a team's runs of one
 * workflow, newest first, and their counts are answered by a {@link RecencyIndex} without reading the others.
 *
 * <p><b>Documents are stored as BSON</b> ({@link BsonDocumentType}) rather than through Java serialization.
 *
 * <p><b>Unique indexes are ordered by value</b> ({@link IndexKeyType}) rather than by the Java serialization of their
 * keys, which serialized two keys for every comparison of every index lookup.
 *
 * <p>A map's order and its values' encoding are part of its file, and this backend reads one layout: BSON documents
 * and value-ordered unique indexes. A new file records that it has it ({@value #FORMAT_MAP}); a file that holds data
 * without that record was written by a development version before the first release (Java-serialized documents or
 * index keys) and is refused with {@link IncompatibleDataFileException} before anything in it is read or changed.
 */
final class EmbeddedH2Backend extends H2Backend {

  /** Where a data file says how it is laid out. */
  static final String FORMAT_MAP = "turnpoint.format";
  /** The record of the one layout this backend reads, as every file it created since value-ordered keys says. */
  private static final String INDEX_KEYS = "index_keys";
  private static final String ORDERED_INDEX_KEYS = "ordered";
  /** Map names as {@link H2Database} gives them. */
  private static final String DATA_MAP_PREFIX = "databases.";
  private static final String META_MAP_PREFIX = "meta.";
  private static final String INDEX_MAP_INFIX = "._index_";

  private final ChunkCompaction compaction;

  /**
   * Takes over {@code store}, opened without auto-commit; the caller closes it when this throws.
   *
   * @param minFillPercent below this share of live data in the file's chunks, rewrite the sparsest ones (0: never)
   * @throws IncompatibleDataFileException if the file holds data in a layout from before the first release
   */
  EmbeddedH2Backend(MVStore store, int minFillPercent) {
    super(claimLayout(store));
    this.compaction = new ChunkCompaction(store, minFillPercent);
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new IdLookupDatabase(databaseName, getCursorRegistry());
  }

  /**
   * Records the layout in a file without data and checks it in one with data, before the backend opens anything.
   * Reading the record changes nothing, so a refused file stays as it was.
   */
  private static MVStore claimLayout(MVStore store) {
    boolean hasData = store.getMapNames().stream()
        .anyMatch(name -> name.startsWith(DATA_MAP_PREFIX) || name.contains(INDEX_MAP_INFIX));
    String indexKeys = store.hasMap(FORMAT_MAP) ? store.<String, String>openMap(FORMAT_MAP).get(INDEX_KEYS) : null;
    if (ORDERED_INDEX_KEYS.equals(indexKeys)) {
      return store;
    }
    if (hasData) {
      throw new IncompatibleDataFileException(store.getFileStore().getFileName());
    }
    store.<String, String>openMap(FORMAT_MAP).put(INDEX_KEYS, ORDERED_INDEX_KEYS);
    return store;
  }

  @Override
  public synchronized Document handleCommand(Channel channel, String databaseName, String command, Document query) {
    try {
      return super.handleCommand(channel, databaseName, command, query);
    } finally {
      MVStore store = getMvStore();
      if (store.hasUnsavedChanges()) {
        store.commit();
        compaction.afterCommit();
      }
    }
  }

  /**
   * {@link H2Database} whose collections are {@link IdLookupCollection}s, kept in the maps H2Database names. The
   * constructors of H2Backend and H2Database already open the existing databases and collections, before any field
   * of a subclass is set, so the store comes from the backend's own getter.
   */
  private final class IdLookupDatabase extends H2Database {
    IdLookupDatabase(String databaseName, CursorRegistry cursors) {
      super(databaseName, getMvStore(), cursors);
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
      String namespace = getFullCollectionNamespace(collectionName);
      MVStore store = getMvStore();
      MVMap<Object, Document> data = store.openMap(DATA_MAP_PREFIX + namespace,
          new MVMap.Builder<Object, Document>().valueType(new BsonDocumentType()));
      MVMap<String, Object> meta = store.openMap(META_MAP_PREFIX + namespace);
      return new IdLookupCollection(this, collectionName, options, data, meta, cursorRegistry,
          CoveringCopy.open(store, namespace, CoveringCopy.FIELDS.get(collectionName), data),
          RecencyIndex.open(store, namespace, RecencyIndex.SCOPES.getOrDefault(collectionName, List.of()), data));
    }

    /** A count's aggregation is answered as a count ({@link CountPipeline}); every other command as before. */
    @Override
    public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver resolver,
                                  Oplog oplog) {
      if (command.equalsIgnoreCase("aggregate") && query.get(command) instanceof String collectionName) {
        Optional<CountPipeline> count = CountPipeline.of(query);
        if (count.isPresent()) {
          return count.get().answer(resolveCollection(collectionName, false),
              getFullCollectionNamespace(collectionName));
        }
      }
      return super.handleCommand(channel, command, query, resolver, oplog);
    }

    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
      super.dropCollection(collectionName, oplog);
      String namespace = getFullCollectionNamespace(collectionName);
      CoveringCopy.drop(getMvStore(), namespace);
      RecencyIndex.drop(getMvStore(), namespace, RecencyIndex.SCOPES.getOrDefault(collectionName, List.of()));
    }

    /** Turnpoint never renames a collection; a renamed one is a collection without copies, as any other. */
    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
      throw new MongoServerException("renaming a collection is not supported by the embedded store");
    }

    /** Opens the index's map with {@link IndexKeyType} first; H2Database then finds it open. */
    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
      getMvStore().openMap(getFullCollectionNamespace(collectionName) + INDEX_MAP_INFIX + indexName,
          new MVMap.Builder<KeyValue, Object>().keyType(new IndexKeyType()));
      return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }
  }
}
