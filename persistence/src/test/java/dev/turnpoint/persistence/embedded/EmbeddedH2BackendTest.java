package dev.turnpoint.persistence.embedded;

import com.mongodb.MongoException;
import de.bwaldvogel.mongo.MongoServer;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded H2 backend answers filters that name an exact {@code _id} from the index, with the same results. */
@ExtendWith(VertxExtension.class)
class EmbeddedH2BackendTest {

  private static final String DATABASE = "db";
  private static final String COLLECTION = "runs";

  private EmbeddedH2Backend backend;
  private MongoServer server;
  private MongoClient mongo;

  @BeforeEach
  void start(Vertx vertx) {
    backend = new EmbeddedH2Backend(new MVStore.Builder().autoCommitDisabled().open(),
        PersistenceConfig.DEFAULT_MIN_FILL_PERCENT);
    server = new MongoServer(backend);
    InetSocketAddress address = server.bind();
    mongo = MongoClient.create(vertx, new JsonObject()
        .put("connection_string", "mongodb://127.0.0.1:" + address.getPort())
        .put("db_name", DATABASE));
    List<JsonObject> documents = IntStream.range(0, 40)
        .mapToObj(i -> new JsonObject().put("_id", "run-" + i).put("team_id", i % 2 == 0 ? "even" : "odd")
            .put("n", i).put("quarter", i / 4).put("lease", new JsonObject().put("token", "t" + i)))
        .toList();
    Future.all(documents.stream().map(doc -> mongo.insert(COLLECTION, doc)).toList()).await();
  }

  @AfterEach
  void stop() {
    mongo.close().await();
    server.shutdownNow();
  }

  @Test
  void filtersWithAnExactIdReadOneDocumentAndStillMatchEveryField() {
    long scansBefore = collection().fullScans();

    assertThat(mongo.findOne(COLLECTION, new JsonObject().put("_id", "run-4").put("team_id", "even"), null).await()
        .getInteger("n")).isEqualTo(4);
    assertThat(mongo.findOne(COLLECTION, new JsonObject().put("_id", "run-4").put("team_id", "odd"), null).await())
        .as("another team's document").isNull();
    assertThat(mongo.findOne(COLLECTION, new JsonObject().put("_id", "run-404").put("team_id", "even"), null)
        .await()).isNull();
    JsonObject conditional = new JsonObject().put("_id", "run-6").put("team_id", "even").put("lease.token", "t6")
        .put("n", new JsonObject().put("$lt", 10));
    JsonObject update = new JsonObject().put("$inc", new JsonObject().put("n", 100));
    assertThat(mongo.findOneAndUpdate(COLLECTION, conditional, update).await().getInteger("n")).isEqualTo(6);
    assertThat(mongo.findOneAndUpdate(COLLECTION, conditional, update).await())
        .as("no longer matches n < 10").isNull();
    assertThat(mongo.updateCollectionWithOptions(COLLECTION,
        new JsonObject().put("_id", "run-8").put("lease.token", "stale"), update, new UpdateOptions()).await()
        .getDocMatched()).isZero();

    JsonObject in = new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray().add("run-3").add("run-2")
        .add("run-5").add("run-404"))).put("team_id", "odd");
    assertThat(mongo.findWithOptions(COLLECTION, in, new FindOptions().setSort(new JsonObject().put("n", -1))).await())
        .extracting(doc -> doc.getString("_id")).containsExactly("run-5", "run-3");

    // How a lease renewal names its runs: the ids for the index, each run with its own token.
    JsonObject renewal = new JsonObject()
        .put("_id", new JsonObject().put("$in", new JsonArray().add("run-10").add("run-11").add("run-12")))
        .put("$or", new JsonArray()
            .add(new JsonObject().put("_id", "run-10").put("lease.token", "t10"))
            .add(new JsonObject().put("_id", "run-11").put("lease.token", "t12"))
            .add(new JsonObject().put("_id", "run-12").put("lease.token", "t12")));
    assertThat(mongo.updateCollectionWithOptions(COLLECTION, renewal,
        new JsonObject().put("$set", new JsonObject().put("lease.expires_at", 1)), new UpdateOptions().setMulti(true))
        .await().getDocMatched()).isEqualTo(2);

    assertThat(collection().fullScans()).isEqualTo(scansBefore);
  }

  @Test
  void sortedPagesAreWhatSortingEveryMatchGives() {
    // n / 4 repeats each value four times: ties keep the order the documents are stored in.
    List<JsonObject> everyOdd = mongo.findWithOptions(COLLECTION, new JsonObject().put("team_id", "odd"),
        new FindOptions().setSort(new JsonObject().put("n", -1))).await();
    assertThat(everyOdd).hasSize(20);
    FindOptions byQuarter = new FindOptions().setSort(new JsonObject().put("quarter", 1))
        .setFields(new JsonObject().put("n", 1));
    List<Object> all = mongo.findWithOptions(COLLECTION, new JsonObject(), byQuarter).await().stream()
        .map(doc -> doc.getValue("n")).toList();
    assertThat(all).hasSize(40);

    for (int skip : new int[] {0, 3, 17, 39, 45}) {
      for (int limit : new int[] {1, 4, 7, 40}) {
        List<Object> page = mongo.findWithOptions(COLLECTION, new JsonObject(),
                new FindOptions(byQuarter).setSkip(skip).setLimit(limit)).await().stream()
            .map(doc -> doc.getValue("n")).toList();
        assertThat(page).as("skip %d, limit %d", skip, limit)
            .containsExactlyElementsOf(all.subList(Math.min(skip, 40), Math.min(skip + limit, 40)));
      }
    }
    List<Object> newestOdd = mongo.findWithOptions(COLLECTION, new JsonObject().put("team_id", "odd"),
        new FindOptions().setSort(new JsonObject().put("n", -1)).setSkip(2).setLimit(3)).await().stream()
        .map(doc -> doc.getValue("n")).toList();
    assertThat(newestOdd).containsExactly(35, 33, 31);
    assertThat(collection().lastSortKept()).as("documents held to sort 20 matches for a page of 3 after 2")
        .isEqualTo(5);
    // Beyond what a sorted query keeps, the whole sort answers as before.
    List<JsonObject> deep = mongo.findWithOptions(COLLECTION, new JsonObject(), new FindOptions(byQuarter)
        .setSkip(IdLookupCollection.MAX_KEPT_FOR_SORT).setLimit(5)).await();
    assertThat(deep).isEmpty();
  }

  @Test
  void otherFiltersOnIdStillScanAndFindWhatTheyShould() {
    long scansBefore = collection().fullScans();

    JsonObject in = new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray().add("run-1").add("run-2"))
        .put("$ne", "run-2")).put("team_id", "odd");
    assertThat(mongo.find(COLLECTION, in).await()).extracting(doc -> doc.getString("_id")).containsExactly("run-1");
    JsonObject regex = new JsonObject().put("_id", new JsonObject().put("$regex", "^run-3[0-9]$"))
        .put("team_id", "even");
    assertThat(mongo.find(COLLECTION, regex).await()).hasSize(5);
    assertThat(mongo.findWithOptions(COLLECTION, new JsonObject().put("team_id", "odd"),
        new FindOptions().setLimit(3)).await()).hasSize(3);

    assertThat(collection().fullScans()).isEqualTo(scansBefore + 3);
  }

  @Test
  void countsReadWhatTheirFilterNeedsAndAnswerAsAnAggregationWould() {
    long scansBefore = collection().fullScans();
    assertThat(mongo.count(COLLECTION, new JsonObject().put("_id", "run-4").put("team_id", "even")).await())
        .isEqualTo(1);
    assertThat(mongo.count(COLLECTION, new JsonObject().put("_id", "run-4").put("team_id", "odd")).await()).isZero();
    assertThat(collection().fullScans()).as("a count by _id reads one document").isEqualTo(scansBefore);

    assertThat(mongo.count(COLLECTION, new JsonObject().put("team_id", "odd")).await()).isEqualTo(20);
    assertThat(mongo.count(COLLECTION, new JsonObject().put("quarter", new JsonObject().put("$gte", 8))).await())
        .isEqualTo(8);
    assertThat(mongo.count(COLLECTION, new JsonObject()).await()).isEqualTo(40);
    assertThat(mongo.count("nothing_here", new JsonObject().put("team_id", "odd")).await()).isZero();

    // The pipeline a driver sends with a skip and a limit, and one that is not a count.
    JsonObject skipped = aggregate(new JsonArray()
        .add(new JsonObject().put("$match", new JsonObject().put("team_id", "even")))
        .add(new JsonObject().put("$skip", 5)).add(new JsonObject().put("$limit", 10))
        .add(new JsonObject().put("$group", new JsonObject().put("_id", 1)
            .put("n", new JsonObject().put("$sum", 1)))));
    assertThat(skipped).isEqualTo(new JsonObject().put("_id", 1).put("n", 10));
    JsonObject summed = aggregate(new JsonArray()
        .add(new JsonObject().put("$match", new JsonObject().put("team_id", "even")))
        .add(new JsonObject().put("$group", new JsonObject().put("_id", 1)
            .put("n", new JsonObject().put("$sum", "$quarter")))));
    assertThat(summed).isEqualTo(new JsonObject().put("_id", 1).put("n", IntStream.range(0, 40)
        .filter(i -> i % 2 == 0).map(i -> i / 4).sum()));
  }

  /** The first result of an aggregation over the collection. */
  private JsonObject aggregate(JsonArray pipeline) {
    JsonObject reply = mongo.runCommand("aggregate", new JsonObject().put("aggregate", COLLECTION)
        .put("pipeline", pipeline).put("cursor", new JsonObject())).await();
    return reply.getJsonObject("cursor").getJsonArray("firstBatch").getJsonObject(0);
  }

  @Test
  void aNewDataFileOrdersItsUniqueIndexesByValue(Vertx vertx, @TempDir Path dir) {
    List<String> ids = IntStream.range(0, 300).mapToObj(i -> "id-" + (i * 7919 % 300)).toList();
    EmbeddedH2Backend created = onFile(dir);
    MongoServer first = new MongoServer(created);
    MongoClient writer = client(vertx, first);
    for (String id : ids) {
      writer.insert(COLLECTION, new JsonObject().put("_id", id).put("n", id.length())).await();
    }
    assertThat(failureOf(writer.insert(COLLECTION, new JsonObject().put("_id", "id-5"))))
        .as("the unique index still rejects a second id-5")
        .isInstanceOfSatisfying(MongoException.class, failure -> assertThat(failure.getCode()).isEqualTo(11000));
    writer.close().await();
    first.shutdownNow();

    EmbeddedH2Backend reopened = onFile(dir);
    assertThat(reopened.getMvStore().openMap("db." + COLLECTION + "._index__id_").getKeyType())
        .isInstanceOf(IndexKeyType.class);
    MongoServer second = new MongoServer(reopened);
    MongoClient reader = client(vertx, second);
    for (String id : ids) {
      assertThat(reader.findOne(COLLECTION, new JsonObject().put("_id", id), null).await()).as(id).isNotNull();
    }
    assertThat(reader.findOne(COLLECTION, new JsonObject().put("_id", "id-300"), null).await()).isNull();
    assertThat(reader.count(COLLECTION, new JsonObject()).await()).isEqualTo(300);
    reader.close().await();
    second.shutdownNow();
  }

  private static Throwable failureOf(Future<?> future) {
    try {
      future.await();
    } catch (Throwable failure) {
      return failure;
    }
    throw new AssertionError("expected a failure");
  }

  private static EmbeddedH2Backend onFile(Path dataDir) {
    PersistenceConfig defaults = PersistenceConfig.from(new JsonObject());
    return new EmbeddedH2Backend(EmbeddedMongoServer.openStore(dataDir, defaults), defaults.minFillPercent());
  }

  private static MongoClient client(Vertx vertx, MongoServer server) {
    return MongoClient.create(vertx, new JsonObject()
        .put("connection_string", "mongodb://127.0.0.1:" + server.bind().getPort()).put("db_name", DATABASE));
  }

  private IdLookupCollection collection() {
    return (IdLookupCollection) backend.resolveDatabase(DATABASE).resolveCollection(COLLECTION, true);
  }
}
