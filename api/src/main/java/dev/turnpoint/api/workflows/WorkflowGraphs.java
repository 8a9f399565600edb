package dev.turnpoint.api.workflows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.turnpoint.api.http.ApiProblem;
import dev.turnpoint.api.http.JsonFields;
import dev.turnpoint.api.http.RequestValidationException;
import dev.turnpoint.api.http.ValidationError;
import dev.turnpoint.model.Ids;
import dev.turnpoint.model.validation.LimitBreach;
import dev.turnpoint.model.validation.WorkflowGraphValidator;
import dev.turnpoint.model.validation.WorkflowLimits;
import dev.turnpoint.model.workflow.EdgeConfig;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.WorkflowConfig;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads workflow graphs from request bodies and makes them ready to save: sizes checked against the configured
 * {@link WorkflowLimits} before anything is read (422 at the part too large), ids filled in, rules checked.
 */
final class WorkflowGraphs {

  private static final List<String> GRAPH_FIELDS = List.of("workflow_config", "node_configs", "edge_configs");

  private WorkflowGraphs() {
  }

  /**
   * Refuses, with 422 and before it is parsed, a request body larger than a graph may be ({@code max_workflow_bytes}):
   * every path a graph takes costs in proportion to its size.
   */
  static void checkSize(RoutingContext ctx, WorkflowLimits limits) {
    Buffer body = ctx.body().buffer();
    int bytes = body == null ? 0 : body.length();
    int max = limits.maxGraphBytes();
    if (bytes > max) {
      throw new RequestValidationException(List.of(new ValidationError(List.of("body"), "A workflow graph may take"
          + " at most " + max + " bytes of JSON (max_workflow_bytes = " + max + "), not " + bytes, "too_long")));
    }
  }

  /** Whether a config object is a whole graph rather than workflow settings alone. */
  static boolean isGraph(ObjectNode config) {
    return GRAPH_FIELDS.stream().anyMatch(config::has);
  }

  /**
   * A whole graph ({@code workflow_config}, {@code node_configs}, ...); null when it does not read or is beyond a
   * limit (every such part is recorded).
   */
  static WorkflowConfigFullyHydrated readGraph(JsonFields fields, WorkflowLimits limits) {
    if (!withinLimits(fields, fields.node(), limits, 0)) {
      return null;
    }
    WorkflowConfigFullyHydrated graph = fields.as(WorkflowConfigFullyHydrated.class);
    if (graph == null) {
      return null;
    }
    if (graph.workflowConfig == null) {
      graph.workflowConfig = new WorkflowConfig();
    }
    graph.nodeConfigs = graph.nodeConfigs == null ? new ArrayList<>() : graph.nodeConfigs;
    graph.edgeConfigs = graph.edgeConfigs == null ? new ArrayList<>() : graph.edgeConfigs;
    graph.dynamicVariables = graph.dynamicVariables == null ? new JsonObject() : graph.dynamicVariables;
    graph.runtimeVariables = graph.runtimeVariables == null ? new JsonObject() : graph.runtimeVariables;
    boolean complete = rejectNulls(fields, "node_configs", graph.nodeConfigs);
    complete &= rejectNulls(fields, "edge_configs", graph.edgeConfigs);
    return complete ? graph : null;
  }

  /** Workflow settings alone, as a graph without nodes or edges. */
  static WorkflowConfigFullyHydrated readSettings(JsonFields fields, WorkflowLimits limits) {
    // Settings are checked as the workflow_config of a graph, and reported at their own place.
    ObjectNode asGraph = JsonNodeFactory.instance.objectNode().set("workflow_config", fields.node());
    if (!withinLimits(fields, asGraph, limits, 1)) {
      return null;
    }
    WorkflowConfig settings = fields.as(WorkflowConfig.class);
    if (settings == null) {
      return null;
    }
    WorkflowConfigFullyHydrated graph = new WorkflowConfigFullyHydrated();
    graph.workflowConfig = settings;
    return graph;
  }

  /** A config that is either workflow settings or a whole graph. */
  static WorkflowConfigFullyHydrated readConfig(JsonFields config, WorkflowLimits limits) {
    return isGraph(config.node()) ? readGraph(config, limits) : readSettings(config, limits);
  }

  /** Records every part of {@code graph} beyond a limit at its place below {@code fields}, less {@code skip} steps. */
  private static boolean withinLimits(JsonFields fields, ObjectNode graph, WorkflowLimits limits, int skip) {
    List<LimitBreach> breaches = WorkflowGraphValidator.exceededLimits(graph, limits);
    for (LimitBreach breach : breaches) {
      List<Object> path = breach.path();
      fields.reject(breach.message(), breach.type(), path.subList(Math.min(skip, path.size()), path.size()).toArray());
    }
    return breaches.isEmpty();
  }

  private static boolean rejectNulls(JsonFields fields, String field, List<?> items) {
    boolean complete = true;
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == null) {
        fields.reject("Input should be a valid dictionary or object to extract fields from",
            "model_attributes_type", field, i);
        complete = false;
      }
    }
    return complete;
  }

  /**
   * Gives nodes and edges without a logical id a new one, then checks the graph's rules; a broken rule answers 400
   * naming every rule broken.
   */
  static WorkflowConfigFullyHydrated prepare(WorkflowConfigFullyHydrated graph) {
    for (NodeConfig node : graph.nodeConfigs) {
      if (node.logicalId == null || node.logicalId.isBlank()) {
        node.logicalId = Ids.logicalId("node");
      }
    }
    for (EdgeConfig edge : graph.edgeConfigs) {
      if (edge.logicalId == null || edge.logicalId.isBlank()) {
        edge.logicalId = Ids.logicalId("edge");
      }
    }
    List<String> broken = WorkflowGraphValidator.validate(graph);
    if (!broken.isEmpty()) {
      throw new ApiProblem(400, "graph validation failed: " + String.join("; ", broken),
          new JsonObject().put("errors", new JsonArray(new ArrayList<>(broken))));
    }
    return graph;
  }
}
