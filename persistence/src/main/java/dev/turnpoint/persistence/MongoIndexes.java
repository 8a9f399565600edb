package dev.turnpoint.persistence;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexModel;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

import java.util.List;

/**
 * The indexes the stores rely on: unique ones that enforce rules (version numbers, key hashes) and the ones behind
 * the stores' queries. Creating an index that already exists with the same definition is a no-op, so this runs at
 * every start.
 *
 * <p>The embedded server implements unique indexes only and merely warns about the others, so those are created on a
 * real MongoDB only.
 */
final class MongoIndexes {

  private MongoIndexes() {
  }

  static Future<Void> ensure(MongoClient client, boolean embeddedServer) {
    Future<Void> unique = ensureUnique(client);
    return embeddedServer ? unique : unique.compose(done -> ensureForQueries(client));
  }

  private static Future<Void> ensureUnique(MongoClient client) {
    return Future.all(
        client.createIndexes(MongoCollections.WORKFLOW_VERSIONS, List.of(
            unique("workflow_version_number", new JsonObject().put("workflow_id", 1).put("version_number", 1)))),
        client.createIndexes(MongoCollections.API_KEYS, List.of(
            unique("key_hash", new JsonObject().put("key_hash", 1))))
    ).mapEmpty();
  }

  private static Future<Void> ensureForQueries(MongoClient client) {
    return Future.all(List.of(
        client.createIndexes(MongoCollections.WORKFLOWS, List.of(
            index("team_newest", new JsonObject().put("team_id", 1).put("created_at", -1)))),
        client.createIndexes(MongoCollections.WORKFLOW_RUNS, List.of(
            index("team_newest", new JsonObject().put("team_id", 1).put("created_at", -1)),
            index("team_workflow_newest", new JsonObject().put("team_id", 1)
                .put("workflow_run.workflow_id", 1).put("created_at", -1)),
            index("fork_source", new JsonObject().put("workflow_run.source_workflow_run_id", 1)
                .put("workflow_run.checkpoint_source_turn_index", 1)),
            index("status_updated", new JsonObject().put("workflow_run.status", 1).put("updated_at", 1)),
            index("segment_owner", new JsonObject().put("segments.run_id", 1)))),
        client.createIndexes(MongoCollections.RUN_TURNS, List.of(
            index("run_turn", new JsonObject().put("run_id", 1).put("turn_index", 1)))),
        client.createIndexes(MongoCollections.TURN_COMMENTS, List.of(
            index("run", new JsonObject().put("run_id", 1)))),
        client.createIndexes(MongoCollections.FORK_REQUESTS, List.of(
            index("run", new JsonObject().put("run_id", 1)))),
        client.createIndexes(MongoCollections.API_KEYS, List.of(
            index("team_newest", new JsonObject().put("team_id", 1).put("created_at", -1))))
    )).mapEmpty();
  }

  private static IndexModel index(String name, JsonObject keys) {
    return new IndexModel(keys, new IndexOptions().name(name));
  }

  private static IndexModel unique(String name, JsonObject keys) {
    return new IndexModel(keys, new IndexOptions().name(name).unique(true));
  }
}
