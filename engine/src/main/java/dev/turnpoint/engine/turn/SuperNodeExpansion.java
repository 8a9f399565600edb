package dev.turnpoint.engine.turn;

import dev.turnpoint.model.Json;
import dev.turnpoint.model.workflow.EdgeConfig;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.LlmNode;
import dev.turnpoint.model.workflow.LlmType;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.SuperNode;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A graph with its super nodes expanded in place, as Interactly expands them: every node and edge of a super node's
 * sub-workflow (its {@code encapsulated_workflow_config}, else the stored one {@link SubWorkflows} loaded) is added
 * to the graph as a copy whose logical ids are prefixed with the super node's and {@value #SEPARATOR}
 * ({@code node_intake/node_ask_id}), so the sub-graph runs on the same thread, waits for the user and resumes across
 * turns like any other part of the graph, and the checkpoint names where it stands. Super nodes inside sub-workflows
 * expand the same way, up to {@value #MAX_DEPTH} levels.
 *
 * <p>While copying: {@code node_config_field} and {@code edge_config_field} mappings of the super node's interface
 * write their field's value into the copy; with {@code override_llm_config} the inner LLM nodes get the super node's
 * {@code llms_config} (only those on {@code global_default_llm} when {@code override_only_workflow_default_nodes});
 * other inner LLM nodes on {@code global_default_llm} get the sub-workflow's own {@code llms_config} when it names a
 * concrete LLM, else the calling workflow's.
 */
final class SuperNodeExpansion {

  static final String SEPARATOR = "/";
  static final int MAX_DEPTH = 5;

  final List<NodeConfig> nodes = new ArrayList<>();
  final List<EdgeConfig> edges = new ArrayList<>();
  private final Map<String, SuperNode> enclosing = new HashMap<>();
  private final Map<String, String> entries = new HashMap<>();
  private final Map<String, WorkflowConfigFullyHydrated> subGraphs = new HashMap<>();
  private final Map<String, String> problems = new HashMap<>();

  private SuperNodeExpansion() {
  }

  static SuperNodeExpansion of(WorkflowConfigFullyHydrated graph, SubWorkflows stored) {
    SuperNodeExpansion expansion = new SuperNodeExpansion();
    expansion.add(graph, null, stored, 0);
    return expansion;
  }

  /** The innermost super node whose sub-workflow the node (by expanded logical id) belongs to. */
  Optional<SuperNode> enclosing(String nodeLogicalId) {
    return Optional.ofNullable(enclosing.get(nodeLogicalId));
  }

  /** Where the super node's sub-workflow starts (expanded logical id), when it has one. */
  Optional<String> entry(SuperNode node) {
    return Optional.ofNullable(entries.get(node.logicalId));
  }

  /** The super node's sub-workflow as it was copied in (expanded ids), when it has one. */
  Optional<WorkflowConfigFullyHydrated> subGraph(SuperNode node) {
    return Optional.ofNullable(subGraphs.get(node.logicalId));
  }

  /** Why the super node has no sub-workflow. */
  String problem(SuperNode node) {
    return problems.getOrDefault(node.logicalId, "it has neither encapsulated_workflow_config nor super_workflow_id");
  }

  private void add(WorkflowConfigFullyHydrated graph, SuperNode parent, SubWorkflows stored, int depth) {
    for (NodeConfig node : graph.nodeConfigs) {
      nodes.add(node);
      if (parent != null && node.logicalId != null) {
        enclosing.putIfAbsent(node.logicalId, parent);
      }
    }
    edges.addAll(graph.edgeConfigs);
    for (NodeConfig node : graph.nodeConfigs) {
      if (node instanceof SuperNode superNode && !superNode.disabled && node.logicalId != null) {
        expand(superNode, stored, depth);
      }
    }
  }

  private void expand(SuperNode node, SubWorkflows stored, int depth) {
    if (depth >= MAX_DEPTH) {
      problems.put(node.logicalId, "super nodes are nested more than " + MAX_DEPTH + " levels deep");
      return;
    }
    Optional<WorkflowConfigFullyHydrated> source = node.encapsulatedWorkflowConfig != null
        ? Optional.of(node.encapsulatedWorkflowConfig) : stored.graph(node.logicalId);
    if (source.isEmpty()) {
      stored.problem(node.logicalId).ifPresent(problem -> problems.put(node.logicalId, problem));
      return;
    }
    WorkflowConfigFullyHydrated copy = copy(source.get(), node);
    Optional<String> entry = copy.startNode().map(start -> start.logicalId);
    if (entry.isEmpty()) {
      problems.put(node.logicalId, "its sub-workflow has no node to start at");
      return;
    }
    entries.put(node.logicalId, entry.get());
    subGraphs.put(node.logicalId, copy);
    add(copy, node, stored, depth + 1);
  }

  private static WorkflowConfigFullyHydrated copy(WorkflowConfigFullyHydrated source, SuperNode node) {
    JsonObject json = Json.toJson(source);
    applyConfigFieldMappings(json, node);
    WorkflowConfigFullyHydrated copy = Json.fromJson(json, WorkflowConfigFullyHydrated.class);
    String prefix = node.logicalId + SEPARATOR;
    LlmConfig subDefault = copy.workflowConfig == null ? null : copy.workflowConfig.llmsConfig;
    for (NodeConfig inner : copy.nodeConfigs) {
      inner.logicalId = prefix + inner.logicalId;
      if (inner instanceof LlmNode llm) {
        llm.llmsConfig = llmFor(llm.llmsConfig, node, subDefault);
      }
    }
    for (EdgeConfig edge : copy.edgeConfigs) {
      edge.logicalId = prefix + edge.logicalId;
      edge.sourceNodeLogicalId = prefix + edge.sourceNodeLogicalId;
      edge.destinationNodeLogicalId = prefix + edge.destinationNodeLogicalId;
    }
    return copy;
  }

  private static LlmConfig llmFor(LlmConfig own, SuperNode node, LlmConfig subDefault) {
    boolean onDefault = own == null || own.type == LlmType.GLOBAL_DEFAULT_LLM;
    if (node.overrideLlmConfig && node.llmsConfig != null && (onDefault || !node.overrideOnlyWorkflowDefaultNodes)) {
      return node.llmsConfig;
    }
    if (onDefault && subDefault != null && subDefault.type != null && subDefault.type != LlmType.NO_LLM
        && subDefault.type != LlmType.GLOBAL_DEFAULT_LLM) {
      return subDefault;
    }
    return own;
  }

  /** Writes the values of {@code node_config_field} and {@code edge_config_field} mappings into the copy. */
  private static void applyConfigFieldMappings(JsonObject graph, SuperNode node) {
    if (node.superNodeInterface == null || node.superNodeInterface.inputFields == null) {
      return;
    }
    for (SuperNode.InputField field : node.superNodeInterface.inputFields) {
      Object value = SuperNodeRunner.value(node, field);
      if (value == null || field.mappings == null) {
        continue;
      }
      for (SuperNode.FieldMapping mapping : field.mappings) {
        String list = "node_config_field".equals(mapping.targetType) ? "node_configs"
            : "edge_config_field".equals(mapping.targetType) ? "edge_configs" : null;
        if (list == null || mapping.targetFieldPath == null || mapping.targetFieldPath.isBlank()) {
          continue;
        }
        JsonArray items = graph.getJsonArray(list, new JsonArray());
        for (int i = 0; i < items.size(); i++) {
          JsonObject item = items.getJsonObject(i);
          if (item != null && item.getString("logical_id", "").equals(mapping.targetNodeOrEdgeLogicalId)) {
            put(item, mapping.targetFieldPath.strip(), value);
          }
        }
      }
    }
  }

  private static void put(JsonObject target, String path, Object value) {
    String[] segments = path.split("\\.");
    JsonObject at = target;
    for (int i = 0; i < segments.length - 1; i++) {
      JsonObject next = at.getValue(segments[i]) instanceof JsonObject object ? object : new JsonObject();
      at.put(segments[i], next);
      at = next;
    }
    at.put(segments[segments.length - 1], value);
  }
}
