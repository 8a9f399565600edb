package dev.turnpoint.persistence;

import dev.turnpoint.testing.MovableClock;
import dev.turnpoint.model.Ids;
import dev.turnpoint.model.Timestamps;
import dev.turnpoint.model.run.CommentConfig;
import dev.turnpoint.model.run.RunDocument;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.run.WorkflowStatus;
import dev.turnpoint.persistence.runs.MongoRunStore;
import dev.turnpoint.service.CommittedTurn;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.ForkSpec;
import dev.turnpoint.service.HeldLease;
import dev.turnpoint.service.LeaseRequest;
import dev.turnpoint.service.Page;
import dev.turnpoint.service.RunQuery;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.StatusChange;
import dev.turnpoint.service.TurnCommit;
import dev.turnpoint.service.TurnLease;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static dev.turnpoint.persistence.Failures.failureOf;
import static dev.turnpoint.persistence.TestRuns.LEASE_MILLIS;
import static dev.turnpoint.persistence.TestRuns.checkpointAfter;
import static dev.turnpoint.persistence.TestRuns.lease;
import static dev.turnpoint.persistence.TestRuns.messagesOf;
import static dev.turnpoint.persistence.TestRuns.newRun;
import static dev.turnpoint.persistence.TestRuns.turn;
import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link RunStore} must do, whatever it stores into. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RunStoreContract {

  private static final long DAY_MILLIS = 24L * 60 * 60 * 1000;

  /** The run store's lease clock: tests move it instead of waiting for a lease to expire. */
  protected final MovableClock clock = MovableClock.startingNow();
  protected RunStore store;
  protected Vertx vertx;
  protected String team;
  protected String otherTeam;
  protected String workflowId;

  /** Starts the store under test with its leases timed by {@code leaseClock}; called once per test class. */
  protected abstract Future<RunStore> startStore(Vertx vertx, Clock leaseClock);

  @BeforeAll
  void startStoreOnce(Vertx vertx) {
    this.vertx = vertx;
    store = startStore(vertx, clock).await();
  }

  @BeforeEach
  void freshTeams() {
    team = TestGraphs.newTeam();
    otherTeam = TestGraphs.newTeam();
    workflowId = Ids.newObjectId();
  }

  protected RunRecord createRun() {
    return store.createRun(team, "alice", newRun(workflowId)).await();
  }

  /** A run of this test's team with one turn per message. */
  protected RunRecord runWithTurns(String... messages) {
    return TestRuns.play(store, team, createRun(), List.of(messages));
  }

  protected ForkSpec fork(RunRecord source, int resumeTurnIndex) {
    return forkWithKey(source, resumeTurnIndex, null, null);
  }

  /** A fork of {@code source} after turn {@code resumeTurnIndex} resuming from {@link #overridden} {@code name}. */
  protected RunRecord forkNamed(String name, RunRecord source, int resumeTurnIndex) {
    ForkSpec spec = fork(source, resumeTurnIndex);
    return store.forkRun(team, "bob", new ForkSpec(spec.sourceRunId(), resumeTurnIndex, spec.run(), overridden(name),
        spec.reason(), null, null)).await();
  }

  /** The checkpoint a fork named {@code name} was created from. */
  protected static JsonObject overridden(String name) {
    return new JsonObject().put("override", name);
  }

  protected ForkSpec forkWithKey(RunRecord source, int resumeTurnIndex, String key, String hash) {
    WorkflowRun header = newRun(source.document().workflowRun.workflowId);
    header.status = WorkflowStatus.STARTED;
    header.sourceWorkflowRunId = source.runId();
    header.checkpointSourceTurnIndex = resumeTurnIndex;
    JsonObject checkpoint = new JsonObject().put("resumed_at", resumeTurnIndex).put("override", true);
    return new ForkSpec(source.runId(), resumeTurnIndex, header, checkpoint, "try again", key, hash);
  }

  @Test
  void createsARunWithoutTurns() {
    RunRecord created = createRun();

    assertThat(created.runId()).matches("[0-9a-f]{24}");
    assertThat(created.teamId()).isEqualTo(team);
    assertThat(created.document().workflowRun.workflowRunId).isEqualTo(created.runId());
    assertThat(created.document().workflowRun.status).isEqualTo(WorkflowStatus.NOT_STARTED);
    assertThat(created.document().createdBy).isEqualTo("alice");
    assertThat(created.revision()).isZero();
    assertThat(created.turnCount()).isZero();
    assertThat(created.lastCheckpoint()).isNull();
    assertThat(created.leaseToken()).isNull();

    RunRecord read = store.getRun(team, created.runId()).await();
    assertThat(read.document().workflowRun.logicalId).isEqualTo(created.document().workflowRun.logicalId);
    assertThat(read.document().workflowRun.inputOutputPairs).isEmpty();
    assertThat(read.document().createdAt).isEqualTo(created.document().createdAt);
  }

  @Test
  void rejectsMalformedRuns() {
    WorkflowRun withTurns = newRun(workflowId);
    withTurns.inputOutputPairs.add(turn("t", 0, "hello").pair());
    assertThat(failureOf(store.createRun(team, "alice", withTurns))).isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.createRun(team, "alice", newRun(null)))).isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.createRun(" ", "alice", newRun(workflowId)))).isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.createRun(team, "alice", null))).isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.getRun(team, "no-such-run"))).isEqualTo(FailureCode.NOT_FOUND);
  }

  @Test
  void assemblesTurnsInOrderWithTheRunsHeader() {
    RunRecord played = runWithTurns("hello", "my name is Ann", "bye");

    assertThat(played.turnCount()).isEqualTo(3);
    assertThat(played.revision()).isEqualTo(6);
    assertThat(played.lastCheckpoint()).isEqualTo(checkpointAfter("bye"));
    assertThat(played.leaseToken()).isNull();

    RunRecord read = store.getRun(team, played.runId()).await();
    assertThat(messagesOf(read)).containsExactly("hello", "my name is Ann", "bye");
    assertThat(read.document().workflowRun.inputOutputPairs.get(1).runOutput.events.get(0).getString("text"))
        .isEqualTo("reply to my name is Ann");
    WorkflowRun header = read.document().workflowRun;
    assertThat(header.status).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(header.versionNumber).isEqualTo(4);
    assertThat(header.versionName).isEqualTo("Pinned version");
    assertThat(header.workflowConfigFullyHydrated.workflowConfig.name).isEqualTo("Pinned");
    assertThat(header.llmTokenUsage.totalInputTokens).isEqualTo(30);
    assertThat(read.lastCheckpoint()).isEqualTo(checkpointAfter("bye"));
  }

  @Test
  void readsAHeaderWithoutItsTurns() {
    RunRecord played = runWithTurns("hello", "bye");
    RunRecord forked = store.forkRun(team, "bob", fork(played, 0)).await();

    RunRecord header = store.getRunHeader(team, played.runId()).await();
    assertThat(header.document().workflowRun.inputOutputPairs).isEmpty();
    assertThat(header.turnCount()).isEqualTo(2);
    assertThat(header.revision()).isEqualTo(played.revision());
    assertThat(header.lastCheckpoint()).isEqualTo(checkpointAfter("bye"));
    assertThat(header.document().workflowRun.workflowConfigFullyHydrated.workflowConfig.name).isEqualTo("Pinned");
    assertThat(header.document().createdAt).isEqualTo(played.document().createdAt);

    RunRecord forkHeader = store.getRunHeader(team, forked.runId()).await();
    assertThat(forkHeader.turnCount()).isEqualTo(1);
    assertThat(forkHeader.reason()).isEqualTo("try again");
    assertThat(forkHeader.document().workflowRun.sourceWorkflowRunId).isEqualTo(played.runId());

    assertThat(failureOf(store.getRunHeader(otherTeam, played.runId()))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.getRunHeader(team, Ids.newObjectId()))).isEqualTo(FailureCode.NOT_FOUND);
  }

  @Test
  void answersTheCheckpointAfterEveryTurn() {
    RunRecord played = runWithTurns("one", "two", "three");

    for (int index = 0; index < 3; index++) {
      assertThat(store.getCheckpoint(team, played.runId(), index).await())
          .isEqualTo(checkpointAfter(List.of("one", "two", "three").get(index)));
    }
    assertThat(failureOf(store.getCheckpoint(team, played.runId(), 3))).isEqualTo(FailureCode.OUT_OF_RANGE);
    assertThat(failureOf(store.getCheckpoint(team, played.runId(), -1))).isEqualTo(FailureCode.OUT_OF_RANGE);
    assertThat(failureOf(store.getCheckpoint(team, createRun().runId(), 0))).isEqualTo(FailureCode.OUT_OF_RANGE);
  }

  @Test
  void beginTurnTakesTheLeaseOnce() {
    RunRecord run = createRun();

    TurnLease begun = store.beginTurn(team, run.runId(), lease("first")).await();
    assertThat(begun.run().leaseToken()).isEqualTo("first");
    assertThat(begun.run().revision()).isEqualTo(run.revision() + 1);
    assertThat(begun.heldStateLeftOut()).isFalse();
    assertThat(failureOf(store.beginTurn(team, run.runId(), lease("second"))))
        .isEqualTo(FailureCode.CONFLICT);
    assertThat(failureOf(store.beginTurn(team, Ids.newObjectId(), lease("x"))))
        .isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.beginTurn(team, run.runId(), LeaseRequest.holdingNothing("x", 0))))
        .isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.beginTurn(team, run.runId(), LeaseRequest.holdingNothing("x", DAY_MILLIS + 1))))
        .isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.beginTurn(team, run.runId(), new LeaseRequest("x", LEASE_MILLIS, -1))))
        .isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.beginTurn(team, run.runId(), null))).isEqualTo(FailureCode.INVALID);
  }

  @Test
  void exactlyOneOfManyConcurrentBeginsWins() {
    RunRecord run = createRun();

    List<Future<TurnLease>> begins = IntStream.range(0, 20)
        .mapToObj(i -> store.beginTurn(team, run.runId(), lease("token-" + i)))
        .toList();
    Future.join(begins).transform(settled -> Future.succeededFuture()).await();

    assertThat(begins.stream().filter(Future::succeeded)).hasSize(1);
    assertThat(begins.stream().filter(Future::failed).map(Failures::failureOf))
        .hasSize(19)
        .allMatch(code -> code == FailureCode.CONFLICT);
  }

  @Test
  void anExpiredLeaseCanBeTakenOverAndItsHolderCannotCommit() {
    RunRecord run = runWithTurns("hello");
    store.beginTurn(team, run.runId(), lease("slow")).await();
    clock.advance(Duration.ofMillis(LEASE_MILLIS - 1));
    assertThat(failureOf(store.beginTurn(team, run.runId(), lease("early")))).isEqualTo(FailureCode.CONFLICT);
    clock.advance(Duration.ofMillis(1));

    store.beginTurn(team, run.runId(), lease("fresh")).await();
    assertThat(failureOf(store.commitTurn(team, run.runId(), turn("slow", 1, "from the slow one"))))
        .isEqualTo(FailureCode.CONFLICT);
    store.commitTurn(team, run.runId(), turn("fresh", 1, "from the fresh one")).await();
    assertThat(failureOf(store.commitTurn(team, run.runId(), turn("slow", 1, "from the slow one"))))
        .isEqualTo(FailureCode.CONFLICT);

    assertThat(messagesOf(store.getRun(team, run.runId()).await())).containsExactly("hello", "from the fresh one");
  }

  @Test
  void aRenewedLeaseOutlivesItsFirstExpiryAndAnUnrenewedOneDoesNot() {
    RunRecord renewed = runWithTurns("hello");
    RunRecord unrenewed = runWithTurns("hello");
    store.beginTurn(team, renewed.runId(), lease("kept")).await();
    store.beginTurn(team, unrenewed.runId(), lease("forgotten")).await();
    long revision = store.getRunHeader(team, renewed.runId()).await().revision();
    clock.advance(Duration.ofMillis(LEASE_MILLIS / 2));

    assertThat(store.renewLeases(List.of(new HeldLease(renewed.runId(), "kept")), LEASE_MILLIS).await())
        .isEqualTo(1);
    assertThat(store.getRunHeader(team, renewed.runId()).await().revision()).as("a renewal is no change of the run")
        .isEqualTo(revision);
    clock.advance(Duration.ofMillis(LEASE_MILLIS / 2));

    assertThat(store.beginTurn(team, unrenewed.runId(), lease("next")).await().run().leaseToken())
        .as("free at its expiry").isEqualTo("next");
    assertThat(failureOf(store.beginTurn(team, renewed.runId(), lease("next")))).as("still held")
        .isEqualTo(FailureCode.CONFLICT);
    clock.advance(Duration.ofMillis(LEASE_MILLIS / 2 - 1));
    assertThat(failureOf(store.beginTurn(team, renewed.runId(), lease("next")))).isEqualTo(FailureCode.CONFLICT);
    store.commitTurn(team, renewed.runId(), turn("kept", 1, "after a long turn")).await();
    assertThat(messagesOf(store.getRun(team, renewed.runId()).await())).containsExactly("hello", "after a long turn");
  }

  @Test
  void aRenewedLeaseExpiresOnceItsHolderStopsRenewing() {
    RunRecord run = runWithTurns("hello");
    store.beginTurn(team, run.runId(), lease("holder")).await();
    for (int tick = 0; tick < 5; tick++) {
      clock.advance(Duration.ofMillis(LEASE_MILLIS / 3));
      assertThat(store.renewLeases(List.of(new HeldLease(run.runId(), "holder")), LEASE_MILLIS).await()).isOne();
    }
    clock.advance(Duration.ofMillis(LEASE_MILLIS - 1));
    assertThat(failureOf(store.beginTurn(team, run.runId(), lease("next")))).isEqualTo(FailureCode.CONFLICT);
    clock.advance(Duration.ofMillis(1));
    assertThat(store.beginTurn(team, run.runId(), lease("next")).await().run().leaseToken()).isEqualTo("next");
  }

  @Test
  void renewingLeavesLeasesThatNoLongerHoldTheirRunAlone() {
    RunRecord released = runWithTurns("hello");
    RunRecord committed = runWithTurns("hello");
    RunRecord takenOver = runWithTurns("hello");
    RunRecord other = runWithTurns("hello");
    store.beginTurn(team, released.runId(), lease("released")).await();
    store.releaseTurn(team, released.runId(), "released").await();
    store.beginTurn(team, committed.runId(), lease("committed")).await();
    store.commitTurn(team, committed.runId(), turn("committed", 1, "done")).await();
    store.beginTurn(team, takenOver.runId(), lease("old")).await();
    clock.advance(Duration.ofMillis(LEASE_MILLIS));
    store.beginTurn(team, takenOver.runId(), lease("new")).await();
    store.beginTurn(team, other.runId(), lease("other")).await();
    clock.advance(Duration.ofMillis(LEASE_MILLIS / 2));

    int renewedCount = store.renewLeases(List.of(new HeldLease(released.runId(), "released"),
        new HeldLease(committed.runId(), "committed"), new HeldLease(takenOver.runId(), "old"),
        new HeldLease(other.runId(), "new"), new HeldLease(Ids.newObjectId(), "other")), LEASE_MILLIS).await();

    assertThat(renewedCount).isZero();
    assertThat(store.getRunHeader(team, released.runId()).await().leaseToken()).isNull();
    assertThat(store.getRunHeader(team, committed.runId()).await().leaseToken()).isNull();
    clock.advance(Duration.ofMillis(LEASE_MILLIS / 2));
    assertThat(store.beginTurn(team, takenOver.runId(), lease("after")).await().run().leaseToken())
        .as("the old holder's renewal did not extend the new holder's lease").isEqualTo("after");
    assertThat(store.beginTurn(team, other.runId(), lease("after")).await().run().leaseToken())
        .as("a token renews only the run it holds").isEqualTo("after");
  }

  @Test
  void renewalsAreChecked() {
    RunRecord run = runWithTurns("hello");
    store.beginTurn(team, run.runId(), lease("held")).await();
    List<HeldLease> held = List.of(new HeldLease(run.runId(), "held"));

    assertThat(store.renewLeases(List.of(), LEASE_MILLIS).await()).isZero();
    assertThat(failureOf(store.renewLeases(held, 0))).isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.renewLeases(held, DAY_MILLIS + 1))).isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.renewLeases(null, LEASE_MILLIS))).isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.renewLeases(List.of(new HeldLease(run.runId(), " ")), LEASE_MILLIS)))
        .isEqualTo(FailureCode.INVALID);
    List<HeldLease> tooMany = IntStream.rangeClosed(0, RunStore.MAX_RENEWED_LEASES)
        .mapToObj(i -> new HeldLease(Ids.newObjectId(), "t" + i)).toList();
    assertThat(failureOf(store.renewLeases(tooMany, LEASE_MILLIS))).isEqualTo(FailureCode.INVALID);
    assertThat(store.renewLeases(held, DAY_MILLIS).await()).isOne();
  }

  @Test
  void commitNeedsTheLeaseAndTheNextIndex() {
    RunRecord run = runWithTurns("hello");

    assertThat(failureOf(store.commitTurn(team, run.runId(), turn("never-begun", 1, "x"))))
        .isEqualTo(FailureCode.CONFLICT);
    store.beginTurn(team, run.runId(), lease("lease")).await();
    assertThat(failureOf(store.commitTurn(team, run.runId(), turn("lease", 3, "x"))))
        .isEqualTo(FailureCode.CONFLICT);
    assertThat(failureOf(store.commitTurn(team, run.runId(), turn("lease", 0, "x"))))
        .isEqualTo(FailureCode.CONFLICT);
    assertThat(failureOf(store.commitTurn(team, run.runId(), turn("lease", -1, "x"))))
        .isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.commitTurn(team, Ids.newObjectId(), turn("lease", 1, "x"))))
        .isEqualTo(FailureCode.NOT_FOUND);

    CommittedTurn committed = store.commitTurn(team, run.runId(), turn("lease", 1, "again")).await();
    assertThat(committed.turnCount()).isEqualTo(2);
    assertThat(committed.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(committed.revision()).isEqualTo(store.getRunHeader(team, run.runId()).await().revision());
  }

  @Test
  void aLeaseLeavesOutTheSnapshotAndCheckpointOnlyWhileTheCallerHoldsTheLatest() {
    RunRecord run = runWithTurns("hello", "again");

    TurnLease heldLease = store.beginTurn(team, run.runId(),
        LeaseRequest.holdingStateAfter(2, "held", LEASE_MILLIS)).await();
    RunRecord held = heldLease.run();
    assertThat(heldLease.heldStateLeftOut()).isTrue();
    assertThat(held.turnCount()).isEqualTo(2);
    assertThat(held.lastCheckpoint()).isNull();
    assertThat(held.document().workflowRun.workflowConfigFullyHydrated).isNull();
    assertThat(held.document().workflowRun.status).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(held.leaseToken()).isEqualTo("held");
    store.releaseTurn(team, run.runId(), "held").await();

    TurnLease staleLease = store.beginTurn(team, run.runId(),
        LeaseRequest.holdingStateAfter(1, "stale", LEASE_MILLIS)).await();
    RunRecord stale = staleLease.run();
    assertThat(staleLease.heldStateLeftOut()).isFalse();
    assertThat(stale.lastCheckpoint()).as("the caller holds an older checkpoint").isEqualTo(checkpointAfter("again"));
    assertThat(stale.document().workflowRun.workflowConfigFullyHydrated.workflowConfig.name).isEqualTo("Pinned");
    store.releaseTurn(team, run.runId(), "stale").await();

    TurnLease nothingHeldLease = store.beginTurn(team, run.runId(), lease("none")).await();
    RunRecord nothingHeld = nothingHeldLease.run();
    assertThat(nothingHeldLease.heldStateLeftOut()).isFalse();
    assertThat(nothingHeld.lastCheckpoint()).isEqualTo(checkpointAfter("again"));
    assertThat(nothingHeld.document().workflowRun.workflowConfigFullyHydrated).isNotNull();
  }

  @Test
  void aRetriedCommitIsAnsweredWithoutAddingATurn() {
    RunRecord run = runWithTurns("hello");
    store.beginTurn(team, run.runId(), lease("lease")).await();
    TurnCommit commit = turn("lease", 1, "once");

    CommittedTurn first = store.commitTurn(team, run.runId(), commit).await();
    CommittedTurn retried = store.commitTurn(team, run.runId(), commit).await();

    assertThat(retried.turnCount()).isEqualTo(2);
    assertThat(retried.revision()).isEqualTo(first.revision());
    for (CommittedTurn answer : List.of(first, retried)) {
      assertThat(answer.status()).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    }
    RunRecord header = store.getRunHeader(team, run.runId()).await();
    assertThat(header.revision()).isEqualTo(first.revision());
    assertThat(header.lastCheckpoint()).isEqualTo(checkpointAfter("once"));
    assertThat(store.getCheckpoint(team, run.runId(), 1).await()).isEqualTo(checkpointAfter("once"));
    assertThat(header.document().workflowRun.workflowConfigFullyHydrated.workflowConfig.name).isEqualTo("Pinned");
    assertThat(messagesOf(store.getRun(team, run.runId()).await())).containsExactly("hello", "once");
  }

  @Test
  void aFinishedRunTakesNoMoreTurns() {
    RunRecord run = createRun();
    store.beginTurn(team, run.runId(), lease("lease")).await();
    TurnCommit last = turn("lease", 0, "bye");
    TurnCommit completing = new TurnCommit(last.leaseToken(), 0, last.pair(), last.checkpoint(),
        WorkflowStatus.COMPLETED, null, last.llmTokenUsage(), null, null, null, null);
    assertThat(store.commitTurn(team, run.runId(), completing).await().status()).isEqualTo(WorkflowStatus.COMPLETED);

    assertThat(failureOf(store.beginTurn(team, run.runId(), lease("more")))).isEqualTo(FailureCode.CONFLICT);
    assertThat(store.getRun(team, run.runId()).await().document().workflowRun.status)
        .isEqualTo(WorkflowStatus.COMPLETED);
  }

  @Test
  void releasingALeaseLetsTheNextTurnBegin() {
    RunRecord run = createRun();
    store.beginTurn(team, run.runId(), lease("held")).await();

    store.releaseTurn(team, run.runId(), "someone-else").await();
    assertThat(failureOf(store.beginTurn(team, run.runId(), lease("next")))).isEqualTo(FailureCode.CONFLICT);

    store.releaseTurn(team, run.runId(), "held").await();
    assertThat(store.beginTurn(team, run.runId(), lease("next")).await().run().leaseToken()).isEqualTo("next");
    assertThat(failureOf(store.releaseTurn(team, Ids.newObjectId(), "next"))).isEqualTo(FailureCode.NOT_FOUND);
  }

  @Test
  void changesStatusOnlyAtTheExpectedRevision() {
    RunRecord run = runWithTurns("hello");

    RunRecord paused = store.changeStatus(team, run.runId(),
        new StatusChange(run.revision(), WorkflowStatus.PAUSED, null, "bob")).await();
    assertThat(paused.revision()).isEqualTo(run.revision() + 1);
    assertThat(paused.document().workflowRun.status).isEqualTo(WorkflowStatus.PAUSED);
    assertThat(paused.document().updatedBy).isEqualTo("bob");
    assertThat(paused.turnCount()).isEqualTo(1);

    assertThat(failureOf(store.changeStatus(team, run.runId(),
        new StatusChange(run.revision(), WorkflowStatus.CANCELLED, null, "bob")))).isEqualTo(FailureCode.CONFLICT);
    RunRecord failed = store.changeStatus(team, run.runId(),
        new StatusChange(paused.revision(), WorkflowStatus.FAILED, "stale_run_reaper", null)).await();
    assertThat(failed.document().workflowRun.terminationSource).isEqualTo("stale_run_reaper");
    assertThat(store.getRun(team, run.runId()).await().document().workflowRun.status)
        .isEqualTo(WorkflowStatus.FAILED);
  }

  @Test
  void forksFromTheFirstMiddleAndLastTurn() {
    RunRecord source = runWithTurns("a", "b", "c", "d");

    for (int resume : List.of(0, 2, 3)) {
      RunRecord forked = store.forkRun(team, "bob", fork(source, resume)).await();
      assertThat(forked.runId()).isNotEqualTo(source.runId());
      assertThat(forked.turnCount()).isEqualTo(resume + 1);
      assertThat(forked.reason()).isEqualTo("try again");
      assertThat(forked.lastCheckpoint()).isEqualTo(new JsonObject().put("resumed_at", resume).put("override", true));
      WorkflowRun header = forked.document().workflowRun;
      assertThat(header.workflowRunId).isEqualTo(forked.runId());
      assertThat(header.sourceWorkflowRunId).isEqualTo(source.runId());
      assertThat(header.checkpointSourceTurnIndex).isEqualTo(resume);
      assertThat(header.status).isEqualTo(WorkflowStatus.STARTED);
      assertThat(forked.document().createdBy).isEqualTo("bob");

      RunRecord read = store.getRun(team, forked.runId()).await();
      assertThat(messagesOf(read)).containsExactlyElementsOf(List.of("a", "b", "c", "d").subList(0, resume + 1));
    }
    assertThat(messagesOf(store.getRun(team, source.runId()).await())).containsExactly("a", "b", "c", "d");
  }

  @Test
  void aForkAnswersItsResumeCheckpointForItsLastInheritedTurn() {
    RunRecord source = runWithTurns("a", "b", "c");
    RunRecord forked = store.forkRun(team, "bob", fork(source, 1)).await();

    assertThat(store.getCheckpoint(team, forked.runId(), 0).await()).isEqualTo(checkpointAfter("a"));
    assertThat(store.getCheckpoint(team, forked.runId(), 1).await())
        .isEqualTo(new JsonObject().put("resumed_at", 1).put("override", true));
    assertThat(store.getCheckpoint(team, source.runId(), 1).await()).isEqualTo(checkpointAfter("b"));
    assertThat(failureOf(store.getCheckpoint(team, forked.runId(), 2))).isEqualTo(FailureCode.OUT_OF_RANGE);

    RunRecord continued = TestRuns.play(store, team, forked, List.of("b2"));
    assertThat(store.getCheckpoint(team, forked.runId(), 1).await())
        .isEqualTo(new JsonObject().put("resumed_at", 1).put("override", true));
    assertThat(store.getCheckpoint(team, forked.runId(), 2).await()).isEqualTo(checkpointAfter("b2"));
    assertThat(continued.turnCount()).isEqualTo(3);
  }

  @Test
  void aForkGoesOnWithItsOwnTurnsWithoutTouchingItsSource() {
    RunRecord source = runWithTurns("a", "b", "c");
    RunRecord forked = store.forkRun(team, "bob", fork(source, 1)).await();

    TestRuns.play(store, team, forked, List.of("x", "y"));

    assertThat(messagesOf(store.getRun(team, forked.runId()).await())).containsExactly("a", "b", "x", "y");
    assertThat(messagesOf(store.getRun(team, source.runId()).await())).containsExactly("a", "b", "c");
    TestRuns.play(store, team, store.getRun(team, source.runId()).await(), List.of("d"));
    assertThat(messagesOf(store.getRun(team, forked.runId()).await())).containsExactly("a", "b", "x", "y");
  }

  @Test
  void forksOfForksReadFromTheRealOwners() {
    RunRecord source = runWithTurns("s0", "s1", "s2", "s3");
    RunRecord first = TestRuns.play(store, team, store.forkRun(team, "bob", fork(source, 2)).await(),
        List.of("f3", "f4"));
    RunRecord second = TestRuns.play(store, team, store.forkRun(team, "bob", fork(first, 3)).await(),
        List.of("g4"));
    RunRecord third = store.forkRun(team, "bob", fork(second, 4)).await();
    RunRecord shallow = store.forkRun(team, "bob", fork(third, 1)).await();

    assertThat(messagesOf(store.getRun(team, first.runId()).await())).containsExactly("s0", "s1", "s2", "f3", "f4");
    assertThat(messagesOf(store.getRun(team, second.runId()).await()))
        .containsExactly("s0", "s1", "s2", "f3", "g4");
    assertThat(messagesOf(store.getRun(team, third.runId()).await())).containsExactly("s0", "s1", "s2", "f3", "g4");
    assertThat(messagesOf(store.getRun(team, shallow.runId()).await())).containsExactly("s0", "s1");
    assertThat(store.getCheckpoint(team, third.runId(), 3).await()).as("second was forked after turn 3")
        .isEqualTo(new JsonObject().put("resumed_at", 3).put("override", true));
    assertThat(store.getCheckpoint(team, second.runId(), 2).await()).as("first was forked after turn 2")
        .isEqualTo(new JsonObject().put("resumed_at", 2).put("override", true));
    assertThat(store.getCheckpoint(team, third.runId(), 0).await()).isEqualTo(checkpointAfter("s0"));
  }

  @Test
  void aForkOfAForkContinuesFromTheCheckpointsItsTurnsRanFrom() {
    RunRecord source = runWithTurns("s0", "s1", "s2", "s3");
    RunRecord parent = TestRuns.play(store, team, forkNamed("parent", source, 1), List.of("p2", "p3"));
    RunRecord child = TestRuns.play(store, team, forkNamed("child", parent, 3), List.of("c4"));
    RunRecord grandchild = forkNamed("grandchild", child, 4);

    assertThat(store.getCheckpoint(team, child.runId(), 0).await()).as("below the parent's fork point")
        .isEqualTo(checkpointAfter("s0"));
    assertThat(store.getCheckpoint(team, child.runId(), 1).await()).as("at the parent's fork point")
        .isEqualTo(overridden("parent"));
    assertThat(store.getCheckpoint(team, child.runId(), 2).await()).as("above the parent's fork point")
        .isEqualTo(checkpointAfter("p2"));
    assertThat(store.getCheckpoint(team, child.runId(), 3).await()).isEqualTo(overridden("child"));
    assertThat(store.getCheckpoint(team, child.runId(), 4).await()).isEqualTo(checkpointAfter("c4"));
    assertThat(IntStream.range(0, 5).mapToObj(turn -> store.getCheckpoint(team, grandchild.runId(), turn).await()))
        .containsExactly(checkpointAfter("s0"), overridden("parent"), checkpointAfter("p2"), overridden("child"),
            overridden("grandchild"));
    assertThat(store.getCheckpoint(team, source.runId(), 1).await()).isEqualTo(checkpointAfter("s1"));
    assertThat(store.getCheckpoint(team, parent.runId(), 3).await()).isEqualTo(checkpointAfter("p3"));
    assertThat(failureOf(store.getCheckpoint(team, grandchild.runId(), 5))).isEqualTo(FailureCode.OUT_OF_RANGE);
  }

  @Test
  void aDeletedSourceInTheMiddleTakesItsCheckpointOverridesWithIt() {
    RunRecord source = runWithTurns("s0", "s1", "s2", "s3");
    RunRecord parent = TestRuns.play(store, team, forkNamed("parent", source, 1), List.of("p2", "p3"));
    RunRecord child = TestRuns.play(store, team, forkNamed("child", parent, 3), List.of("c4"));
    RunRecord grandchild = forkNamed("grandchild", child, 4);

    store.deleteRun(team, child.runId()).await();
    assertThat(IntStream.range(0, 5).mapToObj(turn -> store.getCheckpoint(team, grandchild.runId(), turn).await()))
        .as("the child's checkpoint went with it; the parent's stays")
        .containsExactly(checkpointAfter("s0"), overridden("parent"), checkpointAfter("p2"), checkpointAfter("p3"),
            overridden("grandchild"));

    store.deleteRun(team, parent.runId()).await();
    assertThat(IntStream.range(0, 5).mapToObj(turn -> store.getCheckpoint(team, grandchild.runId(), turn).await()))
        .containsExactly(checkpointAfter("s0"), checkpointAfter("s1"), checkpointAfter("p2"), checkpointAfter("p3"),
            overridden("grandchild"));
    assertThat(messagesOf(store.getRun(team, grandchild.runId()).await()))
        .containsExactly("s0", "s1", "p2", "p3", "c4");
  }

  @Test
  void aLeaseShowsOnTheRunUntilItExpires() {
    RunRecord run = runWithTurns("hello");
    store.beginTurn(team, run.runId(), lease("held")).await();

    assertThat(store.getRunHeader(team, run.runId()).await().leaseToken()).isEqualTo("held");
    clock.advance(Duration.ofMillis(LEASE_MILLIS));
    assertThat(store.getRunHeader(team, run.runId()).await().leaseToken()).isNull();
    assertThat(store.getRun(team, run.runId()).await().leaseToken()).isNull();
  }

  @Test
  void refusesForksOutsideTheSourcesTurns() {
    RunRecord source = runWithTurns("a", "b");

    assertThat(failureOf(store.forkRun(team, "bob", fork(source, 2)))).isEqualTo(FailureCode.OUT_OF_RANGE);
    assertThat(failureOf(store.forkRun(team, "bob", fork(source, -1)))).isEqualTo(FailureCode.OUT_OF_RANGE);
    assertThat(failureOf(store.forkRun(team, "bob", fork(createRun(), 0)))).isEqualTo(FailureCode.OUT_OF_RANGE);
    ForkSpec missing = new ForkSpec(Ids.newObjectId(), 0, newRun(workflowId), new JsonObject(), null, null, null);
    assertThat(failureOf(store.forkRun(team, "bob", missing))).isEqualTo(FailureCode.NOT_FOUND);
    ForkSpec noCheckpoint = new ForkSpec(source.runId(), 0, newRun(workflowId), null, null, null, null);
    assertThat(failureOf(store.forkRun(team, "bob", noCheckpoint))).isEqualTo(FailureCode.INVALID);
  }

  @Test
  void aRepeatedForkRequestAnswersTheSameRun() {
    RunRecord source = runWithTurns("a", "b", "c");
    String key = "fork-" + Ids.randomToken(4);

    RunRecord first = store.forkRun(team, "bob", forkWithKey(source, 1, key, "hash-1")).await();
    RunRecord again = store.forkRun(team, "bob", forkWithKey(source, 1, key, "hash-1")).await();
    assertThat(again.runId()).isEqualTo(first.runId());
    assertThat(failureOf(store.forkRun(team, "bob", forkWithKey(source, 2, key, "hash-2"))))
        .isEqualTo(FailureCode.CONFLICT);

    List<Future<RunRecord>> concurrent = IntStream.range(0, 8)
        .mapToObj(i -> store.forkRun(team, "bob", forkWithKey(source, 0, key + "-c", "hash-c")))
        .toList();
    Future.all(concurrent).await();
    assertThat(concurrent.stream().map(call -> call.result().runId()).distinct()).hasSize(1);

    Page<RunDocument> forks = store.listRuns(team,
        new RunQuery(null, null, source.runId(), null, null, null, null, 1, 50)).await();
    assertThat(forks.total()).isEqualTo(2);
    RunRecord otherTeamsSource = TestRuns.play(store, otherTeam,
        store.createRun(otherTeam, "eve", newRun(workflowId)).await(), List.of("z"));
    RunRecord sameKeyElsewhere = store.forkRun(otherTeam, "eve",
        forkWithKey(otherTeamsSource, 0, key, "hash-1")).await();
    assertThat(sameKeyElsewhere.runId()).isNotEqualTo(first.runId());
  }

  @Test
  void aKeyWhoseForkCouldNotBeMadeIsFreeAgain() {
    RunRecord source = runWithTurns("a", "b");
    String key = "fork-" + Ids.randomToken(4);

    assertThat(failureOf(store.forkRun(team, "bob", forkWithKey(source, 5, key, "too-far"))))
        .isEqualTo(FailureCode.OUT_OF_RANGE);
    RunRecord made = store.forkRun(team, "bob", forkWithKey(source, 1, key, "in-range")).await();
    assertThat(made.document().workflowRun.checkpointSourceTurnIndex).isEqualTo(1);

    RunRecord gone = runWithTurns("x");
    store.deleteRun(team, gone.runId()).await();
    String other = key + "-gone";
    assertThat(failureOf(store.forkRun(team, "bob", forkWithKey(gone, 0, other, "gone"))))
        .isEqualTo(FailureCode.NOT_FOUND);
    assertThat(store.forkRun(team, "bob", forkWithKey(source, 0, other, "another")).await().runId())
        .isNotEqualTo(made.runId());
  }

  @Test
  void idempotencyKeysOfDifferentTeamsNeverMeet() {
    String teamWithColon = team + ":x";
    RunRecord plain = TestRuns.play(store, team, store.createRun(team, "a", newRun(workflowId)).await(),
        List.of("a"));
    RunRecord colon = TestRuns.play(store, teamWithColon,
        store.createRun(teamWithColon, "a", newRun(workflowId)).await(), List.of("a"));

    RunRecord first = store.forkRun(team, "a", forkWithKey(plain, 0, "x:key", "same")).await();
    RunRecord second = store.forkRun(teamWithColon, "a", forkWithKey(colon, 0, "key", "same")).await();

    assertThat(second.runId()).isNotEqualTo(first.runId());
    assertThat(second.teamId()).isEqualTo(teamWithColon);
  }

  @Test
  void deletingASourceKeepsItsForksWhole() {
    RunRecord source = runWithTurns("a", "b", "c");
    RunRecord forked = TestRuns.play(store, team, store.forkRun(team, "bob", fork(source, 1)).await(),
        List.of("x"));
    RunRecord grandchild = store.forkRun(team, "bob", fork(forked, 2)).await();

    store.deleteRun(team, source.runId()).await();

    assertThat(failureOf(store.getRun(team, source.runId()))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.deleteRun(team, source.runId()))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(messagesOf(store.getRun(team, forked.runId()).await())).containsExactly("a", "b", "x");
    assertThat(store.getCheckpoint(team, forked.runId(), 0).await()).isEqualTo(checkpointAfter("a"));

    store.deleteRun(team, forked.runId()).await();
    assertThat(messagesOf(store.getRun(team, grandchild.runId()).await())).containsExactly("a", "b", "x");
    assertThat(failureOf(store.forkRun(team, "bob", fork(source, 0)))).isEqualTo(FailureCode.NOT_FOUND);
  }

  @Test
  void findsStaleActiveRunsOfEveryTeam() {
    RunRecord waiting = runWithTurns("hello");
    RunRecord paused = runWithTurns("hello");
    store.changeStatus(team, paused.runId(), new StatusChange(paused.revision(), WorkflowStatus.PAUSED, null, null))
        .await();
    RunRecord busy = runWithTurns("hello");
    store.beginTurn(team, busy.runId(), lease("busy")).await();
    RunRecord otherTeams = store.createRun(otherTeam, "eve", newRun(workflowId)).await();
    store.changeStatus(otherTeam, otherTeams.runId(),
        new StatusChange(otherTeams.revision(), WorkflowStatus.RUNNING, null, null)).await();
    RunRecord notStarted = createRun();

    String later = Timestamps.format(Instant.now().plusSeconds(3600));
    List<String> stale = store.findStaleRuns(later, MongoRunStore.MAX_STALE_BATCH).await().stream()
        .map(RunRecord::runId).toList();
    assertThat(stale).contains(waiting.runId(), otherTeams.runId())
        .doesNotContain(paused.runId(), busy.runId(), notStarted.runId());

    String earlier = Timestamps.format(Instant.now().minusSeconds(3600));
    assertThat(store.findStaleRuns(earlier, 10).await()).extracting(RunRecord::runId)
        .doesNotContain(waiting.runId(), otherTeams.runId());
    assertThat(store.findStaleRuns(later, 1).await()).hasSize(1);
    assertThat(failureOf(store.findStaleRuns("yesterday", 1))).isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.findStaleRuns(later, 0))).isEqualTo(FailureCode.INVALID);

    clock.advance(Duration.ofMillis(LEASE_MILLIS));
    assertThat(store.findStaleRuns(later, MongoRunStore.MAX_STALE_BATCH).await()).extracting(RunRecord::runId)
        .as("a run whose lease expired is stale again").contains(busy.runId());
  }

  @Test
  void listsRunsNewestFirstAsProjectionRows() {
    RunRecord first = createRun();
    RunRecord second = runWithTurns("hello");
    RunRecord third = createRun();
    store.createRun(otherTeam, "eve", newRun(workflowId)).await();

    Page<RunDocument> page = store.listRuns(team, query(null, null, null, null, 1, 2)).await();
    assertThat(page.total()).isEqualTo(3);
    assertThat(page.items()).extracting(row -> row.id).containsExactly(third.runId(), second.runId());
    assertThat(store.listRuns(team, query(null, null, null, null, 2, 2)).await().items())
        .extracting(row -> row.id).containsExactly(first.runId());

    RunDocument row = page.items().get(1);
    assertThat(row.teamId).isEqualTo(team);
    assertThat(row.createdBy).isEqualTo("alice");
    assertThat(row.createdAt).isEqualTo(second.document().createdAt);
    assertThat(row.workflowRun.logicalId).isEqualTo(second.document().workflowRun.logicalId);
    assertThat(row.workflowRun.workflowId).isEqualTo(workflowId);
    assertThat(row.workflowRun.status).isEqualTo(WorkflowStatus.WAITING_FOR_USER_INPUT);
    assertThat(row.workflowRun.inputOutputPairs).isNull();
    assertThat(row.workflowRun.workflowConfigFullyHydrated).isNull();
    assertThat(row.workflowRun.llmTokenUsage).isNull();
  }

  @Test
  void filtersTheRunList() {
    RunRecord waiting = runWithTurns("hello", "again");
    RunRecord fresh = createRun();
    RunRecord elsewhere = store.createRun(team, "alice", newRun(Ids.newObjectId())).await();
    RunRecord forkAt0 = store.forkRun(team, "bob", fork(waiting, 0)).await();
    RunRecord forkAt1 = store.forkRun(team, "bob", fork(waiting, 1)).await();

    assertThat(ids(query(workflowId, null, null, null, 1, 50)))
        .containsExactlyInAnyOrder(waiting.runId(), fresh.runId(), forkAt0.runId(), forkAt1.runId());
    assertThat(ids(query(null, WorkflowStatus.NOT_STARTED, null, null, 1, 50)))
        .containsExactlyInAnyOrder(fresh.runId(), elsewhere.runId());
    assertThat(ids(new RunQuery(null, null, waiting.runId(), null, null, null, null, 1, 50)))
        .containsExactlyInAnyOrder(forkAt0.runId(), forkAt1.runId());
    assertThat(ids(new RunQuery(null, null, waiting.runId(), 1, null, null, null, 1, 50)))
        .containsExactly(forkAt1.runId());
    assertThat(ids(new RunQuery(null, null, null, 1, null, null, null, 1, 50))).hasSize(5);

    String logicalId = fresh.document().workflowRun.logicalId;
    assertThat(ids(query(null, null, logicalId.substring(13, 25).toUpperCase(), null, 1, 50)))
        .containsExactly(fresh.runId());
    assertThat(ids(query(null, null, elsewhere.runId(), null, 1, 50))).containsExactly(elsewhere.runId());

    String now = Timestamps.now();
    assertThat(ids(new RunQuery(null, null, null, null, null, now, null, 1, 50))).isEmpty();
    assertThat(ids(new RunQuery(null, null, null, null, null, null, now, 1, 50))).hasSize(5);
    assertThat(ids(new RunQuery(null, null, null, null, null, fresh.document().createdAt,
        elsewhere.document().createdAt, 1, 50))).containsExactlyInAnyOrder(fresh.runId(), elsewhere.runId());
    assertThat(ids(new RunQuery(null, null, null, null, null, "2020-01-01T00:00:00+02:00", null, 1, 50)))
        .hasSize(5);
    assertThat(failureOf(store.listRuns(team, new RunQuery(null, null, null, null, null, "soon", null, 1, 5))))
        .isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.listRuns(team, query(null, null, null, null, 0, 5)))).isEqualTo(FailureCode.INVALID);
  }

  @Test
  void commentsOnARun() {
    RunRecord run = runWithTurns("hello");
    CommentConfig comment = CommentConfig.create("looks good", "bob");

    RunRecord commented = store.addRunComment(team, run.runId(), comment).await();
    assertThat(commented.document().workflowRun.comments).singleElement()
        .satisfies(c -> assertThat(c.content).isEqualTo("looks good"));
    assertThat(commented.revision()).isEqualTo(run.revision() + 1);
    assertThat(commented.document().workflowRun.inputOutputPairs).hasSize(1);

    RunRecord cleared = store.deleteRunComment(team, run.runId(), comment.logicalId).await();
    assertThat(cleared.document().workflowRun.comments).isEmpty();
    assertThat(failureOf(store.deleteRunComment(team, run.runId(), comment.logicalId)))
        .isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.addRunComment(team, Ids.newObjectId(), comment))).isEqualTo(FailureCode.NOT_FOUND);
  }

  @Test
  void commentsOnATurnStayOnTheRunTheyWereMadeOn() {
    RunRecord source = runWithTurns("a", "b");
    RunRecord forked = store.forkRun(team, "bob", fork(source, 1)).await();
    CommentConfig onFork = CommentConfig.create("fork only", "bob");
    CommentConfig onSource = CommentConfig.create("source only", "bob");

    RunRecord commentedFork = store.addTurnComment(team, forked.runId(), 0, onFork).await();
    store.addTurnComment(team, source.runId(), 0, onSource).await();

    assertThat(commentedFork.document().workflowRun.inputOutputPairs.get(0).comments)
        .extracting(c -> c.content).containsExactly("fork only");
    assertThat(store.getRun(team, source.runId()).await().document().workflowRun.inputOutputPairs.get(0).comments)
        .extracting(c -> c.content).containsExactly("source only");
    assertThat(store.getRun(team, forked.runId()).await().document().workflowRun.inputOutputPairs.get(0).comments)
        .extracting(c -> c.content).containsExactly("fork only");

    RunRecord cleared = store.deleteTurnComment(team, forked.runId(), 0, onFork.logicalId).await();
    assertThat(cleared.document().workflowRun.inputOutputPairs.get(0).comments).isEmpty();
    assertThat(failureOf(store.deleteTurnComment(team, forked.runId(), 0, onFork.logicalId)))
        .isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.addTurnComment(team, forked.runId(), 2, onFork))).isEqualTo(FailureCode.OUT_OF_RANGE);
    assertThat(failureOf(store.addTurnComment(team, forked.runId(), 0, new CommentConfig())))
        .isEqualTo(FailureCode.INVALID);
  }

  @Test
  void anotherTeamSeesNothing() {
    RunRecord run = runWithTurns("hello");
    String id = run.runId();
    CommentConfig comment = CommentConfig.create("x", "eve");

    assertThat(failureOf(store.getRun(otherTeam, id))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.beginTurn(otherTeam, id, lease("eve")))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.commitTurn(otherTeam, id, turn("eve", 1, "x")))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.releaseTurn(otherTeam, id, "eve"))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.changeStatus(otherTeam, id,
        new StatusChange(run.revision(), WorkflowStatus.CANCELLED, null, "eve")))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.getCheckpoint(otherTeam, id, 0))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.forkRun(otherTeam, "eve", fork(run, 0)))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.addRunComment(otherTeam, id, comment))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.addTurnComment(otherTeam, id, 0, comment))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.deleteRun(otherTeam, id))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(store.listRuns(otherTeam, query(null, null, null, null, 1, 10)).await().total()).isZero();

    RunRecord untouched = store.getRun(team, id).await();
    assertThat(untouched.revision()).isEqualTo(run.revision());
    assertThat(untouched.document().workflowRun.comments).isEmpty();
    assertThat(untouched.document().workflowRun.inputOutputPairs.get(0).comments).isEmpty();
  }

  @Test
  void aRunNamesItsEvaluationRunOnce() {
    RunRecord run = TestRuns.play(store, team, createRun(), List.of("hello"));
    String evaluation = Ids.newObjectId();

    store.linkEvaluation(team, run.runId(), evaluation).await();
    store.linkEvaluation(team, run.runId(), evaluation).await();

    RunRecord linked = store.getRun(team, run.runId()).await();
    assertThat(linked.document().workflowRun.evaluationRunInfo.evaluationWorkflowRunId).isEqualTo(evaluation);
    assertThat(linked.document().workflowRun.status).isEqualTo(run.document().workflowRun.status);
    assertThat(linked.turnCount()).isEqualTo(1);
    assertThat(failureOf(store.linkEvaluation(team, run.runId(), Ids.newObjectId())))
        .isEqualTo(FailureCode.CONFLICT);
    assertThat(failureOf(store.linkEvaluation(otherTeam, run.runId(), evaluation)))
        .isEqualTo(FailureCode.NOT_FOUND);
    assertThat(store.getRun(team, run.runId()).await().document().workflowRun.evaluationRunInfo
        .evaluationWorkflowRunId).isEqualTo(evaluation);
  }

  @Test
  void aTurnKeepsItsEvaluationInItsPair() {
    RunRecord run = TestRuns.play(store, team, createRun(), List.of("one", "two"));
    JsonObject evaluation = new JsonObject().put("evaluation_workflow_run_id", Ids.newObjectId())
        .put("status", "completed").put("evaluation_result", new JsonObject().put("score", 4));

    store.recordTurnEvaluation(team, run.runId(), 1, evaluation).await();

    RunRecord read = store.getRun(team, run.runId()).await();
    assertThat(read.document().workflowRun.inputOutputPairs.get(1).evaluation).isEqualTo(evaluation);
    assertThat(read.document().workflowRun.inputOutputPairs.get(0).evaluation).isNull();
    assertThat(messagesOf(read)).containsExactly("one", "two");
    assertThat(failureOf(store.recordTurnEvaluation(team, run.runId(), 2, evaluation)))
        .isEqualTo(FailureCode.OUT_OF_RANGE);
    assertThat(failureOf(store.recordTurnEvaluation(otherTeam, run.runId(), 1, evaluation)))
        .isEqualTo(FailureCode.NOT_FOUND);

    RunRecord forked = store.forkRun(team, "bob", fork(run, 1)).await();
    assertThat(failureOf(store.recordTurnEvaluation(team, forked.runId(), 0, evaluation)))
        .isEqualTo(FailureCode.OUT_OF_RANGE);
    assertThat(store.getRun(team, forked.runId()).await().document().workflowRun.inputOutputPairs.get(1).evaluation)
        .isEqualTo(evaluation);
  }

  private RunQuery query(String workflow, WorkflowStatus status, String search, String start, int page, int size) {
    return new RunQuery(workflow, status, null, null, search, start, null, page, size);
  }

  private List<String> ids(RunQuery query) {
    return store.listRuns(team, query).await().items().stream().map(row -> row.id).toList();
  }
}
