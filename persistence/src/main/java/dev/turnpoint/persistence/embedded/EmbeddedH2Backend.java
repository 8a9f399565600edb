package dev.turnpoint.persistence.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

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
  private static final String COVERING_MAP_SUFFIX = "._covering";
  /** Where {@link #FORMAT_MAP} records the fields of a collection's {@link CoveringCopy}, by namespace. */
  private static final String COVERING_PREFIX = "covering.";
  private static final String RECENCY_MAP_INFIX = "._recency_";
  /** Where {@link #FORMAT_MAP} records whether a {@link RecencyIndex} is complete, by namespace and scope. */
  private static final String RECENCY_PREFIX = "recency.";

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
          coveringCopy(store, namespace, CoveringCopy.FIELDS.get(collectionName), data),
          recencyIndexes(store, namespace, RecencyIndex.SCOPES.getOrDefault(collectionName, List.of()), data));
    }

    /** The collection's recency indexes, each made again from its documents when the file has no record of it. */
    private List<RecencyIndex> recencyIndexes(MVStore store, String namespace, List<List<String>> scopes,
                                              MVMap<Object, Document> data) {
      MVMap<String, String> format = store.openMap(FORMAT_MAP);
      return scopes.stream().map(scope -> {
        String name = RecencyIndex.name(scope);
        String recorded = RECENCY_PREFIX + namespace + "." + name;
        RecencyIndex index = new RecencyIndex(scope, store.openMap(namespace + RECENCY_MAP_INFIX + name),
            RecencyIndex.COMPLETE.equals(format.get(recorded)),
            () -> format.put(recorded, RecencyIndex.INCOMPLETE));
        if (format.get(recorded) == null) {
          format.put(recorded, index.rebuild(data) ? RecencyIndex.COMPLETE : RecencyIndex.INCOMPLETE);
        }
        return index;
      }).toList();
    }

    /** The collection's copies, made again from its documents when the file has none with these fields. */
    private CoveringCopy coveringCopy(MVStore store, String namespace, List<String> fields,
                                      MVMap<Object, Document> data) {
      if (fields == null) {
        return null;
      }
      CoveringCopy copy = new CoveringCopy(fields,
          store.openMap(namespace + COVERING_MAP_SUFFIX,
              new MVMap.Builder<Object, Document>().valueType(new BsonDocumentType())));
      MVMap<String, String> format = store.openMap(FORMAT_MAP);
      if (!copy.signature().equals(format.get(COVERING_PREFIX + namespace))) {
        copy.rebuild(data);
        format.put(COVERING_PREFIX + namespace, copy.signature());
      }
      return copy;
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
      MVStore store = getMvStore();
      if (store.hasMap(namespace + COVERING_MAP_SUFFIX)) {
        store.removeMap(namespace + COVERING_MAP_SUFFIX);
      }
      MVMap<String, String> format = store.openMap(FORMAT_MAP);
      format.remove(COVERING_PREFIX + namespace);
      for (List<String> scope : RecencyIndex.SCOPES.getOrDefault(collectionName, List.of())) {
        String name = RecencyIndex.name(scope);
        if (store.hasMap(namespace + RECENCY_MAP_INFIX + name)) {
          store.removeMap(namespace + RECENCY_MAP_INFIX + name);
        }
        format.remove(RECENCY_PREFIX + namespace + "." + name);
      }
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

  /** An {@link H2Collection} that answers a filter with an exact {@code _id} from the {@code _id} index. */
  static final class IdLookupCollection extends H2Collection {
    private static final String ID = "_id";
    /** Above this {@code skip + limit}, a sorted query sorts every match, as mongo-java-server does. */
    static final int MAX_KEPT_FOR_SORT = 10_000;

    private final CoveringCopy covering;
    private final List<RecencyIndex> recency;
    private long fullScans;
    private long indexedQueries;
    private long coveredScans;
    private int lastSortKept = -1;

    /**
     * {@code covering}: the collection's narrow copies, or null when it has none; {@code recency}: its recency
     * indexes, if any.
     */
    IdLookupCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> data,
                       MVMap<String, Object> meta, CursorRegistry cursors, CoveringCopy covering,
                       List<RecencyIndex> recency) {
      super(database, name, options, data, meta, cursors);
      this.covering = covering;
      this.recency = recency;
    }

    @Override
    protected Object addDocumentInternal(Document document) {
      Object key = super.addDocumentInternal(document);
      if (covering != null) {
        covering.put(key, document);
      }
      recency.forEach(index -> index.put(document));
      return key;
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
      super.handleUpdate(position, oldDocument, newDocument);
      if (covering != null) {
        covering.put(position, newDocument);
      }
      recency.forEach(index -> index.update(oldDocument, newDocument));
    }

    @Override
    protected void removeDocument(Object position) {
      Document removed = recency.isEmpty() ? null : getDocument(position);
      super.removeDocument(position);
      if (covering != null) {
        covering.remove(position);
      }
      if (removed != null) {
        recency.forEach(index -> index.remove(removed));
      }
    }

    /** A filter that is exactly a recency index's scope is counted from the index's positions. */
    @Override
    public int count(Document query, int skip, int limit) {
      RecencyIndex index = recencyFor(query);
      if (index == null) {
        return super.count(query, skip, limit);
      }
      indexedQueries++;
      long counted = Math.max(0, index.count(query) - Math.max(skip, 0));
      return (int) Math.min(limit > 0 ? Math.min(limit, counted) : counted, Integer.MAX_VALUE);
    }

    private RecencyIndex recencyFor(Document query) {
      for (RecencyIndex index : recency) {
        if (index.answers(query)) {
          return index;
        }
      }
      return null;
    }

    /**
     * Called for filters no index can handle as they are; without an exact {@code _id} (or a list of them) this scans
     * as before.
     */
    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                         int batchSize, Document fieldSelector) {
      Object id = query.get(ID);
      if (isExactValue(id) || isListOfExactValues(id)) {
        Document byId = new Document(ID, id);
        for (Index<Object> index : getIndexes()) {
          if (isIdIndex(index) && index.canHandle(byId)) {
            return matchDocuments(query, index.getPositions(byId), orderBy, numberToSkip, limit, batchSize,
                fieldSelector);
          }
        }
      }
      RecencyIndex index = recencyFor(query);
      if (index != null && limit > 0 && RecencyIndex.newestFirst(orderBy)) {
        indexedQueries++;
        boolean fromCopies = covering != null && covering.coversProjection(fieldSelector);
        Stream<Document> page = index.newestIds(query, numberToSkip, limit).stream()
            .map(runId -> fromCopies ? covering.get(runId) : getDocument(runId));
        return super.matchDocumentsFromStream(query, page, 0, limit, batchSize, deriveComparator(orderBy),
            fieldSelector);
      }
      if (covering != null && covering.coversQuery(query) && covering.coversOrder(orderBy)) {
        coveredScans++;
        return matchCopies(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
      }
      fullScans++;
      return super.matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /**
     * Matches and orders the narrow copies, keeping the first {@code skip + limit} when there is an order and a limit;
     * then answers from the copies when the projection is covered, or else from the documents of the copies kept.
     */
    private QueryResult matchCopies(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                    Document fieldSelector) {
      Comparator<Document> documentOrder = deriveComparator(orderBy);
      Comparator<Map.Entry<Object, Document>> order = documentOrder == null ? null
          : Comparator.comparing(Map.Entry<Object, Document>::getValue, documentOrder);
      long keep = (long) Math.max(numberToSkip, 0) + limit;
      List<Map.Entry<Object, Document>> kept;
      try (Stream<Map.Entry<Object, Document>> matching = covering.entries()
          .filter(entry -> documentMatchesQuery(entry.getValue(), query))) {
        if (order != null && limit > 0 && keep <= MAX_KEPT_FOR_SORT) {
          FirstInOrder<Map.Entry<Object, Document>> first = new FirstInOrder<>((int) keep, order);
          matching.forEach(first);
          kept = first.inArrivalOrder();
        } else {
          kept = matching.toList();
        }
      }
      Stream<Document> answers = covering.coversProjection(fieldSelector)
          ? kept.stream().map(Map.Entry::getValue)
          : kept.stream().map(entry -> getDocument(entry.getKey()));
      return super.matchDocumentsFromStream(query, answers, numberToSkip, limit, batchSize, documentOrder,
          fieldSelector);
    }

    /**
     * Every query's matching and ordering ends here, from a full scan or from an index. With an order and a limit,
     * only the first {@code skip + limit} matches in that order are kept; the rest is done on those as before.
     */
    @Override
    protected QueryResult matchDocumentsFromStream(Document query, Stream<Document> documents, int numberToSkip,
                                                   int limit, int batchSize, Comparator<Document> order,
                                                   Document fieldSelector) {
      long keep = (long) Math.max(numberToSkip, 0) + limit;
      if (order == null || limit <= 0 || keep > MAX_KEPT_FOR_SORT) {
        lastSortKept = -1;
        return super.matchDocumentsFromStream(query, documents, numberToSkip, limit, batchSize, order, fieldSelector);
      }
      FirstInOrder<Document> first = new FirstInOrder<>((int) keep, order);
      try (documents) {
        documents.filter(document -> documentMatchesQuery(document, query)).forEach(first);
      }
      List<Document> kept = first.inArrivalOrder();
      lastSortKept = kept.size();
      return super.matchDocumentsFromStream(query, kept.stream(), numberToSkip, limit, batchSize,
          order, fieldSelector);
    }

    /** How many documents the last query held to sort them, if it kept only its first ones; -1 otherwise. */
    int lastSortKept() {
      return lastSortKept;
    }

    /** How many queries and counts a recency index answered, reading only the documents of the page. */
    long indexedQueries() {
      return indexedQueries;
    }

    /** How many filters this collection answered by reading every narrow copy instead of every document. */
    long coveredScans() {
      return coveredScans;
    }

    /** How many filters this collection answered by reading every document (commands run one at a time). */
    long fullScans() {
      return fullScans;
    }

    /** {@code {$in: [...]}} with exact values only. */
    static boolean isListOfExactValues(Object value) {
      return value instanceof Document operator && operator.size() == 1
          && operator.get("$in") instanceof Collection<?> values
          && values.stream().allMatch(IdLookupCollection::isExactValue);
    }

    /** A value the filter compares {@code _id} with for equality: not null, an operator document, list or regex. */
    static boolean isExactValue(Object value) {
      return value != null && !(value instanceof Map<?, ?>) && !(value instanceof Collection<?>)
          && !(value instanceof BsonRegularExpression);
    }

    private static boolean isIdIndex(Index<Object> index) {
      List<IndexKey> keys = index.getKeys();
      return index.isUnique() && keys.size() == 1 && ID.equals(keys.get(0).getKey());
    }
  }
}
