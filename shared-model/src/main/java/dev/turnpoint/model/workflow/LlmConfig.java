package dev.turnpoint.model.workflow;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * An {@code llms_config} (spec §4.7). One class carries the fields of every provider; {@link #type} says which apply.
 * {@link #apiKey} is a secret: responses redact it. The two group types read as their own subclasses,
 * {@link LlmGroupConfig} and {@link LlmGroupWithBackchannelConfig}; every other type reads as this class.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type",
    visible = true, defaultImpl = LlmConfig.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = LlmGroupConfig.class, name = "llm_group"),
    @JsonSubTypes.Type(value = LlmGroupWithBackchannelConfig.class, name = "llm_group_with_backchannel")
})
public class LlmConfig {
  public LlmType type = LlmType.NO_LLM;
  public String logicalId;
  public String namedLlmConfigId;
  public String namedLlmConfigName;
  public String provider = "default_provider";
  public boolean streaming = false;
  public int maxRetries = 3;
  public int maxParseRetries = 3;
  public Integer maxTokens;
  public Double temperature;
  public Integer requestTimeoutMs;
  public Integer seed;
  public JsonObject modelKwargs = new JsonObject();
  public String apiKey;
  public boolean doNotSplitSentences = false;
  public Integer truncatedMaxRecentMessages;

  public String model;
  public String baseUrl;
  public String organization;
  public String reasoningEffort;
  public String endpoint;
  public String apiVersion;
  public Integer thinkingBudget;
  public String region;
  public String awsAccessKeyId;
  public String awsSecretAccessKey;
  public Map<String, String> defaultHeaders;
  public Boolean rewriteBaseUrl;
  public Boolean verifySsl;
  public String responseUnwrapKey;
  public Boolean useResponsesApi;

  /**
   * For {@link LlmType#OFFLINE_LLM}: the scripted behaviour (ordered {@code rules} matched against the last user
   * message, {@code replies} used in turn, a {@code default_reply}, {@code structured_outputs}). The engine documents
   * the exact shape.
   */
  public JsonObject offline;
}
