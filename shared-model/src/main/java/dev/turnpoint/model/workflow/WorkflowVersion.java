package dev.turnpoint.model.workflow;

import dev.turnpoint.model.StoredDocument;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A version of a workflow (spec §2.3): a named snapshot of its settings, nodes and edges. The wire document carries
 * {@code workflow_config} as the spec says, plus the version's {@code node_configs} and {@code edge_configs}.
 */
public class WorkflowVersion extends StoredDocument {
  public String workflowId;
  public WorkflowConfig workflowConfig = new WorkflowConfig();
  public List<NodeConfig> nodeConfigs = new ArrayList<>();
  public List<EdgeConfig> edgeConfigs = new ArrayList<>();
  public JsonObject dynamicVariables = new JsonObject();
  public JsonObject runtimeVariables = new JsonObject();
  public int versionNumber = 0;
  public String versionName = "Initial Version";
  /** Optimistic-concurrency counter, incremented by every update. */
  public long revision = 0;

  public WorkflowConfigFullyHydrated hydrated() {
    WorkflowConfigFullyHydrated graph = new WorkflowConfigFullyHydrated();
    graph.workflowConfig = workflowConfig;
    graph.nodeConfigs = nodeConfigs;
    graph.edgeConfigs = edgeConfigs;
    graph.dynamicVariables = dynamicVariables;
    graph.runtimeVariables = runtimeVariables;
    return graph;
  }

  public void setGraph(WorkflowConfigFullyHydrated graph) {
    workflowConfig = graph.workflowConfig;
    nodeConfigs = graph.nodeConfigs;
    edgeConfigs = graph.edgeConfigs;
    dynamicVariables = graph.dynamicVariables;
    runtimeVariables = graph.runtimeVariables;
  }
}
