package dev.turnpoint.engine.turn;

import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.SuperNode;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stored workflows a turn's super nodes embed by {@code super_workflow_id} (and
 * {@code super_workflow_version_number}, else the active version at that turn), loaded through the {@link RunReader}
 * before the turn runs, so that {@link SuperNodeExpansion} can build the whole graph up front. Super nodes inside the
 * sub-workflows are loaded too, to {@link SuperNodeExpansion#MAX_DEPTH} levels. Keys are the super nodes' logical ids
 * in the expanded graph. A workflow that cannot be loaded is remembered with the reason, and fails the run only when
 * the thread reaches its super node.
 */
final class SubWorkflows {

  static final SubWorkflows NONE = new SubWorkflows();

  private final Map<String, WorkflowConfigFullyHydrated> graphs = new HashMap<>();
  private final Map<String, String> problems = new HashMap<>();

  private SubWorkflows() {
  }

  /** Loads what {@code graph}'s super nodes reference; the future never fails. */
  static Future<SubWorkflows> load(WorkflowConfigFullyHydrated graph, RunReader runs, String teamId) {
    if (graph.nodeConfigs.stream().noneMatch(SuperNode.class::isInstance)) {
      return Future.succeededFuture(NONE);
    }
    SubWorkflows loaded = new SubWorkflows();
    return loaded.walk(graph, "", 0, runs, teamId).map(loaded);
  }

  private Future<Void> walk(WorkflowConfigFullyHydrated graph, String prefix, int depth, RunReader runs,
                            String teamId) {
    if (depth >= SuperNodeExpansion.MAX_DEPTH) {
      return Future.succeededFuture();
    }
    List<Future<Void>> loads = new ArrayList<>();
    for (NodeConfig node : graph.nodeConfigs) {
      if (!(node instanceof SuperNode superNode) || superNode.disabled) {
        continue;
      }
      String id = prefix + superNode.logicalId;
      String inner = id + SuperNodeExpansion.SEPARATOR;
      if (superNode.encapsulatedWorkflowConfig != null) {
        loads.add(walk(superNode.encapsulatedWorkflowConfig, inner, depth + 1, runs, teamId));
      } else if (TurnRun.blankToNull(superNode.superWorkflowId) != null) {
        loads.add(fetch(superNode, id, runs, teamId)
            .compose(fetched -> fetched == null ? Future.succeededFuture()
                : walk(fetched, inner, depth + 1, runs, teamId)));
      }
    }
    return Future.all(loads).mapEmpty();
  }

  private Future<WorkflowConfigFullyHydrated> fetch(SuperNode node, String id, RunReader runs, String teamId) {
    String version = node.superWorkflowVersionNumber == null ? "the active version"
        : "version " + node.superWorkflowVersionNumber;
    Future<WorkflowConfigFullyHydrated> fetched;
    try {
      fetched = runs == null ? Future.failedFuture("no workflow store is available")
          : runs.fetchWorkflowVersion(teamId, node.superWorkflowId.strip(), node.superWorkflowVersionNumber);
    } catch (RuntimeException e) {
      fetched = Future.failedFuture(e);
    }
    return fetched.transform(done -> {
      if (done.succeeded() && done.result() != null) {
        graphs.put(id, done.result());
        return Future.succeededFuture(done.result());
      }
      problems.put(id, "could not load " + version + " of workflow " + node.superWorkflowId + ": "
          + (done.failed() ? done.cause().getMessage() : "it has no graph"));
      return Future.succeededFuture();
    });
  }

  /** The stored graph loaded for the super node with this expanded logical id. */
  Optional<WorkflowConfigFullyHydrated> graph(String superNodeId) {
    return Optional.ofNullable(graphs.get(superNodeId));
  }

  /** Why the super node with this expanded logical id has no stored graph, if loading it failed. */
  Optional<String> problem(String superNodeId) {
    return Optional.ofNullable(problems.get(superNodeId));
  }
}
