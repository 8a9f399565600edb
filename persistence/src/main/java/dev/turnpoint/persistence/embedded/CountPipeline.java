package dev.turnpoint.persistence.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The aggregation a MongoDB driver sends to count documents ({@code countDocuments}):
 * {@code [{$match: filter}, {$skip: s}?, {$limit: l}?, {$group: {_id: 1, n: {$sum: 1}}}]}, answered as a count.
 *
 * <p>mongo-java-server runs every aggregation over its whole collection, decoded and held in one list before the
 * first stage, so counting one run by its {@code _id}, as every fork does to check its source, held every run
 * document in the heap at once: past about 2,000 runs the heap filled with them and full collections ran back to
 * back. Answered as the {@code count} command is (the filter as a query, which reads one document by its {@code _id},
 * or the narrow copies of {@link CoveringCopy}), it reads what the filter needs and nothing else. Any other pipeline
 * runs as before.
 */
final class CountPipeline {

  private final Document match;
  private final int skip;
  private final int limit;
  private final Object groupId;
  private final String countField;

  private CountPipeline(Document match, int skip, int limit, Object groupId, String countField) {
    this.match = match;
    this.skip = skip;
    this.limit = limit;
    this.groupId = groupId;
    this.countField = countField;
  }

  /** The count in {@code aggregate}, an {@code aggregate} command's body, if its pipeline is one. */
  static Optional<CountPipeline> of(Document aggregate) {
    if (!(aggregate.get("pipeline") instanceof List<?> stages) || stages.size() < 2 || stages.size() > 4
        || !(stages.get(0) instanceof Document first) || !(stageBody(first, "$match") instanceof Document match)) {
      return Optional.empty();
    }
    int skip = 0;
    int limit = 0;
    for (Object stage : stages.subList(1, stages.size() - 1)) {
      if (!(stage instanceof Document middle)) {
        return Optional.empty();
      }
      if (stageBody(middle, "$skip") instanceof Number number && skip == 0 && limit == 0) {
        skip = number.intValue();
      } else if (stageBody(middle, "$limit") instanceof Number number && limit == 0) {
        limit = number.intValue();
      } else {
        return Optional.empty();
      }
    }
    if (skip < 0 || limit < 0 || !(stages.get(stages.size() - 1) instanceof Document last)
        || !(stageBody(last, "$group") instanceof Document group) || group.size() != 2
        || !(group.get("_id") instanceof Number groupId)) {
      return Optional.empty();
    }
    for (Map.Entry<String, Object> field : group.entrySet()) {
      if (!field.getKey().equals("_id")) {
        boolean sumOfOne = field.getValue() instanceof Document sum && sum.size() == 1
            && sum.get("$sum") instanceof Number one && one.doubleValue() == 1;
        return sumOfOne ? Optional.of(new CountPipeline(match, skip, limit, groupId, field.getKey()))
            : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * The reply of the aggregation over {@code collection} (null when it does not exist): a single group holding the
   * count, or no group when nothing matched, in a cursor that is already exhausted.
   */
  Document answer(MongoCollection<?> collection, String namespace) {
    int count = collection == null ? 0 : collection.count(match, skip, limit);
    List<Document> batch = count == 0 ? List.of() : List.of(new Document("_id", groupId).append(countField, count));
    Document cursor = new Document("id", 0L).append("ns", namespace).append("firstBatch", batch);
    Document reply = new Document("cursor", cursor);
    Utils.markOkay(reply);
    return reply;
  }

  private static Object stageBody(Document stage, String name) {
    return stage.size() == 1 ? stage.get(name) : null;
  }
}
