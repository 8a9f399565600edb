package dev.turnpoint.persistence.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An {@link H2Collection} of the embedded store (see {@link EmbeddedH2Backend} for why each path exists). A filter
 * with an exact {@code _id} (or a list of them) is answered from the {@code _id} index; a filter that is exactly a
 * {@link RecencyIndex}'s scope, newest first, or its count, from that index; a filter on {@link CoveringCopy} fields
 * from the narrow copies; anything else by reading every document, as mongo-java-server does. A sorted query with a
 * limit keeps only its first {@code skip + limit} matches ({@link FirstInOrder}).
 */
final class IdLookupCollection extends H2Collection {
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
    super.removeDocument(position);
    if (covering != null) {
      covering.remove(position);
    }
  }

  /** Every delete comes here with the document, which the recency indexes need for its key. */
  @Override
  public void removeDocument(Document document) {
    super.removeDocument(document);
    recency.forEach(index -> index.remove(document));
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
