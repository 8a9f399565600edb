package dev.turnpoint.engine;

import dev.turnpoint.model.run.RunCommand;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.LeaseRequest;
import dev.turnpoint.service.RunRecord;
import dev.turnpoint.service.ServiceException;
import dev.turnpoint.service.TurnLease;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.turnpoint.engine.EngineFixture.assertFailsWith;
import static dev.turnpoint.engine.EngineFixture.input;
import static org.assertj.core.api.Assertions.assertThat;

/** Turn leases as the engine takes them, against the real run store: what it holds of a run and what it gets back. */
class RunLeasesTest {

  private static final String INTAKE = GraphResources.resource("/graphs/intake.json");
  private static final long LEASE_MILLIS = 20_000;

  private static EngineFixture fixture;
  private String team;
  private RunRecord played;

  @BeforeAll
  static void deploy() {
    fixture = new EngineFixture(EngineFixture.testConfig());
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  /** A run the engine started, read back whole: snapshot, latest checkpoint and one turn. */
  @BeforeEach
  void startRun() {
    team = EngineFixture.newTeam();
    String workflowId = fixture.createWorkflow(team, INTAKE);
    String runId = fixture.engine.executeTurn(team, EngineFixture.USER, workflowId, null, null,
        input(RunCommand.START)).await().runId;
    played = fixture.runs.getRunHeader(team, runId).await();
  }

  /** Renewal as the engine has it, not ticking: a test renews by hand. */
  private static LeaseRenewal renewal() {
    return new LeaseRenewal(fixture.vertx, fixture.runs, LEASE_MILLIS);
  }

  @Test
  void aLeaseIsRenewedWhileItsWorkRunsAndNoLongerOnceItIsDone() {
    LeaseRenewal renewal = renewal();
    RunLeases leases = new RunLeases(fixture.runs, LEASE_MILLIS, new HeldRunStates(8), renewal);

    int renewedDuringWork = leases.withLease(team, played.runId(), lease -> {
      assertThat(renewal.heldCount()).isOne();
      return renewal.renew().compose(renewed -> leases.release(team, lease).map(renewed));
    }).await();

    assertThat(renewedDuringWork).isOne();
    assertThat(renewal.heldCount()).isZero();
    assertThat(renewal.renew().await()).isZero();
    assertFailsWith(leases.withLease(team, played.runId(), lease -> {
      throw ServiceException.conflict("thrown");
    }), FailureCode.CONFLICT);
    assertThat(renewal.heldCount()).as("failed work lets go too").isZero();
  }

  @Test
  void aLeaseTheStoreNoLongerHoldsForThisEngineIsNotRenewed() {
    LeaseRenewal renewal = renewal();
    fixture.runs.beginTurn(team, played.runId(), LeaseRequest.holdingNothing("taken", LEASE_MILLIS)).await();
    renewal.hold(played.runId(), "taken");
    renewal.hold(played.runId(), "lost long ago");

    assertThat(renewal.renew().await()).isOne();
    fixture.runs.releaseTurn(team, played.runId(), "taken").await();
    assertThat(renewal.renew().await()).isZero();
    assertThat(fixture.runs.getRunHeader(team, played.runId()).await().leaseToken()).isNull();
  }

  @Test
  void aLeaseOnARunTheEngineHoldsGetsTheHeldSnapshotAndCheckpointBack() {
    HeldRunStates held = new HeldRunStates(8);
    JsonObject heldCheckpoint = played.lastCheckpoint().copy().put("held_by_this_engine", true);
    held.remember(played.runId(), played.turnCount(), played.document().workflowRun.workflowConfigFullyHydrated,
        heldCheckpoint);
    RunLeases leases = new RunLeases(fixture.runs, LEASE_MILLIS, held, renewal());

    RunRecord leased = leases.withLease(team, played.runId(), lease -> leases.release(team, lease).map(lease))
        .await().record();

    assertThat(leased.lastCheckpoint()).as("the store left it out, the engine put its own back")
        .isEqualTo(heldCheckpoint);
    assertThat(leased.document().workflowRun.workflowConfigFullyHydrated.workflowConfig.name)
        .isEqualTo(played.document().workflowRun.workflowConfigFullyHydrated.workflowConfig.name);
    assertThat(leased.turnCount()).isEqualTo(played.turnCount());
  }

  @Test
  void aLeaseOnARunHeldAfterFewerTurnsGetsTheWholeHeaderAndRemembersIt() {
    HeldRunStates held = new HeldRunStates(8);
    JsonObject olderCheckpoint = played.lastCheckpoint().copy().put("held_by_this_engine", true);
    held.remember(played.runId(), played.turnCount(), played.document().workflowRun.workflowConfigFullyHydrated,
        olderCheckpoint);
    fixture.engine.executeTurn(team, EngineFixture.USER, null, played.runId(), null,
        input(RunCommand.DATA, "my name is Ann")).await();
    RunRecord latest = fixture.runs.getRunHeader(team, played.runId()).await();
    RunLeases leases = new RunLeases(fixture.runs, LEASE_MILLIS, held, renewal());

    RunRecord leased = leases.withLease(team, played.runId(), lease -> leases.release(team, lease).map(lease))
        .await().record();

    assertThat(leased.turnCount()).isEqualTo(played.turnCount() + 1);
    assertThat(leased.lastCheckpoint()).isEqualTo(latest.lastCheckpoint()).isNotEqualTo(olderCheckpoint);
    assertThat(leased.document().workflowRun.workflowConfigFullyHydrated).isNotNull();
    assertThat(held.of(played.runId()).turnCount()).isEqualTo(latest.turnCount());
    assertThat(held.of(played.runId()).checkpoint()).isEqualTo(latest.lastCheckpoint());
  }

  @Test
  void aRunForgottenWhileItsLeaseIsTakenStillGetsItsHeldStateBack() {
    HeldRunStates held = new HeldRunStates(1);
    held.remember(played.runId(), played.turnCount(), played.document().workflowRun.workflowConfigFullyHydrated,
        played.lastCheckpoint());
    HeldRunStates.Held holding = held.of(played.runId());
    LeaseRequest request = HeldRunStates.leaseRequest(holding, "racing", LEASE_MILLIS);
    assertThat(request.heldTurnCount()).isEqualTo(played.turnCount());

    TurnLease lease = fixture.runs.beginTurn(team, played.runId(), request).await();
    held.remember("another-run", 3, played.document().workflowRun.workflowConfigFullyHydrated, new JsonObject());
    RunRecord completed = held.complete(lease, holding);

    assertThat(lease.heldStateLeftOut()).isTrue();
    assertThat(held.of(played.runId())).as("forgotten meanwhile").isNull();
    assertThat(completed.lastCheckpoint()).isEqualTo(played.lastCheckpoint()).isNotSameAs(holding.checkpoint());
    assertThat(completed.document().workflowRun.workflowConfigFullyHydrated).isNotNull();
    fixture.runs.releaseTurn(team, played.runId(), "racing").await();
  }

  @Test
  void workThatFailsReleasesTheLease() {
    RunLeases leases = new RunLeases(fixture.runs, LEASE_MILLIS, new HeldRunStates(8), renewal());

    assertFailsWith(leases.withLease(team, played.runId(),
        lease -> Future.failedFuture(ServiceException.invalid("no"))), FailureCode.INVALID);
    assertFailsWith(leases.withLease(team, played.runId(), lease -> {
      throw ServiceException.conflict("thrown");
    }), FailureCode.CONFLICT);

    assertThat(fixture.runs.getRunHeader(team, played.runId()).await().leaseToken()).isNull();
    assertThat(leases.withLease(team, played.runId(), lease -> leases.release(team, lease).map(lease.token()))
        .await()).isNotNull();
  }
}
