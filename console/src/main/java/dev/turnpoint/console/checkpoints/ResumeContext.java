package dev.turnpoint.console.checkpoints;

import dev.turnpoint.console.runs.Choice;
import dev.turnpoint.model.run.WorkflowRun;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.WorkflowVersion;
import dev.turnpoint.service.RunRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the resume form of one turn is built from: the source run's header (with the graph it is pinned to), the
 * versions of its workflow and the workflow's name. A target version of null means the run's own graph.
 */
record ResumeContext(RunRecord header, int turnIndex, List<WorkflowVersion> versions, String workflowName) {

  String runId() {
    return header.runId();
  }

  WorkflowRun run() {
    return header.document().workflowRun;
  }

  boolean hasVersion(int versionNumber) {
    return version(versionNumber).isPresent();
  }

  /** The run's own graph first (the default), then every other version of the workflow, newest first. */
  List<Choice> versionChoices(Integer selected) {
    WorkflowRun run = run();
    List<Choice> choices = new ArrayList<>();
    choices.add(new Choice("", versionLabel(run.versionNumber, run.versionName) + " (this run's)",
        selected == null));
    versions.stream()
        .filter(version -> !Objects.equals(version.versionNumber, run.versionNumber))
        .sorted(Comparator.comparingInt((WorkflowVersion version) -> version.versionNumber).reversed())
        .forEach(version -> choices.add(new Choice(Integer.toString(version.versionNumber),
            versionLabel(version.versionNumber, version.versionName),
            Objects.equals(selected, version.versionNumber))));
    return choices;
  }

  /** "Where the run was" first (the default), then the enabled nodes of the target graph. */
  List<Choice> startNodeChoices(Integer targetVersion, String selected) {
    List<Choice> choices = new ArrayList<>();
    choices.add(new Choice("", "Where the run was after turn " + (turnIndex + 1), selected == null));
    for (NodeConfig node : targetNodes(targetVersion)) {
      choices.add(new Choice(node.logicalId, nodeLabel(node), node.logicalId.equals(selected)));
    }
    return choices;
  }

  /** The nodes a new run on {@code targetVersion} can continue at. */
  List<NodeConfig> targetNodes(Integer targetVersion) {
    List<NodeConfig> nodes;
    if (targetVersion == null) {
      WorkflowRun run = run();
      nodes = run.workflowConfigFullyHydrated == null ? List.of() : run.workflowConfigFullyHydrated.nodeConfigs;
    } else {
      nodes = version(targetVersion).map(version -> version.nodeConfigs).orElse(List.of());
    }
    return nodes == null ? List.of()
        : nodes.stream().filter(node -> node.logicalId != null && !node.disabled).toList();
  }

  boolean hasNode(Integer targetVersion, String nodeLogicalId) {
    return targetNodes(targetVersion).stream().anyMatch(node -> node.logicalId.equals(nodeLogicalId));
  }

  String nodeName(Integer targetVersion, String nodeLogicalId) {
    if (nodeLogicalId == null) {
      return null;
    }
    List<NodeConfig> nodes = new ArrayList<>(targetNodes(targetVersion));
    if (targetVersion != null) {
      nodes.addAll(targetNodes(null));
    }
    return nodes.stream().filter(node -> node.logicalId.equals(nodeLogicalId)).findFirst()
        .map(node -> node.name == null || node.name.isBlank() ? node.logicalId : node.name)
        .orElse(nodeLogicalId);
  }

  String graphName(Integer targetVersion) {
    return targetVersion == null ? "This run's graph" : "Version " + targetVersion;
  }

  static String versionLabel(Integer number, String name) {
    String label = number == null ? "v?" : "v" + number;
    return name == null || name.isBlank() ? label : label + " · " + name;
  }

  private Optional<WorkflowVersion> version(int versionNumber) {
    return versions.stream().filter(version -> version.versionNumber == versionNumber).findFirst();
  }

  private static String nodeLabel(NodeConfig node) {
    String name = node.name == null || node.name.isBlank() ? node.logicalId : node.name;
    return node.isStart ? name + " (start)" : name;
  }
}
