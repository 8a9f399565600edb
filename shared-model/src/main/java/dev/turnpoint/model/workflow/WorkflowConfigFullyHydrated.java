package dev.turnpoint.model.workflow;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A whole graph in one object: workflow settings, nodes and edges (spec §4.1). */
public class WorkflowConfigFullyHydrated {
  public WorkflowConfig workflowConfig = new WorkflowConfig();
  public List<NodeConfig> nodeConfigs = new ArrayList<>();
  public List<EdgeConfig> edgeConfigs = new ArrayList<>();
  public JsonObject dynamicVariables = new JsonObject();
  public JsonObject runtimeVariables = new JsonObject();

  public Optional<NodeConfig> node(String logicalId) {
    return nodeConfigs.stream().filter(n -> logicalId != null && logicalId.equals(n.logicalId)).findFirst();
  }

  /** The node marked {@code is_start}, or the first node when none is marked. */
  public Optional<NodeConfig> startNode() {
    return nodeConfigs.stream().filter(n -> n.isStart && !n.disabled).findFirst()
        .or(() -> nodeConfigs.stream().filter(n -> !n.disabled).findFirst());
  }
}
