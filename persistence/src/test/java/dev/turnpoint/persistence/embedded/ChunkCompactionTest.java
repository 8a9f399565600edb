package dev.turnpoint.persistence.embedded;

import dev.turnpoint.persistence.PersistenceConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Under a steady load of small commits the embedded H2 store keeps what it holds bounded: the chunks H2 keeps in
 * memory, one per commit until reclaimed, and the size of its file against the live data.
 */
@ExtendWith(VertxExtension.class)
class ChunkCompactionTest {

  private static final int RUNS = 40;
  private static final int TURNS_KEPT = 200;
  private static final int ROUNDS = 600;
  private static final int SAMPLES = 5;
  /** About ten with compaction; one per commit with H2's retention, 40 to 70 and growing without compaction. */
  private static final int MAX_CHUNKS = 30;
  private static final String RUN_TEXT = "r".repeat(1000);
  private static final String TURN_TEXT = "t".repeat(2000);

  @Test
  void chunksAndFileStayBoundedUnderChurn(Vertx vertx, @TempDir Path dataDir) {
    try (H2StoreFixture store = H2StoreFixture.start(vertx, dataDir, new JsonObject())) {
      List<Integer> chunkCounts = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        writeRound(store.mongo(), round);
        if ((round + 1) % (ROUNDS / SAMPLES) == 0) {
          chunkCounts.add(store.chunkCount());
        }
      }

      assertThat(store.commits()).as("a commit for every write that changed something")
          .isGreaterThanOrEqualTo(3L * ROUNDS - TURNS_KEPT);
      assertThat(chunkCounts).as("chunks held, every %d rounds of %d commits", ROUNDS / SAMPLES, store.commits())
          .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(MAX_CHUNKS));
      long live = store.liveDataBytes();
      assertThat(live).as("the churn keeps the same documents").isBetween(400_000L, 500_000L);
      assertThat(store.fileBytes()).as("file size against %d bytes of live data", live).isLessThanOrEqualTo(5 * live);
    }
  }

  @Test
  void theStoreNeverCommitsByItselfHoweverMuchIsUnsaved(@TempDir Path dataDir) {
    MVStore store = EmbeddedMongoServer.openStore(dataDir, PersistenceConfig.from(new JsonObject()));
    try {
      MVMap<Integer, byte[]> map = store.openMap("unsaved");
      long before = store.getCurrentVersion();
      // 30 MB: more than the write buffer after which H2 would commit in the middle of a command.
      for (int i = 0; i < 3000; i++) {
        map.put(i, new byte[10_000]);
      }
      assertThat(store.getCurrentVersion()).as("versions committed without being asked").isEqualTo(before);
    } finally {
      store.closeImmediately();
    }
  }

  /** A turn's shape: a new turn document, its run updated, and the oldest kept turn deleted. */
  private static void writeRound(MongoClient mongo, int round) {
    mongo.insert("turns", new JsonObject().put("_id", "turn-" + round).put("text", TURN_TEXT)).await();
    mongo.save("runs", new JsonObject().put("_id", "run-" + round % RUNS).put("turns", round)
        .put("text", RUN_TEXT)).await();
    mongo.removeDocument("turns", new JsonObject().put("_id", "turn-" + (round - TURNS_KEPT))).await();
  }
}
