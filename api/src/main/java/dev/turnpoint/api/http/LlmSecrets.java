package dev.turnpoint.api.http;

import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.LlmGroupConfig;
import dev.turnpoint.model.workflow.LlmGroupWithBackchannelConfig;
import dev.turnpoint.model.workflow.LlmNode;
import dev.turnpoint.model.workflow.NodeConfig;
import dev.turnpoint.model.workflow.WorkflowConfig;
import dev.turnpoint.model.workflow.WorkflowConfigFullyHydrated;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Provider credentials inside {@code llms_config} objects are never sent back: responses show {@link #MASK} in their
 * place, members of LLM groups included. A config saved with the mask where a credential was keeps the stored
 * credential (a group member's: the one at the same position), so a client can send back what it read without losing
 * the key.
 */
public final class LlmSecrets {

  public static final String MASK = "**********";
  private static final String LLMS_CONFIG = "llms_config";
  private static final List<String> SECRET_FIELDS = List.of("api_key", "aws_secret_access_key");
  /** Fields of an LLM group that hold further LLM configs (a list of them for {@code llms}). */
  private static final List<String> NESTED_CONFIGS = List.of("llms", "main_llm_config", "backchannel_llm_config");

  private LlmSecrets() {
  }

  /** Masks every credential of every {@code llms_config} anywhere in {@code json}; answers {@code json}. */
  public static JsonObject redact(JsonObject json) {
    redactValue(json, false);
    return json;
  }

  @SuppressWarnings("unchecked")
  private static void redactValue(Object value, boolean insideLlmConfig) {
    if (value instanceof JsonObject object) {
      redactValue(object.getMap(), insideLlmConfig);
    } else if (value instanceof JsonArray array) {
      array.getList().forEach(item -> redactValue(item, insideLlmConfig));
    } else if (value instanceof List<?> list) {
      list.forEach(item -> redactValue(item, insideLlmConfig));
    } else if (value instanceof Map<?, ?> map) {
      Map<String, Object> fields = (Map<String, Object>) map;
      if (insideLlmConfig) {
        SECRET_FIELDS.forEach(secret -> fields.computeIfPresent(secret, (name, stored) -> MASK));
      }
      fields.forEach((name, child) -> redactValue(child,
          LLMS_CONFIG.equals(name) || insideLlmConfig && NESTED_CONFIGS.contains(name)));
    }
  }

  /** Where {@code incoming} carries the mask, puts back the credential {@code stored} has in the same place. */
  public static void restore(WorkflowConfigFullyHydrated incoming, WorkflowConfigFullyHydrated stored) {
    restore(incoming.workflowConfig, stored == null ? null : stored.workflowConfig);
    for (NodeConfig node : incoming.nodeConfigs) {
      if (node instanceof LlmNode llmNode && llmNode.llmsConfig != null) {
        Optional<LlmConfig> previous = Optional.ofNullable(stored)
            .flatMap(graph -> graph.node(node.logicalId))
            .filter(LlmNode.class::isInstance)
            .map(match -> ((LlmNode) match).llmsConfig);
        restore(llmNode.llmsConfig, previous.orElse(null));
      }
    }
  }

  private static void restore(WorkflowConfig incoming, WorkflowConfig stored) {
    if (incoming != null && incoming.llmsConfig != null) {
      restore(incoming.llmsConfig, stored == null ? null : stored.llmsConfig);
    }
  }

  private static void restore(LlmConfig incoming, LlmConfig stored) {
    if (incoming instanceof LlmGroupConfig group) {
      List<LlmConfig> previous = stored instanceof LlmGroupConfig storedGroup ? storedGroup.llms : List.of();
      for (int i = 0; i < group.llms.size(); i++) {
        if (group.llms.get(i) != null) {
          restore(group.llms.get(i), i < previous.size() ? previous.get(i) : null);
        }
      }
    } else if (incoming instanceof LlmGroupWithBackchannelConfig backchannel) {
      LlmGroupWithBackchannelConfig previous = stored instanceof LlmGroupWithBackchannelConfig storedBackchannel
          ? storedBackchannel : null;
      if (backchannel.mainLlmConfig != null) {
        restore(backchannel.mainLlmConfig, previous == null ? null : previous.mainLlmConfig);
      }
      if (backchannel.backchannelLlmConfig != null) {
        restore(backchannel.backchannelLlmConfig, previous == null ? null : previous.backchannelLlmConfig);
      }
    }
    if (Objects.equals(incoming.apiKey, MASK)) {
      incoming.apiKey = stored == null ? null : stored.apiKey;
    }
    if (Objects.equals(incoming.awsSecretAccessKey, MASK)) {
      incoming.awsSecretAccessKey = stored == null ? null : stored.awsSecretAccessKey;
    }
  }
}
