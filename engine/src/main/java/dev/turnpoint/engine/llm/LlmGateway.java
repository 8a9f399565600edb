package dev.turnpoint.engine.llm;

import dev.turnpoint.model.Json;
import dev.turnpoint.model.workflow.LlmConfig;
import dev.turnpoint.model.workflow.LlmGroupConfig;
import dev.turnpoint.model.workflow.LlmGroupWithBackchannelConfig;
import dev.turnpoint.model.workflow.LlmType;
import io.vertx.core.Future;

import java.util.EnumMap;
import java.util.Map;

/**
 * Picks the LLM settings that apply to a node and the provider that serves them.
 *
 * <p>Resolution (spec §4.7): the node's own {@code llms_config}; when it is absent or {@code global_default_llm}, the
 * workflow's; when that is absent, {@code global_default_llm} or {@code no_llm}, the platform default. A node whose
 * own config is {@code no_llm} has no model, and calling one fails. A type the gateway has no provider for fails with a
 * configuration error naming the type; {@link #standard} has one for every type.
 *
 * <p>{@code llm_group} configs are run by {@link LlmGroupCaller}; an {@code llm_group_with_backchannel} answers
 * through its main group here (the node runner adds the backchannel filler). A group's {@code global_default_llm}
 * members stand for the workflow's (or the platform's) LLM, resolved with the group.
 */
public final class LlmGateway {

  private final Map<LlmType, LlmProvider> providers;
  private final LlmConfig platformDefault;
  private final LlmGroupCaller groups = new LlmGroupCaller(this::answer);

  public LlmGateway(Map<LlmType, LlmProvider> providers, LlmConfig platformDefault) {
    this.providers = new EnumMap<>(providers);
    this.platformDefault = platformDefault;
  }

  /** The standard wiring: OpenAI-compatible types through {@code openAi}, {@code offline_llm} offline. */
  public static LlmGateway of(LlmProvider openAi, LlmProvider offline, LlmConfig platformDefault) {
    Map<LlmType, LlmProvider> providers = new EnumMap<>(LlmType.class);
    providers.put(LlmType.OPENAI_LLM, openAi);
    providers.put(LlmType.CUSTOM_LLM, openAi);
    providers.put(LlmType.OFFLINE_LLM, offline);
    return new LlmGateway(providers, platformDefault);
  }

  /**
   * Every provider type: {@code openai_llm}/{@code custom_llm} through {@code openAi}, {@code azure_openai_llm},
   * {@code anthropic_llm}, {@code google_llm}, {@code bedrock_llm} through theirs, {@code offline_llm} offline.
   */
  public static LlmGateway standard(LlmProvider openAi, LlmProvider azure, LlmProvider anthropic, LlmProvider google,
                                    LlmProvider bedrock, LlmProvider offline, LlmConfig platformDefault) {
    Map<LlmType, LlmProvider> providers = new EnumMap<>(LlmType.class);
    providers.put(LlmType.OPENAI_LLM, openAi);
    providers.put(LlmType.CUSTOM_LLM, openAi);
    providers.put(LlmType.AZURE_OPENAI_LLM, azure);
    providers.put(LlmType.ANTHROPIC_LLM, anthropic);
    providers.put(LlmType.GOOGLE_LLM, google);
    providers.put(LlmType.BEDROCK_LLM, bedrock);
    providers.put(LlmType.OFFLINE_LLM, offline);
    return new LlmGateway(providers, platformDefault);
  }

  public LlmConfig resolve(LlmConfig nodeConfig, LlmConfig workflowConfig) {
    if (nodeConfig != null && nodeConfig.type != null && nodeConfig.type != LlmType.GLOBAL_DEFAULT_LLM) {
      return nodeConfig.type.isGroup() ? withDefaultsResolved(nodeConfig, workflowConfig) : nodeConfig;
    }
    if (workflowConfig != null && workflowConfig.type != null && workflowConfig.type != LlmType.GLOBAL_DEFAULT_LLM
        && workflowConfig.type != LlmType.NO_LLM) {
      return workflowConfig.type.isGroup() ? withDefaultsResolved(workflowConfig, null) : workflowConfig;
    }
    return platformDefault;
  }

  /** A copy of a group whose {@code global_default_llm} members are replaced by the LLM they stand for. */
  private LlmConfig withDefaultsResolved(LlmConfig group, LlmConfig workflowConfig) {
    LlmConfig copy = Json.copy(group, LlmConfig.class);
    if (copy instanceof LlmGroupWithBackchannelConfig backchannel) {
      resolveMembers(backchannel.mainLlmConfig, workflowConfig);
      resolveMembers(backchannel.backchannelLlmConfig, workflowConfig);
    } else {
      resolveMembers((LlmGroupConfig) copy, workflowConfig);
    }
    return copy;
  }

  private void resolveMembers(LlmGroupConfig group, LlmConfig workflowConfig) {
    if (group == null || group.llms == null) {
      return;
    }
    group.llms.replaceAll(member -> member == null || member.type != LlmType.GLOBAL_DEFAULT_LLM ? member
        : resolve(null, workflowConfig));
  }

  /**
   * Calls {@code config} (resolved) and answers the reply used with every reply obtained: one for a single LLM, the
   * answered members for a group.
   */
  public Future<LlmAnswer> answer(LlmConfig config, LlmRequest request) {
    if (config instanceof LlmGroupConfig group) {
      return groups.call(group, request);
    }
    if (config instanceof LlmGroupWithBackchannelConfig backchannel) {
      if (backchannel.mainLlmConfig == null) {
        return Future.failedFuture(LlmException.configuration("llm_group_with_backchannel " + backchannel.id
            + " of node " + request.nodeLogicalId() + " has no main_llm_config"));
      }
      return groups.call(backchannel.mainLlmConfig, request);
    }
    return call(config, request).map(LlmAnswer::single);
  }

  public Future<LlmReply> call(LlmConfig config, LlmRequest request) {
    if (config != null && config.type != null && config.type.isGroup()) {
      return answer(config, request).map(LlmAnswer::reply);
    }
    if (config == null || config.type == null || config.type == LlmType.NO_LLM) {
      return Future.failedFuture(LlmException.configuration(
          "node " + request.nodeLogicalId() + " has no LLM (llms_config type no_llm) but needs one"));
    }
    LlmProvider provider = providers.get(config.type);
    if (provider == null) {
      return Future.failedFuture(LlmException.configuration(
          "LLM provider type '" + config.type.wire() + "' is not supported by Turnpoint; use openai_llm, custom_llm "
              + "(any OpenAI-compatible server) or offline_llm"));
    }
    try {
      return provider.call(config, request);
    } catch (LlmException e) {
      return Future.failedFuture(e);
    }
  }

  /** The label usage breakdowns use for a config: its explicit {@code provider}, else one derived from its type. */
  public static String providerLabel(LlmConfig config) {
    if (config.provider != null && !config.provider.isBlank() && !"default_provider".equals(config.provider)) {
      return config.provider;
    }
    return switch (config.type) {
      case OPENAI_LLM -> "openai";
      case CUSTOM_LLM -> "custom";
      case AZURE_OPENAI_LLM -> "azure_openai";
      case ANTHROPIC_LLM -> "anthropic";
      case GOOGLE_LLM -> "google";
      case BEDROCK_LLM -> "bedrock";
      case OFFLINE_LLM -> "offline";
      default -> config.type.wire();
    };
  }
}
