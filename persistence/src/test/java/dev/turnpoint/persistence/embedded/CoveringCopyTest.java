package dev.turnpoint.persistence.embedded;

import de.bwaldvogel.mongo.MongoServer;
import dev.turnpoint.persistence.MongoCollections;
import dev.turnpoint.persistence.PersistenceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.junit5.VertxExtension;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run collection's narrow copies and recency indexes answer the run list, its count and the reaper's query exactly
 * as reading every run document does (the same documents in another collection, which has neither), and they follow
 * every write.
 */
@ExtendWith(VertxExtension.class)
class CoveringCopyTest {

  private static final String DATABASE = "db";
  private static final String COVERED = MongoCollections.WORKFLOW_RUNS;
  private static final String PLAIN = "plain_runs";
  private static final JsonObject NEWEST_FIRST = new JsonObject().put("created_at", -1).put("_id", -1);
  private static final JsonObject LIST_ROW = new JsonObject().put("_id", 1).put("team_id", 1).put("created_at", 1)
      .put("updated_at", 1).put("workflow_run.logical_id", 1).put("workflow_run.workflow_id", 1)
      .put("workflow_run.status", 1).put("workflow_run.source_workflow_run_id", 1);

  @TempDir
  Path dataDir;

  private EmbeddedH2Backend backend;
  private MongoServer server;
  private MongoClient mongo;

  @AfterEach
  void stop() {
    close();
  }

  @Test
  void theRunListItsCountAndTheReaperReadTheCopiesAndAnswerAsAFullScanDoes(Vertx vertx) {
    open(vertx);
    insertRuns(0, 60);
    long fullScans = collection(COVERED).fullScans();
    long coveredScans = collection(COVERED).coveredScans();
    long indexed = collection(COVERED).indexedQueries();

    List<Function<String, Future<?>>> queries = List.of(
        runs -> mongo.findWithOptions(runs, teamAndWorkflow("team-a", "wf-1"),
            new FindOptions().setSort(NEWEST_FIRST).setSkip(0).setLimit(5).setFields(LIST_ROW)),
        runs -> mongo.findWithOptions(runs, teamAndWorkflow("team-a", "wf-1"),
            new FindOptions().setSort(NEWEST_FIRST).setSkip(5).setLimit(5).setFields(LIST_ROW)),
        runs -> mongo.count(runs, teamAndWorkflow("team-a", "wf-1")),
        runs -> mongo.count(runs, new JsonObject().put("team_id", "team-b")
            .put("workflow_run.status", "completed")),
        runs -> mongo.findWithOptions(runs, new JsonObject().put("team_id", "team-a").put("$or", new JsonArray()
                .add(new JsonObject().put("workflow_run.logical_id",
                    new JsonObject().put("$regex", "1").put("$options", "i")))
                .add(new JsonObject().put("_id", new JsonObject().put("$regex", "7")))),
            new FindOptions().setSort(NEWEST_FIRST).setLimit(20).setFields(LIST_ROW)),
        runs -> mongo.findWithOptions(runs, new JsonObject().put("team_id", "team-b")
                .put("created_at", new JsonObject().put("$gte", created(10)).put("$lte", created(40))),
            new FindOptions().setSort(NEWEST_FIRST).setLimit(100).setFields(LIST_ROW)),
        // The reaper: every team's active runs not updated lately and not leased, oldest first, whole but the turn.
        runs -> mongo.findWithOptions(runs, new JsonObject()
                .put("workflow_run.status", new JsonObject().put("$in", new JsonArray().add("started").add("waiting")))
                .put("updated_at", new JsonObject().put("$lt", created(45)))
                .put("$or", new JsonArray().add(new JsonObject().put("lease", null))
                    .add(new JsonObject().put("lease.expires_at", new JsonObject().put("$lte", 30)))),
            new FindOptions().setSort(new JsonObject().put("updated_at", 1)).setLimit(7)
                .setFields(new JsonObject().put("last_turn", 0))),
        runs -> mongo.find(runs, teamAndWorkflow("team-b", "wf-2")));

    for (Function<String, Future<?>> query : queries) {
      assertThat(query.apply(COVERED).await()).isEqualTo(query.apply(PLAIN).await());
    }
    assertThat(collection(COVERED).fullScans()).as("run documents read by scanning").isEqualTo(fullScans);
    assertThat(collection(COVERED).indexedQueries()).as("a workflow's newest runs and their count")
        .isEqualTo(indexed + 3);
    assertThat(collection(COVERED).coveredScans()).as("the other filters").isEqualTo(coveredScans + queries.size() - 3);

    // A filter on a field the copies do not hold reads every document, as before.
    JsonObject uncovered = new JsonObject().put("team_id", "team-a").put("workflow_run.variables.n", 4);
    assertThat(mongo.find(COVERED, uncovered).await()).isEqualTo(mongo.find(PLAIN, uncovered).await()).hasSize(1);
    assertThat(collection(COVERED).fullScans()).isEqualTo(fullScans + 1);
  }

  @Test
  void theCopiesFollowInsertsUpdatesUpsertsAndDeletes(Vertx vertx) {
    open(vertx);
    insertRuns(0, 20);
    for (String runs : List.of(COVERED, PLAIN)) {
      mongo.updateCollection(runs, new JsonObject().put("_id", "run-3"), new JsonObject()
          .put("$set", new JsonObject().put("workflow_run.status", "completed").put("updated_at", created(99)))
          .put("$unset", new JsonObject().put("lease", ""))).await();
      mongo.findOneAndUpdate(runs, new JsonObject().put("_id", "run-4").put("team_id", "team-a"),
          new JsonObject().put("$set", new JsonObject().put("team_id", "team-b"))).await();
      mongo.updateCollectionWithOptions(runs, new JsonObject().put("team_id", "team-b")
              .put("workflow_run.status", "waiting"),
          new JsonObject().put("$set", new JsonObject().put("lease", new JsonObject().put("expires_at", 5))),
          new UpdateOptions().setMulti(true)).await();
      mongo.updateCollectionWithOptions(runs, new JsonObject().put("_id", "run-50"),
          new JsonObject().put("$set", withoutId(run(50))), new UpdateOptions().setUpsert(true)).await();
      mongo.removeDocument(runs, new JsonObject().put("_id", "run-6")).await();
      mongo.removeDocuments(runs, new JsonObject().put("team_id", "team-a").put("workflow_run.status", "started"))
          .await();
      mongo.save(runs, run(7).put("workflow_run", run(7).getJsonObject("workflow_run").put("status", "failed")))
          .await();
    }
    for (String team : List.of("team-a", "team-b")) {
      JsonObject filter = new JsonObject().put("team_id", team);
      FindOptions page = new FindOptions().setSort(NEWEST_FIRST).setLimit(50).setFields(LIST_ROW);
      assertThat(mongo.findWithOptions(COVERED, filter, page).await()).as(team)
          .isEqualTo(mongo.findWithOptions(PLAIN, filter, page).await()).isNotEmpty();
      assertThat(mongo.count(COVERED, filter).await()).isEqualTo(mongo.count(PLAIN, filter).await());
    }
    JsonObject completed = new JsonObject().put("team_id", "team-b").put("workflow_run.status", "completed");
    FindOptions newest = new FindOptions().setSort(NEWEST_FIRST).setLimit(50).setFields(LIST_ROW);
    assertThat(mongo.findWithOptions(COVERED, completed, newest).await())
        .isEqualTo(mongo.findWithOptions(PLAIN, completed, newest).await()).isNotEmpty();
    JsonObject leased = new JsonObject().put("lease.expires_at", 5);
    assertThat(mongo.count(COVERED, leased).await()).isEqualTo(mongo.count(PLAIN, leased).await()).isPositive();
  }

  @Test
  void aWorkflowsNewestRunsAndTheirCountComeFromTheRecencyIndexInTheOrderOfAFullSort(Vertx vertx) {
    open(vertx);
    insertRuns(0, 45);
    // Values with NUL characters must neither leak into nor out of a scope, nor change the order.
    for (String runs : List.of(COVERED, PLAIN)) {
      mongo.insert(runs, run(45).put("workflow_run", run(45).getJsonObject("workflow_run")
          .put("workflow_id", "wf\u0000"))).await();
      mongo.insert(runs, run(46).put("team_id", "team-a\u0000x")).await();
      mongo.insert(runs, run(48).put("team_id", "team-a\u0000\u0000")).await();
      mongo.insert(runs, run(47).put("_id", "run-47\u0000").put("created_at", created(20) + "\u0000")).await();
    }
    long fullScans = collection(COVERED).fullScans();
    long coveredScans = collection(COVERED).coveredScans();
    long indexed = collection(COVERED).indexedQueries();
    int queries = 0;
    for (JsonObject scope : List.of(new JsonObject().put("team_id", "team-a"), teamAndWorkflow("team-a", "wf-1"),
        teamAndWorkflow("team-b", "wf-2"), teamAndWorkflow("team-a", "wf\u0000"), teamAndWorkflow("team-c", "wf-1"))) {
      assertThat(mongo.count(COVERED, scope).await()).as("count %s", scope)
          .isEqualTo(mongo.count(PLAIN, scope).await());
      queries++;
      for (int skip : new int[] {0, 3, 11, 40}) {
        for (int limit : new int[] {1, 5, 20}) {
          for (JsonObject fields : List.of(LIST_ROW, new JsonObject())) {
            FindOptions page = new FindOptions().setSort(NEWEST_FIRST).setSkip(skip).setLimit(limit)
                .setFields(fields);
            assertThat(mongo.findWithOptions(COVERED, scope, page).await()).as("%s skip %d limit %d", scope, skip,
                limit).isEqualTo(mongo.findWithOptions(PLAIN, scope, page).await());
            queries++;
          }
        }
      }
    }
    assertThat(collection(COVERED).indexedQueries()).isEqualTo(indexed + queries);
    assertThat(collection(COVERED).coveredScans()).isEqualTo(coveredScans);
    assertThat(collection(COVERED).fullScans()).isEqualTo(fullScans);
  }

  @Test
  void aRunTheIndexCannotOrderTurnsItOffAndTheListStillAnswers(Vertx vertx) {
    open(vertx);
    insertRuns(0, 20);
    for (String runs : List.of(COVERED, PLAIN)) {
      mongo.insert(runs, run(20).put("created_at", 1_700_000_000L)).await();
    }
    JsonObject scope = new JsonObject().put("team_id", "team-a");
    FindOptions page = new FindOptions().setSort(NEWEST_FIRST).setLimit(30).setFields(LIST_ROW);
    long indexed = collection(COVERED).indexedQueries();
    assertThat(mongo.findWithOptions(COVERED, scope, page).await())
        .isEqualTo(mongo.findWithOptions(PLAIN, scope, page).await()).hasSize(14);
    assertThat(mongo.count(COVERED, scope).await()).isEqualTo(14);
    close();

    open(vertx);
    assertThat(mongo.findWithOptions(COVERED, scope, page).await())
        .isEqualTo(mongo.findWithOptions(PLAIN, scope, page).await());
    assertThat(collection(COVERED).indexedQueries()).as("still off after a restart").isZero();
    assertThat(indexed).isZero();
  }

  @Test
  void aFileWithoutCopiesOfTheseFieldsGetsThemMadeWhenItOpens(Vertx vertx) {
    open(vertx);
    insertRuns(0, 30);
    close();
    // What a file written before the copies had these fields looks like: other fields, or none at all.
    MVStore store = EmbeddedMongoServer.openStore(dataDir, PersistenceConfig.from(new JsonObject()));
    store.openMap(DATABASE + "." + COVERED + "._covering").clear();
    store.<String, String>openMap(EmbeddedH2Backend.FORMAT_MAP).put("covering." + DATABASE + "." + COVERED, "team_id");
    // ... and without recency indexes.
    store.openMap(DATABASE + "." + COVERED + "._recency_team_id+workflow_run.workflow_id").clear();
    store.<String, String>openMap(EmbeddedH2Backend.FORMAT_MAP)
        .remove("recency." + DATABASE + "." + COVERED + ".team_id+workflow_run.workflow_id");
    store.commit();
    store.close();

    open(vertx);
    FindOptions page = new FindOptions().setSort(NEWEST_FIRST).setLimit(10).setFields(LIST_ROW);
    JsonObject filter = teamAndWorkflow("team-a", "wf-1").put("workflow_run.status", "started");
    assertThat(mongo.findWithOptions(COVERED, filter, page).await())
        .isEqualTo(mongo.findWithOptions(PLAIN, filter, page).await()).isNotEmpty();
    assertThat(mongo.count(COVERED, filter).await()).isEqualTo(mongo.count(PLAIN, filter).await());
    assertThat(collection(COVERED).coveredScans()).isEqualTo(2);
    JsonObject scope = teamAndWorkflow("team-a", "wf-1");
    assertThat(mongo.findWithOptions(COVERED, scope, page).await())
        .isEqualTo(mongo.findWithOptions(PLAIN, scope, page).await()).isNotEmpty();
    assertThat(mongo.count(COVERED, scope).await()).isEqualTo(mongo.count(PLAIN, scope).await());
    assertThat(collection(COVERED).indexedQueries()).isEqualTo(2);
  }

  private void open(Vertx vertx) {
    PersistenceConfig defaults = PersistenceConfig.from(new JsonObject());
    backend = new EmbeddedH2Backend(EmbeddedMongoServer.openStore(dataDir, defaults), defaults.minFillPercent());
    server = new MongoServer(backend);
    mongo = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", "mongodb://127.0.0.1:" + server.bind().getPort()).put("db_name", DATABASE));
  }

  private void close() {
    if (server != null) {
      mongo.close().await();
      server.shutdownNow();
      server = null;
    }
  }

  /** Runs {@code from} to {@code to}, in both collections: two teams, two workflows, every status, some leased. */
  private void insertRuns(int from, int to) {
    for (int i = from; i < to; i++) {
      for (String runs : List.of(COVERED, PLAIN)) {
        mongo.insert(runs, run(i)).await();
      }
    }
  }

  private static JsonObject run(int i) {
    String[] statuses = {"started", "waiting", "completed", "failed"};
    JsonObject run = new JsonObject().put("_id", "run-" + i).put("team_id", i % 3 == 0 ? "team-b" : "team-a")
        // Every fifth run shares its creation time with the one before: ties are ordered by _id.
        .put("created_at", created(i - (i % 5 == 4 ? 1 : 0))).put("updated_at", created(i + 3))
        .put("workflow_run", new JsonObject().put("logical_id", "logical-" + i)
            .put("workflow_id", i % 2 == 0 ? "wf-1" : "wf-2").put("status", statuses[i % 4])
            .put("variables", new JsonObject().put("n", i).put("text", "x".repeat(500))))
        .put("last_turn", new JsonObject().put("checkpoint", "y".repeat(1000)));
    if (i % 4 != 0) {
      run.put("lease", i % 4 == 1 ? null : new JsonObject().put("token", "t" + i).put("expires_at", i));
    }
    return run;
  }

  private static JsonObject withoutId(JsonObject document) {
    document.remove("_id");
    return document;
  }

  private static String created(int minute) {
    return String.format("2026-01-01T%02d:%02d:00Z", minute / 60, minute % 60);
  }

  private static JsonObject teamAndWorkflow(String team, String workflow) {
    return new JsonObject().put("team_id", team).put("workflow_run.workflow_id", workflow);
  }

  private IdLookupCollection collection(String name) {
    return (IdLookupCollection) backend.resolveDatabase(DATABASE).resolveCollection(name, true);
  }
}
