package dev.turnpoint.persistence.embedded;

import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import dev.turnpoint.persistence.MongoCollections;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ordered index of a collection's documents by scope and age, for the run list: its keys are the scope's field
 * values, {@code created_at} and {@code _id}, in one H2 map whose B-tree knows how many keys each subtree holds. A
 * filter on exactly the scope's fields is then counted in O(log n) (the positions of the scope's first and last
 * key), and a page of it, newest first, reads its keys by position and the documents of that page only. Every other
 * filter falls back to {@link CoveringCopy}.
 *
 * <p>Keys are strings: each value with its NUL characters escaped, joined by two NULs, so that the key order is the
 * order of the values one after the other, as a sort on them orders strings. A document whose scope values,
 * {@code created_at} or {@code _id} are not all strings cannot be keyed; then the index is marked incomplete in the
 * data file and no longer used, until it is made again from the documents.
 */
final class RecencyIndex {

  /** The scopes of the run list: a team's runs, and a team's runs of one workflow. */
  static final Map<String, List<List<String>>> SCOPES = Map.of(MongoCollections.WORKFLOW_RUNS, List.of(
      List.of("team_id"), List.of("team_id", "workflow_run.workflow_id")));

  static final String ORDER_FIELD = "created_at";
  private static final String ID = "_id";
  private static final String SEPARATOR = "\u0000\u0000";
  private static final String MAP_INFIX = "._recency_";
  /** Where the data file's {@link EmbeddedH2Backend#FORMAT_MAP} records an index's state, by namespace and scope. */
  private static final String RECORD_PREFIX = "recency.";
  /** The record of an index that can be used; without a record, the index is made again. */
  private static final String COMPLETE = "complete";
  private static final String INCOMPLETE = "incomplete";

  private final List<String> scope;
  private final MVMap<String, String> keys;
  private final Runnable markIncomplete;
  private boolean complete;

  /**
   * @param complete       whether the data file says every document is in the index
   * @param markIncomplete records in the data file that a document could not be keyed
   */
  private RecencyIndex(List<String> scope, MVMap<String, String> keys, boolean complete, Runnable markIncomplete) {
    this.scope = List.copyOf(scope);
    this.keys = keys;
    this.complete = complete;
    this.markIncomplete = markIncomplete;
  }

  /**
   * The indexes of the collection {@code namespace} of {@code store}, one per scope, each made again from
   * {@code documents}, its data map, when the file has no record of it.
   */
  static List<RecencyIndex> open(MVStore store, String namespace, List<List<String>> scopes,
                                 MVMap<Object, Document> documents) {
    MVMap<String, String> format = store.openMap(EmbeddedH2Backend.FORMAT_MAP);
    return scopes.stream().map(scope -> {
      String name = name(scope);
      String record = RECORD_PREFIX + namespace + "." + name;
      String recorded = format.get(record);
      RecencyIndex index = new RecencyIndex(scope, store.openMap(namespace + MAP_INFIX + name),
          recorded == null || COMPLETE.equals(recorded), () -> format.put(record, INCOMPLETE));
      if (recorded == null) {
        index.keys.clear();
        documents.values().forEach(index::put);
        format.put(record, index.complete ? COMPLETE : INCOMPLETE);
      }
      return index;
    }).toList();
  }

  /** Removes the indexes of a dropped collection and their records. */
  static void drop(MVStore store, String namespace, List<List<String>> scopes) {
    MVMap<String, String> format = store.openMap(EmbeddedH2Backend.FORMAT_MAP);
    for (List<String> scope : scopes) {
      String name = name(scope);
      if (store.hasMap(namespace + MAP_INFIX + name)) {
        store.removeMap(namespace + MAP_INFIX + name);
      }
      format.remove(RECORD_PREFIX + namespace + "." + name);
    }
  }

  /** The map's name suffix: its scope fields. */
  private static String name(List<String> scope) {
    return String.join("+", scope);
  }

  void put(Document document) {
    String key = keyOf(document);
    if (key == null) {
      if (complete) {
        complete = false;
        markIncomplete.run();
      }
      return;
    }
    keys.put(key, "");
  }

  void remove(Document document) {
    String key = keyOf(document);
    if (key != null) {
      keys.remove(key);
    }
  }

  /** A changed document's key, moved when its scope, age or id changed. */
  void update(Document before, Document after) {
    String old = keyOf(before);
    String now = keyOf(after);
    if (old != null && !old.equals(now)) {
      keys.remove(old);
    }
    if (now == null || !now.equals(old)) {
      put(after);
    }
  }

  /** Whether {@code query} is exactly this scope, each field an exact string. */
  boolean answers(Document query) {
    if (!complete || query == null || !query.keySet().equals(Set.copyOf(scope))) {
      return false;
    }
    return scope.stream().allMatch(field -> query.get(field) instanceof String);
  }

  /** Whether {@code orderBy} is the run list's: newest first, ties by {@code _id}, descending. */
  static boolean newestFirst(Document orderBy) {
    return orderBy != null && List.copyOf(orderBy.keySet()).equals(List.of(ORDER_FIELD, ID))
        && isMinusOne(orderBy.get(ORDER_FIELD)) && isMinusOne(orderBy.get(ID));
  }

  /** How many documents the scope {@code query} names hold. */
  long count(Document query) {
    String prefix = prefix(query);
    return position(afterPrefix(prefix)) - position(prefix);
  }

  /** The {@code _id}s of the scope's documents, newest first, after {@code skip}, at most {@code limit}. */
  List<String> newestIds(Document query, int skip, int limit) {
    String prefix = prefix(query);
    long first = position(prefix);
    long next = position(afterPrefix(prefix)) - 1 - Math.max(skip, 0);
    List<String> ids = new ArrayList<>();
    for (long index = next; index >= first && ids.size() < limit; index--) {
      String key = keys.getKey(index);
      ids.add(unescape(key.substring(key.lastIndexOf(SEPARATOR) + SEPARATOR.length())));
    }
    return ids;
  }

  /** Where {@code key} is or would be in the map's order. */
  private long position(String key) {
    long index = keys.getKeyIndex(key);
    return index >= 0 ? index : -index - 1;
  }

  /**
   * The least string above every key that starts with {@code prefix}: the prefix ends with a NUL, and a key is in the
   * scope exactly when it lies between the prefix and the prefix with that NUL raised by one.
   */
  private static String afterPrefix(String prefix) {
    return prefix.substring(0, prefix.length() - 1) + "\u0001";
  }

  private String prefix(Document query) {
    StringBuilder prefix = new StringBuilder();
    for (String field : scope) {
      prefix.append(escape((String) query.get(field))).append(SEPARATOR);
    }
    return prefix.toString();
  }

  /** The document's key, or null when one of its values is not a string. */
  String keyOf(Document document) {
    StringBuilder key = new StringBuilder();
    for (String field : scope) {
      if (!(Utils.getSubdocumentValue(document, field) instanceof String value)) {
        return null;
      }
      key.append(escape(value)).append(SEPARATOR);
    }
    if (!(document.get(ORDER_FIELD) instanceof String created) || !(document.get(ID) instanceof String id)) {
      return null;
    }
    return key.append(escape(created)).append(SEPARATOR).append(escape(id)).toString();
  }

  private static boolean isMinusOne(Object direction) {
    return direction instanceof Number number && number.intValue() == -1;
  }

  private static String escape(String value) {
    return value.replace("\u0000", "\u0000\u0001");
  }

  private static String unescape(String value) {
    return value.replace("\u0000\u0001", "\u0000");
  }
}
