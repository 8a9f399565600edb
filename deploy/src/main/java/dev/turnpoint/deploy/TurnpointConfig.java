package dev.turnpoint.deploy;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turnpoint's one configuration: built-in defaults, then an optional JSON file, then {@code TURNPOINT_*} environment
 * variables, each overriding the one before. Each verticle gets its own slice ({@link #persistence()},
 * {@link #engine()}, {@link #api()}, {@link #console()}) and parses it into its own typed settings.
 */
public final class TurnpointConfig {

  /**
   * An environment variable and where its value goes in the configuration. What each one means, and its default, is
   * in the README's configuration table, which a test keeps listing every variable.
   */
  record EnvOverride(String variable, String slice, String key, Function<String, Object> parse) {
  }

  /** Engine key: whether the engine's outbound requests may reach the API's own 127.0.0.1 port (default true). */
  static final String OUTBOUND_ALLOW_OWN_API = "outbound_allow_own_api";

  static final List<EnvOverride> ENV_OVERRIDES = List.of(
      new EnvOverride("TURNPOINT_HTTP_PORT", "api", "http_port", TurnpointConfig::port),
      new EnvOverride("TURNPOINT_CONSOLE_PORT", "console", "http_port", TurnpointConfig::port),
      new EnvOverride("TURNPOINT_HOST", "server", "host", value -> value),
      new EnvOverride("TURNPOINT_DATA_DIR", "persistence", "data_dir", value -> value),
      new EnvOverride("TURNPOINT_MONGO_URI", "persistence", "mongo_uri", value -> value),
      new EnvOverride("TURNPOINT_MONGO_DATABASE", "persistence", "database", value -> value),
      new EnvOverride("TURNPOINT_EMBEDDED_MIN_FILL_PERCENT", "persistence", "embedded_min_fill_percent",
          Integer::parseInt),
      new EnvOverride("TURNPOINT_EMBEDDED_CHUNK_RETENTION_MS", "persistence", "embedded_chunk_retention_ms",
          Integer::parseInt),
      new EnvOverride("TURNPOINT_EMBEDDED_CACHE_MB", "persistence", "embedded_cache_mb", Integer::parseInt),
      new EnvOverride("TURNPOINT_BOOTSTRAP_API_KEY", "server", "bootstrap_api_key", value -> value),
      new EnvOverride("TURNPOINT_OPENAI_BASE_URL", "engine", "openai_base_url", value -> value),
      new EnvOverride("TURNPOINT_OPENAI_API_KEY", "engine", "openai_api_key", value -> value),
      new EnvOverride("TURNPOINT_AZURE_OPENAI_ENDPOINT", "engine", "azure_openai_endpoint", value -> value),
      new EnvOverride("TURNPOINT_AZURE_OPENAI_API_KEY", "engine", "azure_openai_api_key", value -> value),
      new EnvOverride("TURNPOINT_AZURE_OPENAI_API_VERSION", "engine", "azure_openai_api_version", value -> value),
      new EnvOverride("TURNPOINT_ANTHROPIC_BASE_URL", "engine", "anthropic_base_url", value -> value),
      new EnvOverride("TURNPOINT_ANTHROPIC_API_KEY", "engine", "anthropic_api_key", value -> value),
      new EnvOverride("TURNPOINT_ANTHROPIC_VERSION", "engine", "anthropic_version", value -> value),
      new EnvOverride("TURNPOINT_ANTHROPIC_MAX_TOKENS", "engine", "anthropic_max_tokens", Integer::parseInt),
      new EnvOverride("TURNPOINT_GOOGLE_BASE_URL", "engine", "google_base_url", value -> value),
      new EnvOverride("TURNPOINT_GOOGLE_API_KEY", "engine", "google_api_key", value -> value),
      new EnvOverride("TURNPOINT_BEDROCK_REGION", "engine", "bedrock_region", value -> value),
      new EnvOverride("TURNPOINT_BEDROCK_BASE_URL", "engine", "bedrock_base_url", value -> value),
      new EnvOverride("TURNPOINT_BEDROCK_API_KEY", "engine", "bedrock_api_key", value -> value),
      new EnvOverride("TURNPOINT_BEDROCK_ACCESS_KEY_ID", "engine", "bedrock_access_key_id", value -> value),
      new EnvOverride("TURNPOINT_BEDROCK_SECRET_ACCESS_KEY", "engine", "bedrock_secret_access_key", value -> value),
      new EnvOverride("TURNPOINT_BEDROCK_SESSION_TOKEN", "engine", "bedrock_session_token", value -> value),
      new EnvOverride("TURNPOINT_OUTBOUND_ALLOW", "engine", "outbound_allow", TurnpointConfig::list),
      new EnvOverride("TURNPOINT_OUTBOUND_MAX_RESPONSE_BYTES", "engine", "outbound_max_response_bytes",
          Long::parseLong),
      new EnvOverride("TURNPOINT_MAX_CONCURRENT_EVALUATIONS", "engine", "max_concurrent_evaluations",
          Integer::parseInt),
      new EnvOverride("TURNPOINT_OUTBOUND_ALLOW_OWN_API", "engine", OUTBOUND_ALLOW_OWN_API, TurnpointConfig::flag),
      new EnvOverride("TURNPOINT_MAX_RENDERED_CHARS", "engine", "max_rendered_chars", Long::parseLong),
      new EnvOverride("TURNPOINT_MAX_VARIABLE_BYTES", "engine", "max_variable_bytes", Long::parseLong),
      new EnvOverride("TURNPOINT_MAX_RUN_VARIABLES_BYTES", "engine", "max_run_variables_bytes", Long::parseLong),
      new EnvOverride("TURNPOINT_MAX_HISTORY_MESSAGES", "engine", "max_history_messages", Integer::parseInt),
      new EnvOverride("TURNPOINT_MAX_HISTORY_BYTES", "engine", "max_history_bytes", Long::parseLong),
      new EnvOverride("TURNPOINT_MAX_TURN_OUTPUT_BYTES", "engine", "max_turn_output_bytes", Long::parseLong),
      new EnvOverride("TURNPOINT_SMS_PROVIDER", "engine", "sms_provider", value -> value),
      new EnvOverride("TURNPOINT_SMS_WEBHOOK_URL", "engine", "sms_webhook_url", value -> value),
      new EnvOverride("TURNPOINT_SMS_WEBHOOK_TIMEOUT_MS", "engine", "sms_webhook_timeout_ms", Long::parseLong),
      new EnvOverride("TURNPOINT_PYTHON_INTERPRETER", "engine", "python_interpreter", value -> value),
      new EnvOverride("TURNPOINT_PYTHON_BWRAP", "engine", "python_bwrap", value -> value),
      new EnvOverride("TURNPOINT_PYTHON_PRLIMIT", "engine", "python_prlimit", value -> value),
      new EnvOverride("TURNPOINT_PYTHON_CPU_SECONDS", "engine", "python_cpu_seconds", Integer::parseInt),
      new EnvOverride("TURNPOINT_PYTHON_WALL_TIMEOUT_MS", "engine", "python_wall_timeout_ms", Long::parseLong),
      new EnvOverride("TURNPOINT_PYTHON_MEMORY_MB", "engine", "python_memory_mb", Integer::parseInt),
      new EnvOverride("TURNPOINT_PYTHON_MAX_OUTPUT_BYTES", "engine", "python_max_output_bytes", Integer::parseInt),
      new EnvOverride("TURNPOINT_PYTHON_MAX_OPEN_FILES", "engine", "python_max_open_files", Integer::parseInt),
      new EnvOverride("TURNPOINT_PYTHON_MAX_CONCURRENT", "engine", "python_max_concurrent", Integer::parseInt),
      new EnvOverride("TURNPOINT_BODY_LIMIT_BYTES", "api", "body_limit_bytes", Long::parseLong),
      new EnvOverride("TURNPOINT_API_MAX_JSON_DEPTH", "api", "max_json_depth", Integer::parseInt),
      new EnvOverride("TURNPOINT_API_MAX_CONNECTIONS", "api", "max_connections", Integer::parseInt),
      new EnvOverride("TURNPOINT_API_REQUEST_READ_TIMEOUT_MILLIS", "api", "request_read_timeout_millis",
          Long::parseLong),
      new EnvOverride("TURNPOINT_API_IDLE_TIMEOUT_SECONDS", "api", "idle_timeout_seconds", Integer::parseInt),
      new EnvOverride("TURNPOINT_API_MAX_HEADER_BYTES", "api", "max_header_bytes", Integer::parseInt),
      new EnvOverride("TURNPOINT_API_MAX_INITIAL_LINE_BYTES", "api", "max_initial_line_bytes", Integer::parseInt),
      new EnvOverride("TURNPOINT_API_MAX_ANSWER_BYTES_IN_FLIGHT", "api", "max_answer_bytes_in_flight", Long::parseLong),
      new EnvOverride("TURNPOINT_API_MAX_WORKFLOW_BYTES", "api", "max_workflow_bytes", Integer::parseInt),
      new EnvOverride("TURNPOINT_API_MAX_WORKFLOW_NODES", "api", "max_workflow_nodes", Integer::parseInt),
      new EnvOverride("TURNPOINT_API_MAX_WORKFLOW_EDGES", "api", "max_workflow_edges", Integer::parseInt),
      new EnvOverride("TURNPOINT_API_MAX_GLOBAL_NODES", "api", "max_global_nodes", Integer::parseInt),
      new EnvOverride("TURNPOINT_API_MAX_WORKFLOW_TEXT_CHARS", "api", "max_workflow_text_chars", Integer::parseInt),
      new EnvOverride("TURNPOINT_API_MAX_CONDITION_EXPRESSION_CHARS", "api", "max_condition_expression_chars",
          Integer::parseInt),
      new EnvOverride("TURNPOINT_API_MAX_CONDITION_EXPRESSION_DEPTH", "api", "max_condition_expression_depth",
          Integer::parseInt),
      new EnvOverride("TURNPOINT_API_RATE_PER_KEY", "api", "rate_limit_per_key", Double::parseDouble),
      new EnvOverride("TURNPOINT_API_BURST_PER_KEY", "api", "rate_limit_per_key_burst", Integer::parseInt),
      new EnvOverride("TURNPOINT_API_RATE_PER_ADDRESS", "api", "rate_limit_per_address", Double::parseDouble),
      new EnvOverride("TURNPOINT_API_BURST_PER_ADDRESS", "api", "rate_limit_per_address_burst", Integer::parseInt),
      new EnvOverride("TURNPOINT_API_RATE_TRACKED_CLIENTS", "api", "rate_limit_tracked_clients", Integer::parseInt),
      new EnvOverride("TURNPOINT_SAMPLES", "server", "import_samples", Boolean::parseBoolean),
      new EnvOverride("TURNPOINT_CONSOLE_PUBLIC_ORIGIN", "console", "public_origin", value -> value),
      new EnvOverride("TURNPOINT_CONSOLE_TRUST_FORWARDED_HEADERS", "console", "trust_forwarded_headers",
          Boolean::parseBoolean),
      new EnvOverride("TURNPOINT_CONSOLE_SESSION_TIMEOUT_MINUTES", "console", "session_timeout_minutes",
          Double::parseDouble),
      new EnvOverride("TURNPOINT_CONSOLE_MAX_SESSIONS", "console", "max_sessions", Integer::parseInt),
      new EnvOverride("TURNPOINT_CONSOLE_KEY_CHECK_INTERVAL_MS", "console", "key_check_interval_ms", Long::parseLong),
      new EnvOverride("TURNPOINT_CONSOLE_SIGN_IN_MAX_FAILURES", "console", "sign_in_max_failures", Integer::parseInt),
      new EnvOverride("TURNPOINT_CONSOLE_SIGN_IN_FAILURE_WINDOW_SECONDS", "console", "sign_in_failure_window_seconds",
          Integer::parseInt),
      new EnvOverride("TURNPOINT_CONSOLE_SIGN_IN_TRACKED_ADDRESSES", "console", "sign_in_tracked_addresses",
          Integer::parseInt),
      new EnvOverride("TURNPOINT_CONSOLE_MAX_CONNECTIONS", "console", "max_connections", Integer::parseInt),
      new EnvOverride("TURNPOINT_CONSOLE_IDLE_TIMEOUT_SECONDS", "console", "idle_timeout_seconds", Integer::parseInt),
      new EnvOverride("TURNPOINT_CONSOLE_MAX_HEADER_SIZE_BYTES", "console", "max_header_size_bytes", Integer::parseInt),
      new EnvOverride("TURNPOINT_CONSOLE_MAX_INITIAL_LINE_LENGTH", "console", "max_initial_line_length",
          Integer::parseInt));

  private final JsonObject root;

  private TurnpointConfig(JsonObject root) {
    this.root = root;
  }

  /** Defaults, overridden by {@code file} when it is given, overridden by {@code environment}. */
  public static TurnpointConfig load(Path file, Map<String, String> environment) {
    JsonObject root = defaults();
    if (file != null) {
      root.mergeIn(readFile(file), true);
    }
    for (EnvOverride override : ENV_OVERRIDES) {
      String value = environment.get(override.variable());
      if (value == null || value.isBlank()) {
        continue;
      }
      Object parsed;
      try {
        parsed = override.parse().apply(value.trim());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(override.variable() + " has an invalid value '" + value + "': "
            + e.getMessage(), e);
      }
      slice(root, override.slice()).put(override.key(), parsed);
    }
    return new TurnpointConfig(root);
  }

  private static JsonObject defaults() {
    return new JsonObject()
        .put("server", new JsonObject()
            .put("host", "0.0.0.0")
            .put("bootstrap_api_key", null)
            .put("bootstrap_team_id", "default")
            .put("import_samples", true))
        .put("persistence", new JsonObject()
            .put("mongo_uri", null)
            .put("database", "turnpoint")
            .put("data_dir", "./data")
            .put("embedded_backend", "h2"))
        .put("engine", new JsonObject())
        .put("api", new JsonObject().put("http_port", 8080))
        .put("console", new JsonObject().put("http_port", 8081));
  }

  private static JsonObject readFile(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the configuration file " + file + ": " + e.getMessage(), e);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("the configuration file " + file + " is not valid JSON: "
          + e.getMessage(), e);
    }
  }

  private static JsonObject slice(JsonObject root, String name) {
    JsonObject slice = root.getJsonObject(name);
    if (slice == null) {
      slice = new JsonObject();
      root.put(name, slice);
    }
    return slice;
  }

  private static Object list(String value) {
    return new JsonArray(Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList());
  }

  private static Object flag(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("expected true or false");
    };
  }

  private static Object port(String value) {
    int port = Integer.parseInt(value);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("a port is between 0 and 65535");
    }
    return port;
  }

  /** Settings of Main itself: host, bootstrap key, samples. */
  public JsonObject server() {
    return root.getJsonObject("server");
  }

  public JsonObject persistence() {
    return root.getJsonObject("persistence");
  }

  public JsonObject engine() {
    return root.getJsonObject("engine");
  }

  /**
   * The engine slice as the engine gets it once the API listens on {@code apiPort}: unless
   * {@value #OUTBOUND_ALLOW_OWN_API} is false, {@code 127.0.0.1:<apiPort>} is added to its {@code outbound_allow}, so
   * that a workflow can call Turnpoint's own API (the API-check sample does) while the rest of loopback stays refused.
   * The API checks every call's key like any other client's.
   */
  public JsonObject engine(int apiPort) {
    JsonObject slice = engine().copy();
    Object allowOwnApi = slice.remove(OUTBOUND_ALLOW_OWN_API);
    if (allowOwnApi != null && !(allowOwnApi instanceof Boolean)) {
      throw new IllegalArgumentException("engine." + OUTBOUND_ALLOW_OWN_API + " must be true or false");
    }
    if (Boolean.FALSE.equals(allowOwnApi)) {
      return slice;
    }
    Object allow = slice.getValue("outbound_allow");
    if (allow == null) {
      slice.put("outbound_allow", new JsonArray().add(ownApi(apiPort)));
    } else if (allow instanceof JsonArray entries) {
      // Anything else is not a list: the engine reports it as it is.
      slice.put("outbound_allow", entries.copy().add(ownApi(apiPort)));
    }
    return slice;
  }

  /** Where Turnpoint's own API listens for the engine's requests: {@code 127.0.0.1:<apiPort>}. */
  static String ownApi(int apiPort) {
    return "127.0.0.1:" + apiPort;
  }

  /** The api slice, with the server's host unless the slice names its own. */
  public JsonObject api() {
    return withHost(root.getJsonObject("api"));
  }

  public JsonObject console() {
    return withHost(root.getJsonObject("console"));
  }

  public Path dataDir() {
    return Path.of(persistence().getString("data_dir"));
  }

  private JsonObject withHost(JsonObject slice) {
    JsonObject copy = slice.copy();
    if (!copy.containsKey("host")) {
      copy.put("host", server().getString("host"));
    }
    return copy;
  }
}
