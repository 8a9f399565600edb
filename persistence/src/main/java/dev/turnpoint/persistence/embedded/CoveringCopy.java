package dev.turnpoint.persistence.embedded;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import dev.turnpoint.persistence.MongoCollections;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A narrow copy of every document of one collection: its {@code _id} and the fields that the collection's frequent
 * filters, sorts and projections name, kept in an H2 map of its own under the same key and written in the same
 * commit as the document. The embedded server has no secondary indexes, so a query that does not name an
 * {@code _id} reads the whole collection; a query that names covered fields only is matched and ordered on the
 * copies instead, a few hundred bytes each where a run document is several kilobytes. Only the documents it answers
 * are then read whole, and none when its projection is covered too (a count, a page of run-list rows).
 *
 * <p>Which fields a collection's copies hold is fixed here ({@link #FIELDS}). A data file records the fields its
 * copies were made with; when they differ (or a file has none yet), the copies are made again from the documents
 * when the collection opens.
 */
final class CoveringCopy {

  /**
   * The covered fields of each collection that has copies. For runs: what the run list filters on and answers (its
   * rows), and what the stale-run reaper filters on.
   */
  static final Map<String, List<String>> FIELDS = Map.of(MongoCollections.WORKFLOW_RUNS, List.of(
      "team_id", "created_at", "updated_at", "created_by", "updated_by", "lease",
      "workflow_run.logical_id", "workflow_run.workflow_id", "workflow_run.status",
      "workflow_run.source_workflow_run_id", "workflow_run.checkpoint_source_turn_index"));

  private static final String ID = "_id";
  private static final String MAP_SUFFIX = "._covering";
  /** Where the data file's {@link EmbeddedH2Backend#FORMAT_MAP} records the copies' fields, by namespace. */
  private static final String RECORD_PREFIX = "covering.";

  private final List<String> paths;
  private final MVMap<Object, Document> copies;

  private CoveringCopy(List<String> paths, MVMap<Object, Document> copies) {
    this.paths = List.copyOf(paths);
    this.copies = copies;
  }

  /**
   * The copies of the collection {@code namespace} of {@code store} with {@code fields} (null for a collection
   * without copies), made again from {@code documents}, its data map, when the file has none with these fields.
   */
  static CoveringCopy open(MVStore store, String namespace, List<String> fields, MVMap<Object, Document> documents) {
    if (fields == null) {
      return null;
    }
    CoveringCopy copy = new CoveringCopy(fields, store.openMap(namespace + MAP_SUFFIX,
        new MVMap.Builder<Object, Document>().valueType(new BsonDocumentType())));
    MVMap<String, String> format = store.openMap(EmbeddedH2Backend.FORMAT_MAP);
    String signature = String.join(",", fields);
    if (!signature.equals(format.get(RECORD_PREFIX + namespace))) {
      copy.copies.clear();
      documents.forEach(copy::put);
      format.put(RECORD_PREFIX + namespace, signature);
    }
    return copy;
  }

  /** Removes the copies of a dropped collection and their record. */
  static void drop(MVStore store, String namespace) {
    if (store.hasMap(namespace + MAP_SUFFIX)) {
      store.removeMap(namespace + MAP_SUFFIX);
    }
    store.<String, String>openMap(EmbeddedH2Backend.FORMAT_MAP).remove(RECORD_PREFIX + namespace);
  }

  void put(Object key, Document document) {
    copies.put(Missing.ofNullable(key), copyOf(document));
  }

  void remove(Object key) {
    copies.remove(Missing.ofNullable(key));
  }

  /** The copy of the document under {@code key}, or null. */
  Document get(Object key) {
    return copies.get(Missing.ofNullable(key));
  }

  /** Every copy with its document's key in the collection's data map. */
  Stream<Map.Entry<Object, Document>> entries() {
    return copies.entrySet().stream();
  }

  /** The copy of {@code document}: deep, so that changes made to the document in place never reach it. */
  Document copyOf(Document document) {
    Document copy = new Document();
    if (document.containsKey(ID)) {
      copy.put(ID, document.get(ID));
    }
    for (String path : paths) {
      Utils.copySubdocumentValue(document, copy, path);
    }
    return copy.cloneDeeply();
  }

  /**
   * Whether {@code query} names covered fields only: then it matches a copy exactly when it matches the document.
   * {@code $and}, {@code $or} and {@code $nor} are looked into; any other top-level operator is not covered.
   */
  boolean coversQuery(Document query) {
    for (Map.Entry<String, Object> condition : query.entrySet()) {
      String key = condition.getKey();
      if (key.equals("$and") || key.equals("$or") || key.equals("$nor")) {
        if (!(condition.getValue() instanceof Collection<?> clauses) || !clauses.stream()
            .allMatch(clause -> clause instanceof Document subquery && coversQuery(subquery))) {
          return false;
        }
      } else if (!covers(key)) {
        return false;
      }
    }
    return true;
  }

  /** Whether every key of the sort order is covered ({@code $natural} is not: it is the data map's order). */
  boolean coversOrder(Document orderBy) {
    return orderBy == null || orderBy.keySet().stream().allMatch(this::covers);
  }

  /** Whether {@code fieldSelector} keeps covered fields only, so that it answers the same from a copy. */
  boolean coversProjection(Document fieldSelector) {
    if (fieldSelector == null || fieldSelector.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, Object> field : fieldSelector.entrySet()) {
      boolean keeps = field.getValue() instanceof Boolean kept ? kept
          : field.getValue() instanceof Number number && number.doubleValue() != 0;
      boolean leavesOutId = field.getKey().equals(ID) && !keeps;
      if (!leavesOutId && !(keeps && covers(field.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** {@code path} is {@code _id}, a covered field, or a field inside one. */
  private boolean covers(String path) {
    if (path.equals(ID)) {
      return true;
    }
    for (String covered : paths) {
      if (path.equals(covered) || path.startsWith(covered + ".")) {
        return true;
      }
    }
    return false;
  }
}
