package dev.turnpoint.engine.llm;

import dev.turnpoint.engine.llm.LlmConversation.Alternating;
import dev.turnpoint.engine.llm.LlmConversation.Answer;
import dev.turnpoint.engine.llm.LlmConversation.Turn;
import dev.turnpoint.model.workflow.LlmConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Calls Amazon Bedrock's Converse API ({@code bedrock_llm}):
 * {@code POST https://bedrock-runtime.<region>.amazonaws.com/model/<model>/converse}, the conversation as text
 * content blocks, {@code usage.inputTokens}/{@code outputTokens} read back. Structured output and freeform conditions
 * are forced tool calls ({@code toolChoice.tool}) whose {@code toolUse.input} is the answer; {@code model_kwargs} go
 * to {@code additionalModelRequestFields}. A reply call offers the node's tools ({@code toolConfig.tools}); the
 * answer's {@code toolUse} blocks are the calls it asks for, and each later round sends them back with a
 * {@code toolResult} per call.
 *
 * <p>Credentials, first found wins: the config's {@code api_key} (a Bedrock API key, sent as a bearer token), the
 * config's {@code aws_access_key_id}/{@code aws_secret_access_key} (SigV4, {@link AwsSigV4}), then the engine's
 * {@code bedrock_api_key}, then its {@code bedrock_access_key_id}/{@code bedrock_secret_access_key}
 * (+ {@code bedrock_session_token}). The region is the config's, else the engine's {@code bedrock_region}; it names
 * the host, so only lower-case letters, digits and dashes are accepted. The engine's {@code bedrock_base_url}, when
 * set, replaces the regional host (a VPC endpoint or a gateway). Every call passes the outbound check.
 */
public final class BedrockProvider implements LlmProvider {

  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,40}");
  private static final String SERVICE = "bedrock";

  /**
   * The engine's Bedrock settings.
   *
   * @param region          the region of configs without their own
   * @param baseUrl         replaces {@code https://bedrock-runtime.<region>.amazonaws.com} when set, else null
   * @param apiKey          the platform's Bedrock API key, or null
   * @param accessKeyId     the platform's access key id, or null
   * @param secretAccessKey the platform's secret access key, or null
   * @param sessionToken    the platform credential's session token, or null
   */
  public record Settings(String region, String baseUrl, String apiKey, String accessKeyId, String secretAccessKey,
                         String sessionToken) {
    @Override
    public String toString() {
      return "Settings[region=" + region + ", baseUrl=" + baseUrl + "]";
    }
  }

  private final LlmHttpExchange exchange;
  private final Settings settings;
  private final Clock clock;

  public BedrockProvider(LlmHttpExchange exchange, Settings settings) {
    this(exchange, settings, Clock.systemUTC());
  }

  BedrockProvider(LlmHttpExchange exchange, Settings settings, Clock clock) {
    this.exchange = exchange;
    this.settings = settings;
    this.clock = clock;
  }

  /** How a call authenticates: a bearer token or SigV4 credentials, and whether they are the workflow's own. */
  private record Auth(String bearer, AwsSigV4.Credentials credentials, boolean userKey) {
  }

  @Override
  public Future<LlmReply> call(LlmConfig config, LlmRequest request) {
    if (LlmConversation.blank(config.model)) {
      return Future.failedFuture(LlmException.configuration("llms_config of type bedrock_llm needs a model"));
    }
    String region = LlmConversation.blank(config.region) ? settings.region() : config.region.strip();
    if (region == null || !REGION.matcher(region).matches()) {
      return Future.failedFuture(LlmException.configuration("llms_config of type bedrock_llm has region '"
          + region + "', which is not an AWS region name"));
    }
    Auth auth;
    try {
      auth = auth(config);
    } catch (LlmException e) {
      return Future.failedFuture(e);
    }
    String base = LlmConversation.blank(settings.baseUrl())
        ? "https://bedrock-runtime." + region + ".amazonaws.com"
        : OpenAiSettings.withoutTrailingSlash(settings.baseUrl());
    String url = base + "/model/" + AwsSigV4.encode(config.model) + "/converse";
    Buffer body = requestBody(config, request).toBuffer();
    URI uri = URI.create(url);
    long started = System.nanoTime();
    return exchange.post(new LlmHttpExchange.Target(url, false), config, body, http -> {
      if (auth.bearer() != null) {
        http.putHeader("Authorization", "Bearer " + auth.bearer());
        return;
      }
      Map<String, String> signed = Map.of("host", authority(uri), "content-type", "application/json");
      AwsSigV4.sign("POST", uri, signed, body.getBytes(), auth.credentials(), region, SERVICE, clock.instant())
          .forEach(http::putHeader);
    }).map(response -> toReply(config, request, response, auth.userKey(), (System.nanoTime() - started) / 1_000_000));
  }

  private Auth auth(LlmConfig config) {
    if (!LlmConversation.blank(config.apiKey)) {
      return new Auth(config.apiKey, null, true);
    }
    boolean id = !LlmConversation.blank(config.awsAccessKeyId);
    boolean secret = !LlmConversation.blank(config.awsSecretAccessKey);
    if (id != secret) {
      throw LlmException.configuration("llms_config of type bedrock_llm needs both aws_access_key_id and "
          + "aws_secret_access_key, or neither");
    }
    if (id) {
      return new Auth(null, new AwsSigV4.Credentials(config.awsAccessKeyId, config.awsSecretAccessKey, null), true);
    }
    if (!LlmConversation.blank(settings.apiKey())) {
      return new Auth(settings.apiKey(), null, false);
    }
    if (!LlmConversation.blank(settings.accessKeyId()) && !LlmConversation.blank(settings.secretAccessKey())) {
      return new Auth(null, new AwsSigV4.Credentials(settings.accessKeyId(), settings.secretAccessKey(),
          settings.sessionToken()), false);
    }
    throw LlmException.configuration("llms_config of type bedrock_llm needs credentials: its own api_key or "
        + "aws_access_key_id/aws_secret_access_key, or the engine's bedrock_api_key or bedrock_access_key_id/"
        + "bedrock_secret_access_key");
  }

  /** The Host header as the client sends it: the port only when it is not the scheme's default. */
  static String authority(URI uri) {
    int port = uri.getPort();
    boolean defaultPort = port < 0 || port == 443 && "https".equalsIgnoreCase(uri.getScheme())
        || port == 80 && "http".equalsIgnoreCase(uri.getScheme());
    return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
  }

  static JsonObject requestBody(LlmConfig config, LlmRequest request) {
    Alternating conversation = LlmConversation.alternating(config, request, true);
    JsonArray messages = new JsonArray();
    for (Turn turn : conversation.turns()) {
      messages.add(new JsonObject().put("role", turn.role() == LlmConversation.Role.USER ? "user" : "assistant")
          .put("content", new JsonArray().add(new JsonObject().put("text", turn.text()))));
    }
    JsonObject body = new JsonObject().put("messages", messages);
    if (!conversation.system().isBlank()) {
      body.put("system", new JsonArray().add(new JsonObject().put("text", conversation.system())));
    }
    JsonObject inference = new JsonObject();
    if (config.maxTokens != null) {
      inference.put("maxTokens", config.maxTokens);
    }
    if (config.temperature != null) {
      inference.put("temperature", config.temperature);
    }
    if (!inference.isEmpty()) {
      body.put("inferenceConfig", inference);
    }
    JsonObject tool = switch (request.kind()) {
      case STRUCTURED -> toolSpec(LlmConversation.STRUCTURED_FUNCTION,
          LlmConversation.schemaDescription(request.schema()), LlmConversation.inputSchema(request.schema()));
      case DECISION -> toolSpec(LlmConversation.DECISION_FUNCTION, LlmConversation.decisionDescription(),
          LlmConversation.decisionParameters());
      case REPLY -> null;
    };
    if (tool != null) {
      body.put("toolConfig", new JsonObject().put("tools", new JsonArray().add(tool)).put("toolChoice",
          new JsonObject().put("tool", new JsonObject().put("name", tool.getJsonObject("toolSpec")
              .getString("name")))));
    } else if (request.offersTools()) {
      JsonArray tools = new JsonArray();
      request.tools().forEach(offered -> tools.add(toolSpec(offered.name(), offered.description(),
          offered.parameters())));
      body.put("toolConfig", new JsonObject().put("tools", tools));
      addToolRounds(request, messages);
    }
    if (config.modelKwargs != null && !config.modelKwargs.isEmpty()) {
      body.put("additionalModelRequestFields", config.modelKwargs.copy());
    }
    return body;
  }

  /** Each earlier round of tool use: the assistant's {@code toolUse} blocks, then the user's {@code toolResult}s. */
  private static void addToolRounds(LlmRequest request, JsonArray messages) {
    request.toolRounds().forEach(round -> round.appendTo(messages, "assistant", "user", "content",
        call -> new JsonObject().put("toolUse", new JsonObject().put("toolUseId", call.id())
            .put("name", call.name()).put("input", call.arguments())),
        (call, result) -> new JsonObject().put("toolResult", new JsonObject().put("toolUseId", call.id())
            .put("content", new JsonArray().add(new JsonObject().put("text", result))))));
  }

  private static JsonObject toolSpec(String name, String description, JsonObject schema) {
    return new JsonObject().put("toolSpec", new JsonObject().put("name", name).put("description", description)
        .put("inputSchema", new JsonObject().put("json", schema)));
  }

  private static LlmReply toReply(LlmConfig config, LlmRequest request, JsonObject response, boolean userKey,
                                  long latencyMillis) {
    JsonObject message = response.getJsonObject("output", new JsonObject()).getJsonObject("message");
    if (message == null) {
      throw LlmException.unavailable("the LLM answered without output.message", null);
    }
    StringBuilder text = new StringBuilder();
    boolean anyText = false;
    JsonObject structured = null;
    Boolean decision = null;
    List<LlmToolCall> toolCalls = new ArrayList<>();
    for (Object item : message.getJsonArray("content", new JsonArray())) {
      if (!(item instanceof JsonObject block)) {
        continue;
      }
      if (block.getValue("text") instanceof String blockText) {
        text.append(blockText);
        anyText = true;
      } else if (block.getValue("toolUse") instanceof JsonObject use) {
        Object input = use.getValue("input");
        if (request.offersTools() && use.getValue("name") instanceof String name) {
          String id = use.getValue("toolUseId") instanceof String given ? given : "tooluse_" + toolCalls.size();
          toolCalls.add(new LlmToolCall(id, name, input instanceof JsonObject object ? object : null));
        } else if (LlmConversation.DECISION_FUNCTION.equals(use.getString("name"))) {
          decision = LlmConversation.holds(input);
        } else if (LlmConversation.STRUCTURED_FUNCTION.equals(use.getString("name"))
            && input instanceof JsonObject object) {
          structured = object;
        }
      }
    }
    JsonObject usage = response.getJsonObject("usage", new JsonObject());
    return LlmConversation.reply(request, new Answer(anyText ? text.toString() : null, structured, decision),
        config.model, LlmGateway.providerLabel(config), LlmConversation.count(usage, "inputTokens"),
        LlmConversation.count(usage, "outputTokens"), latencyMillis, userKey).withToolCalls(toolCalls);
  }
}
