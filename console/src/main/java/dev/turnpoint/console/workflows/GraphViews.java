package dev.turnpoint.console.workflows;

import dev.turnpoint.console.web.Format;
import dev.turnpoint.model.workflow.CompanionEdge;
import dev.turnpoint.model.workflow.ConditionConfig;
import dev.turnpoint.model.workflow.ConditionalEdge;
import dev.turnpoint.model.workflow.DirectEdge;
import dev.turnpoint.model.workflow.EdgeConfig;
import dev.turnpoint.model.workflow.HttpRequestNode;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.LlmNode;
import dev.turnpoint.model.workflow.NoOpNode;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.OtherNode;
import dev.turnpoint.model.workflow.SayStaticNode;
import dev.turnpoint.model.workflow.SendSmsNode;
import dev.turnpoint.model.workflow.ToolNode;
import dev.turnpoint.model.workflow.WorkflowConfig;
import dev.turnpoint.model.workflow.WorkflowRunFetchNode;
import dev.turnpoint.model.workflow.WorkflowVersion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns a version's graph into the structured lists of the workflow page. */
final class GraphViews {

  private static final int TEXT_LENGTH = 240;

  private GraphViews() {
  }

  static GraphView of(WorkflowVersion version) {
    List<NodeConfig> nodes = version.nodeConfigs == null ? List.of() : version.nodeConfigs;
    List<EdgeConfig> edges = version.edgeConfigs == null ? List.of() : version.edgeConfigs;
    Map<String, String> names = new HashMap<>();
    for (NodeConfig node : nodes) {
      if (node.logicalId != null) {
        names.put(node.logicalId, displayName(node));
      }
    }
    Map<String, List<EdgeRow>> outgoing = new HashMap<>();
    List<EdgeRow> dangling = new ArrayList<>();
    for (EdgeConfig edge : edges) {
      EdgeRow row = edge(edge, names);
      if (edge.sourceNodeLogicalId != null && names.containsKey(edge.sourceNodeLogicalId)) {
        outgoing.computeIfAbsent(edge.sourceNodeLogicalId, id -> new ArrayList<>()).add(row);
      } else {
        dangling.add(row);
      }
    }
    List<NodeRow> rows = nodes.stream()
        .sorted(Comparator.comparing((NodeConfig node) -> !node.isStart))
        .map(node -> node(node, outgoing.getOrDefault(node.logicalId, List.of())))
        .toList();
    return new GraphView(settings(version.workflowConfig), rows, dangling, edges.size());
  }

  private static NodeRow node(NodeConfig node, List<EdgeRow> outgoing) {
    String globalCondition = node.isGlobal() ? condition(node.globalNodeConfig.condition) : null;
    return new NodeRow(node.logicalId, displayName(node), node.type, node.isStart, node.isGlobal(),
        globalCondition, node.disabled, node.isGuardrailNode, details(node), outgoing);
  }

  private static List<Detail> details(NodeConfig node) {
    List<Detail> details = new ArrayList<>();
    if (node.description != null && !node.description.isBlank()) {
      details.add(new Detail("Description", Format.excerpt(node.description, TEXT_LENGTH)));
    }
    if (node instanceof LlmNode llm) {
      if (llm.mainResponseConfig != null && llm.mainResponseConfig.prompt != null) {
        details.add(new Detail("Prompt", Format.excerpt(llm.mainResponseConfig.prompt, TEXT_LENGTH)));
      }
      if (llm.llmsConfig != null) {
        details.add(new Detail("LLM", llm(llm.llmsConfig)));
      }
      details.add(new Detail("Waits for user", llm.waitForUserMessage ? "yes" : "no"));
      if (llm.structuredOutputSchema != null && llm.structuredOutputSchema.name != null) {
        details.add(new Detail("Structured output", llm.structuredOutputSchema.name));
      }
      if (llm.toolsConfig != null && llm.toolsConfig.tools != null && !llm.toolsConfig.tools.isEmpty()) {
        details.add(new Detail("Tools", String.join(", ", llm.toolsConfig.tools.stream()
            .map(tool -> tool.name == null ? String.valueOf(tool.type) : tool.name).toList())));
      }
    } else if (node instanceof SayStaticNode say && say.staticMessagesConfig != null) {
      List<String> messages = say.staticMessagesConfig.staticMessages == null
          ? List.of() : say.staticMessagesConfig.staticMessages;
      for (String message : messages) {
        details.add(new Detail("Says", Format.excerpt(message, TEXT_LENGTH)));
      }
    } else if (node instanceof ToolNode tool && tool.toolConfig != null) {
      details.add(new Detail("Tool", (tool.toolConfig.name == null ? "unnamed" : tool.toolConfig.name)
          + (tool.toolConfig.type == null ? "" : " (" + tool.toolConfig.type.wire() + ")")));
      details.add(new Detail("Result in", "[[" + tool.resultRuntimeVariableName + "]]"));
    } else if (node instanceof HttpRequestNode http) {
      details.add(new Detail("Request", http.method + " " + http.url));
      details.add(new Detail("Result in", "[[" + http.resultRuntimeVariableName + "]]"));
    } else if (node instanceof NoOpNode noOp && noOp.note != null) {
      details.add(new Detail("Note", Format.excerpt(noOp.note, TEXT_LENGTH)));
    } else if (node instanceof SendSmsNode sms) {
      details.add(new Detail("To", String.valueOf(sms.destinationPhoneNumber)));
    } else if (node instanceof WorkflowRunFetchNode fetch) {
      details.add(new Detail("Run", fetch.workflowRunId));
      details.add(new Detail("Result in", "[[" + fetch.resultRuntimeVariableName + "]]"));
    } else if (node instanceof OtherNode) {
      details.add(new Detail("Runs", "Stored as configured; Turnpoint does not execute this node type."));
    }
    return details;
  }

  private static EdgeRow edge(EdgeConfig edge, Map<String, String> names) {
    String condition = null;
    boolean expression = false;
    String companionThread = null;
    if (edge instanceof ConditionalEdge conditional && conditional.condition != null) {
      expression = notBlank(conditional.condition.conditionExpression);
      condition = condition(conditional.condition);
    } else if (edge instanceof DirectEdge direct && direct.startsCompanionThread()) {
      companionThread = direct.companionThreadConfig.threadId == null
          ? "companion" : direct.companionThreadConfig.threadId;
    } else if (edge instanceof CompanionEdge) {
      companionThread = "companion";
    }
    return new EdgeRow(edge.logicalId, edge.name, edge.type, name(names, edge.sourceNodeLogicalId),
        name(names, edge.destinationNodeLogicalId), edge.destinationNodeLogicalId, condition, expression,
        companionThread, edge.disabled);
  }

  private static List<Detail> settings(WorkflowConfig config) {
    List<Detail> settings = new ArrayList<>();
    if (config == null) {
      return settings;
    }
    if (notBlank(config.category)) {
      settings.add(new Detail("Category", config.category));
    }
    if (config.llmsConfig != null) {
      settings.add(new Detail("LLM", llm(config.llmsConfig)));
    }
    if (notBlank(config.defaultPromptPrefix)) {
      settings.add(new Detail("Prompt prefix", Format.excerpt(config.defaultPromptPrefix, TEXT_LENGTH)));
    }
    if (notBlank(config.defaultPromptSuffix)) {
      settings.add(new Detail("Prompt suffix", Format.excerpt(config.defaultPromptSuffix, TEXT_LENGTH)));
    }
    if (notBlank(config.globalConditionEvaluationMethod)) {
      settings.add(new Detail("Global conditions", config.globalConditionEvaluationMethod.replace('_', ' ')));
    }
    return settings;
  }

  private static String llm(LlmConfig config) {
    String type = config.type == null ? "" : config.type.wire();
    return notBlank(config.model) ? type + " · " + config.model : type;
  }

  private static String condition(ConditionConfig condition) {
    if (condition == null) {
      return null;
    }
    if (notBlank(condition.conditionExpression)) {
      return condition.conditionExpression;
    }
    return notBlank(condition.conditionFreeform) ? condition.conditionFreeform : null;
  }

  private static String displayName(NodeConfig node) {
    return notBlank(node.name) ? node.name : String.valueOf(node.logicalId);
  }

  private static String name(Map<String, String> names, String logicalId) {
    return logicalId == null ? "(none)" : names.getOrDefault(logicalId, logicalId + " (missing)");
  }

  private static boolean notBlank(String text) {
    return text != null && !text.isBlank();
  }
}
