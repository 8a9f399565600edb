package dev.turnpoint.persistence.runs;

import dev.turnpoint.model.Json;
import dev.turnpoint.persistence.MongoCollections;
import dev.turnpoint.persistence.PersistenceFixture;
import dev.turnpoint.persistence.RunStoreContract;
import dev.turnpoint.persistence.TestRuns;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.TurnLease;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Clock;
import java.util.List;
import java.util.stream.IntStream;

import static dev.turnpoint.persistence.Failures.failureOf;
import static dev.turnpoint.persistence.TestRuns.LEASE_MILLIS;
import static dev.turnpoint.persistence.TestRuns.checkpointAfter;
import static dev.turnpoint.persistence.TestRuns.messagesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The run store contract against MongoDB, plus how runs and their turns are laid out there. */
class MongoRunStoreTest extends RunStoreContract {

  private PersistenceFixture fixture;

  @Override
  protected Future<RunStore> startStore(Vertx vertx, Clock leaseClock) {
    return PersistenceFixture.withDirectAccess(vertx, leaseClock)
        .map(started -> {
          fixture = started;
          return ServiceProxies.client(vertx, RunStore.class, Addresses.RUN_STORE);
        });
  }

  @AfterAll
  void stopDatabase() {
    fixture.close();
  }

  @Test
  void forkingCopiesNoTurnsHoweverLongTheSource() {
    List<String> messages = IntStream.range(0, 300).mapToObj(i -> "turn " + i).toList();
    RunRecord source = runWithTurns(messages.toArray(String[]::new));
    long turnsBefore = countTurns(new JsonObject());
    long runsBefore = countRuns(new JsonObject());

    RunRecord forked = store.forkRun(team, "bob", fork(source, 150)).await();

    assertThat(countTurns(new JsonObject())).isEqualTo(turnsBefore);
    assertThat(countRuns(new JsonObject())).isEqualTo(runsBefore + 1);
    assertThat(countTurns(new JsonObject().put("run_id", forked.runId()))).isZero();
    assertThat(messagesOf(store.getRun(team, forked.runId()).await()))
        .containsExactlyElementsOf(messages.subList(0, 151));
  }

  @Test
  void aTurnIsWrittenOnceAndTheRunDocumentKeepsOnlyWhichLeaseCommittedIt() {
    RunRecord run = runWithTurns("a", "b");

    JsonObject runDocument = fixture.database().findOne(MongoCollections.WORKFLOW_RUNS,
        new JsonObject().put("_id", run.runId()), null).await();
    assertThat(runDocument.getJsonObject("last_turn").fieldNames())
        .containsExactlyInAnyOrder("turn_index", "lease_token");
    assertThat(runDocument.containsKey("last_checkpoint")).as("the checkpoint is in the turn document").isFalse();
    assertThat(turnDocument(run.runId(), 1).getJsonObject("checkpoint")).isEqualTo(checkpointAfter("b"));
    assertThat(store.getRunHeader(team, run.runId()).await().lastCheckpoint()).isEqualTo(checkpointAfter("b"));
    assertThat(turnDocument(run.runId(), 1).getLong(RunTurns.LEASE_REVISION)).isPositive();
  }

  @Test
  void aTurnWrittenOutButNeverCommittedIsIgnoredAndReplacedByTheNextHolder() {
    RunRecord run = runWithTurns("a", "b");
    TurnLease lost = store.beginTurn(team, run.runId(), TestRuns.lease("lost")).await();
    assertThat(new RunTurns(fixture.database()).writeTurn(team, run.runId(), 2, lost.run().revision(),
        Json.toJson(TestRuns.turn("lost", 2, "never answered").pair()), checkpointAfter("never answered"))
        .await()).isTrue();

    assertThat(messagesOf(store.getRun(team, run.runId()).await())).containsExactly("a", "b");
    assertThat(failureOf(store.getCheckpoint(team, run.runId(), 2))).isEqualTo(FailureCode.OUT_OF_RANGE);
    clock.advance(Duration.ofMillis(LEASE_MILLIS));
    store.beginTurn(team, run.runId(), TestRuns.lease("next")).await();
    store.commitTurn(team, run.runId(), TestRuns.turn("next", 2, "c")).await();

    assertThat(messagesOf(store.getRun(team, run.runId()).await())).containsExactly("a", "b", "c");
    assertThat(turnDocument(run.runId(), 2).getJsonObject("checkpoint")).isEqualTo(checkpointAfter("c"));
    assertThat(failureOf(store.commitTurn(team, run.runId(), TestRuns.turn("lost", 2, "never answered"))))
        .isEqualTo(FailureCode.CONFLICT);
  }

  @Test
  void aHolderOfAnEarlierLeaseCannotReplaceACommittedTurn() {
    RunRecord run = runWithTurns("a", "b");
    JsonObject committed = turnDocument(run.runId(), 1);

    boolean written = new RunTurns(fixture.database()).writeTurn(team, run.runId(), 1,
        committed.getLong(RunTurns.LEASE_REVISION) - 1, Json.toJson(TestRuns.turn("old", 1, "stale").pair()),
        checkpointAfter("stale")).await();

    assertThat(written).isFalse();
    assertThat(turnDocument(run.runId(), 1)).isEqualTo(committed);
    assertThat(messagesOf(store.getRun(team, run.runId()).await())).containsExactly("a", "b");
  }

  @Test
  void aLeaseOnARunWhoseTurnsAreAllWrittenOutLeavesThemAsTheyAre() {
    RunRecord run = runWithTurns("a", "b");
    JsonObject before = turnDocument(run.runId(), 1);

    store.beginTurn(team, run.runId(), TestRuns.lease("next")).await();

    assertThat(turnDocument(run.runId(), 1)).isEqualTo(before);
    assertThat(countTurns(new JsonObject().put("run_id", run.runId()))).isEqualTo(2);
    store.commitTurn(team, run.runId(), TestRuns.turn("next", 2, "c")).await();
    assertThat(turnDocument(run.runId(), 2).getJsonObject("checkpoint")).isEqualTo(checkpointAfter("c"));
    assertThat(messagesOf(store.getRun(team, run.runId()).await())).containsExactly("a", "b", "c");
  }

  @Test
  void turnsOfADeletedRunGoWhenTheLastForkUsingThemGoes() {
    RunRecord source = runWithTurns("a", "b", "c");
    RunRecord forked = TestRuns.play(store, team, store.forkRun(team, "bob", fork(source, 1)).await(),
        List.of("x"));
    RunRecord unshared = runWithTurns("solo");

    store.deleteRun(team, source.runId()).await();
    assertThat(countTurns(new JsonObject().put("run_id", source.runId()))).isEqualTo(3);

    store.deleteRun(team, forked.runId()).await();
    assertThat(countTurns(new JsonObject().put("run_id", source.runId()))).isZero();
    assertThat(countTurns(new JsonObject().put("run_id", forked.runId()))).isZero();

    store.deleteRun(team, unshared.runId()).await();
    assertThat(countTurns(new JsonObject().put("run_id", unshared.runId()))).isZero();
  }

  @Test
  void runDocumentsKeepTurnsOutAndTeamsOnEverything() {
    RunRecord run = runWithTurns("a", "b");

    JsonObject stored = fixture.database().findOne(MongoCollections.WORKFLOW_RUNS,
        new JsonObject().put("_id", run.runId()), null).await();
    assertThat(stored.getJsonObject("workflow_run").containsKey("input_output_pairs")).isFalse();
    assertThat(stored.getInteger("turn_count")).isEqualTo(2);
    assertThat(fixture.database().find(MongoCollections.RUN_TURNS, new JsonObject().put("run_id", run.runId()))
        .await()).extracting(turn -> turn.getString("_id"), turn -> turn.getString("team_id"))
        .containsExactlyInAnyOrder(
            tuple(run.runId() + ":0", team),
            tuple(run.runId() + ":1", team));
  }

  private JsonObject turnDocument(String runId, int turnIndex) {
    return fixture.database().findOne(MongoCollections.RUN_TURNS,
        new JsonObject().put("_id", runId + ":" + turnIndex), null).await();
  }

  private long countTurns(JsonObject filter) {
    return fixture.database().count(MongoCollections.RUN_TURNS, filter).await();
  }

  private long countRuns(JsonObject filter) {
    return fixture.database().count(MongoCollections.WORKFLOW_RUNS, filter).await();
  }
}
