package dev.turnpoint.persistence;

import dev.turnpoint.model.workflow.SayStaticNode;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import dev.turnpoint.model.workflow.WorkflowDocument;
import dev.turnpoint.model.workflow.WorkflowVersion;
import dev.turnpoint.service.FailureCode;
import dev.turnpoint.service.Page;
import dev.turnpoint.service.PageQuery;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static dev.turnpoint.persistence.Failures.failureOf;
import static dev.turnpoint.persistence.TestGraphs.graph;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What every {@link WorkflowStore} must do, whatever it stores into. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WorkflowStoreContract {

  protected WorkflowStore store;
  private String team;
  private String otherTeam;

  /** Starts the store under test; called once per test class. */
  protected abstract Future<WorkflowStore> startStore(Vertx vertx);

  @BeforeAll
  void startStoreOnce(Vertx vertx) {
    store = startStore(vertx).await();
  }

  @BeforeEach
  void freshTeams() {
    team = TestGraphs.newTeam();
    otherTeam = TestGraphs.newTeam();
  }

  @Test
  void createsAWorkflowWithAnActiveInitialVersion() {
    WorkflowConfigFullyHydrated graph = graph("Clinic intake");
    WorkflowDocument created = store.createWorkflow(team, "alice", graph).await();

    assertThat(created.id).matches("[0-9a-f]{24}");
    assertThat(created.teamId).isEqualTo(team);
    assertThat(created.createdBy).isEqualTo("alice");
    assertThat(created.activeVersionNumber).isZero();

    WorkflowDocument read = store.getWorkflow(team, created.id).await();
    assertThat(read.workflowConfig.name).isEqualTo("Clinic intake");
    assertThat(read.workflowConfig.description).isEqualTo("about Clinic intake");
    assertThat(read.createdAt).isEqualTo(created.createdAt);
    assertThat(read.revision).isZero();

    WorkflowVersion initial = store.getVersion(team, created.id, 0).await();
    assertThat(initial.versionName).isEqualTo("Initial Version");
    assertThat(initial.workflowId).isEqualTo(created.id);
    assertThat(initial.nodeConfigs).singleElement().isInstanceOf(SayStaticNode.class)
        .satisfies(node -> assertThat(node.name).isEqualTo("greeting"));
    assertThat(store.listVersions(team, created.id).await()).extracting(v -> v.versionNumber).containsExactly(0);
  }

  @Test
  void rejectsMalformedInput() {
    assertThat(failureOf(store.createWorkflow(team, "alice", graph(" ")))).isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.createWorkflow(team, "alice", null))).isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.createWorkflow(null, "alice", graph("x")))).isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.listWorkflows(team, new PageQuery(0, 10, null)))).isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.listWorkflows(team, new PageQuery(1, 0, null)))).isEqualTo(FailureCode.INVALID);
    assertThat(failureOf(store.getWorkflow(team, "not-an-id"))).isEqualTo(FailureCode.NOT_FOUND);
  }

  @Test
  void listsNewestFirstInPages() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(store.createWorkflow(team, "alice", graph("Flow " + i)).await().id);
    }
    List<String> newestFirst = new ArrayList<>(ids);
    Collections.reverse(newestFirst);

    Page<WorkflowDocument> first = store.listWorkflows(team, new PageQuery(1, 2, null)).await();
    Page<WorkflowDocument> third = store.listWorkflows(team, new PageQuery(3, 2, null)).await();
    assertThat(first.total()).isEqualTo(5);
    assertThat(first.items()).extracting(w -> w.id).containsExactlyElementsOf(newestFirst.subList(0, 2));
    assertThat(third.items()).extracting(w -> w.id).containsExactly(newestFirst.get(4));
    assertThat(store.listWorkflows(team, new PageQuery(4, 2, null)).await().items()).isEmpty();
  }

  @Test
  void searchesNameAndDescriptionIgnoringCaseAndLiterally() {
    store.createWorkflow(team, "alice", graph("Clinic Intake", "new patients", "n")).await();
    store.createWorkflow(team, "alice", graph("Billing", "Follow-up on CLINIC invoices", "n")).await();
    store.createWorkflow(team, "alice", graph("a.b (test)", "dots", "n")).await();
    store.createWorkflow(team, "alice", graph("axb test", "no dots", "n")).await();

    assertThat(store.listWorkflows(team, new PageQuery(1, 10, "clinic")).await().items())
        .extracting(w -> w.workflowConfig.name).containsExactlyInAnyOrder("Clinic Intake", "Billing");
    Page<WorkflowDocument> literal = store.listWorkflows(team, new PageQuery(1, 10, "a.b (")).await();
    assertThat(literal.total()).isEqualTo(1);
    assertThat(literal.items()).extracting(w -> w.workflowConfig.name).containsExactly("a.b (test)");
    assertThat(store.listWorkflows(team, new PageQuery(1, 10, "nothing like it")).await().total()).isZero();
  }

  @Test
  void updatesNameAndDescriptionAndCountsRevisions() {
    WorkflowDocument created = store.createWorkflow(team, "alice", graph("Old")).await();

    WorkflowDocument renamed = store.updateWorkflow(team, "bob", created.id, "New", null).await();
    assertThat(renamed.workflowConfig.name).isEqualTo("New");
    assertThat(renamed.workflowConfig.description).isEqualTo("about Old");
    assertThat(renamed.updatedBy).isEqualTo("bob");
    assertThat(renamed.revision).isEqualTo(1);

    WorkflowDocument described = store.updateWorkflow(team, "bob", created.id, null, "fresh").await();
    assertThat(described.workflowConfig.name).isEqualTo("New");
    assertThat(described.workflowConfig.description).isEqualTo("fresh");
    assertThat(described.revision).isEqualTo(2);
    assertThat(failureOf(store.updateWorkflow(team, "bob", created.id, "", null))).isEqualTo(FailureCode.INVALID);
  }

  @Test
  void deletesAWorkflowWithItsVersions() {
    WorkflowDocument created = store.createWorkflow(team, "alice", graph("Doomed")).await();
    store.createVersion(team, "alice", created.id, "second", false, null).await();

    store.deleteWorkflow(team, created.id).await();

    assertThat(failureOf(store.getWorkflow(team, created.id))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.listVersions(team, created.id))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.getVersion(team, created.id, 1))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.deleteWorkflow(team, created.id))).isEqualTo(FailureCode.NOT_FOUND);
  }

  @Test
  void createsVersionsAsCopiesWithNumbersThatAreNeverReused() {
    WorkflowDocument created = store.createWorkflow(team, "alice", graph("Versions")).await();
    WorkflowConfigFullyHydrated changed = graph("Versions", "d", "changed node");
    store.replaceVersionGraph(team, "alice", created.id, 0, changed).await();

    WorkflowVersion first = store.createVersion(team, "bob", created.id, "copy of active", false, null).await();
    assertThat(first.versionNumber).isEqualTo(1);
    assertThat(first.versionName).isEqualTo("copy of active");
    assertThat(first.createdBy).isEqualTo("bob");
    assertThat(first.nodeConfigs).extracting(n -> n.name).containsExactly("changed node");

    WorkflowVersion second = store.createVersion(team, "bob", created.id, null, true, 1).await();
    assertThat(second.versionNumber).isEqualTo(2);
    assertThat(second.versionName).isNotBlank();
    assertThat(store.getWorkflow(team, created.id).await().activeVersionNumber).isEqualTo(2);

    store.activateVersion(team, "bob", created.id, 0).await();
    store.deleteVersion(team, created.id, 2).await();
    WorkflowVersion third = store.createVersion(team, "bob", created.id, "third", false, 0).await();
    assertThat(third.versionNumber).isEqualTo(3);
    assertThat(store.listVersions(team, created.id).await()).extracting(v -> v.versionNumber)
        .containsExactly(0, 1, 3);
    assertThat(store.listVersionHeaders(team, created.id).await())
        .extracting(v -> v.versionNumber, v -> v.versionName, v -> v.nodeConfigs, v -> v.edgeConfigs)
        .containsExactly(tuple(0, "Initial Version", null, null), tuple(1, "copy of active", null, null),
            tuple(3, "third", null, null));
    assertThat(failureOf(store.createVersion(team, "bob", created.id, "x", false, 2)))
        .isEqualTo(FailureCode.NOT_FOUND);
  }

  @Test
  void concurrentVersionCreationHandsOutDistinctNumbers() {
    WorkflowDocument created = store.createWorkflow(team, "alice", graph("Busy")).await();
    List<Future<WorkflowVersion>> calls = IntStream.range(0, 10)
        .mapToObj(i -> store.createVersion(team, "alice", created.id, "v" + i, false, 0))
        .toList();
    Future.all(calls).await();
    assertThat(calls).extracting(call -> call.result().versionNumber)
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());
  }

  @Test
  void activatesOnlyExistingVersions() {
    WorkflowDocument created = store.createWorkflow(team, "alice", graph("Activate")).await();
    store.createVersion(team, "alice", created.id, "one", false, null).await();

    WorkflowDocument activated = store.activateVersion(team, "bob", created.id, 1).await();
    assertThat(activated.activeVersionNumber).isEqualTo(1);
    assertThat(activated.updatedBy).isEqualTo("bob");
    assertThat(failureOf(store.activateVersion(team, "bob", created.id, 7))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(store.getWorkflow(team, created.id).await().activeVersionNumber).isEqualTo(1);
  }

  @Test
  void refusesToDeleteTheActiveVersion() {
    WorkflowDocument created = store.createWorkflow(team, "alice", graph("Keep")).await();
    store.createVersion(team, "alice", created.id, "one", false, null).await();

    assertThat(failureOf(store.deleteVersion(team, created.id, 0))).isEqualTo(FailureCode.CONFLICT);
    store.deleteVersion(team, created.id, 1).await();
    assertThat(failureOf(store.getVersion(team, created.id, 1))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.deleteVersion(team, created.id, 1))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(store.getVersion(team, created.id, 0).await().versionNumber).isZero();
  }

  @Test
  void neverLeavesADeletedVersionActive() {
    WorkflowDocument created = store.createWorkflow(team, "alice", graph("Race")).await();
    for (int round = 1; round <= 10; round++) {
      int number = store.createVersion(team, "alice", created.id, "r" + round, false, null).await().versionNumber;
      Future<?> activate = store.activateVersion(team, "alice", created.id, number);
      Future<?> delete = store.deleteVersion(team, created.id, number);
      Future.join(activate, delete).transform(settled -> Future.succeededFuture()).await();

      WorkflowDocument workflow = store.getWorkflow(team, created.id).await();
      if (workflow.activeVersionNumber == number) {
        assertThat(store.getVersion(team, created.id, number).await().versionNumber).isEqualTo(number);
        store.activateVersion(team, "alice", created.id, 0).await();
      } else {
        assertThat(delete.succeeded()).isTrue();
      }
    }
  }

  @Test
  void renamesVersionsAndReplacesTheirGraphs() {
    WorkflowDocument created = store.createWorkflow(team, "alice", graph("Edit")).await();

    WorkflowVersion renamed = store.renameVersion(team, "bob", created.id, 0, "Renamed").await();
    assertThat(renamed.versionName).isEqualTo("Renamed");
    assertThat(renamed.revision).isEqualTo(1);
    assertThat(failureOf(store.renameVersion(team, "bob", created.id, 0, " "))).isEqualTo(FailureCode.INVALID);

    WorkflowVersion replaced = store.replaceVersionGraph(team, "bob", created.id, 0,
        graph("Edit", "d", "other node")).await();
    assertThat(replaced.versionName).isEqualTo("Renamed");
    assertThat(replaced.revision).isEqualTo(2);
    assertThat(replaced.updatedBy).isEqualTo("bob");
    assertThat(store.getVersion(team, created.id, 0).await().nodeConfigs).extracting(n -> n.name)
        .containsExactly("other node");
    assertThat(failureOf(store.renameVersion(team, "bob", created.id, 5, "x"))).isEqualTo(FailureCode.NOT_FOUND);
  }

  @Test
  void anotherTeamSeesNothing() {
    WorkflowDocument created = store.createWorkflow(team, "alice", graph("Private")).await();
    String id = created.id;

    assertThat(failureOf(store.getWorkflow(otherTeam, id))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.updateWorkflow(otherTeam, "eve", id, "Mine", null))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.deleteWorkflow(otherTeam, id))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.createVersion(otherTeam, "eve", id, "v", true, null)))
        .isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.listVersions(otherTeam, id))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.listVersionHeaders(otherTeam, id))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.getVersion(otherTeam, id, 0))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.renameVersion(otherTeam, "eve", id, 0, "v"))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.replaceVersionGraph(otherTeam, "eve", id, 0, graph("x"))))
        .isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.activateVersion(otherTeam, "eve", id, 0))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(failureOf(store.deleteVersion(otherTeam, id, 0))).isEqualTo(FailureCode.NOT_FOUND);
    assertThat(store.listWorkflows(otherTeam, new PageQuery(1, 10, null)).await().total()).isZero();

    WorkflowDocument untouched = store.getWorkflow(team, id).await();
    assertThat(untouched.workflowConfig.name).isEqualTo("Private");
    assertThat(untouched.revision).isZero();
  }
}
