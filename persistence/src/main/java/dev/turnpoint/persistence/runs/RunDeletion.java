package dev.turnpoint.persistence.runs;

import dev.turnpoint.persistence.MongoCollections;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Deleting a run. {@link #deleteRun} removes the run document with its turn comments and fork requests, then its turn
 * documents only if no other run's segments still reference them; otherwise they stay so the forks keep working, and
 * they are removed when the last run referencing them is deleted.
 */
final class RunDeletion {

  private final MongoClient mongo;
  private final RunReads reads;

  RunDeletion(MongoClient mongo, RunReads reads) {
    this.mongo = mongo;
    this.reads = reads;
  }

  Future<Void> deleteRun(String teamId, String runId) {
    return reads.load(teamId, runId, new JsonObject().put(StoredRun.SEGMENTS, 1)).compose(run ->
        mongo.removeDocument(MongoCollections.WORKFLOW_RUNS, StoredRun.byId(teamId, runId))
            .compose(removed -> removed.getRemovedCount() == 0
                ? Future.failedFuture(StoredRun.notFound(runId))
                : Future.all(
                    mongo.removeDocuments(MongoCollections.TURN_COMMENTS,
                        StoredRun.byTeam(teamId).put("run_id", runId)),
                    mongo.removeDocuments(MongoCollections.FORK_REQUESTS,
                        StoredRun.byTeam(teamId).put("run_id", runId))))
            .compose(cleaned -> removeUnreferencedTurns(teamId, run)));
  }

  /** Removes turn documents no run needs any more: the deleted run's, and those of deleted runs it inherited. */
  private Future<Void> removeUnreferencedTurns(String teamId, StoredRun deleted) {
    Set<String> owners = new LinkedHashSet<>();
    owners.add(deleted.id());
    deleted.segments().forEach(range -> owners.add(range.ownerRunId()));
    Future<Void> chain = Future.succeededFuture();
    for (String owner : owners) {
      chain = chain.compose(done -> removeTurnsIfUnreferenced(teamId, owner, !owner.equals(deleted.id())));
    }
    return chain;
  }

  private Future<Void> removeTurnsIfUnreferenced(String teamId, String ownerRunId, boolean onlyIfOwnerDeleted) {
    Future<Long> ownerExists = onlyIfOwnerDeleted
        ? mongo.count(MongoCollections.WORKFLOW_RUNS, StoredRun.byId(teamId, ownerRunId))
        : Future.succeededFuture(0L);
    return ownerExists
        .compose(owners -> owners > 0
            ? Future.succeededFuture(1L)
            : mongo.count(MongoCollections.WORKFLOW_RUNS,
                StoredRun.byTeam(teamId).put(StoredRun.SEGMENTS + ".run_id", ownerRunId)))
        .compose(references -> references > 0
            ? Future.succeededFuture()
            : mongo.removeDocuments(MongoCollections.RUN_TURNS, StoredRun.byTeam(teamId).put("run_id", ownerRunId))
                .mapEmpty());
  }
}
