package dev.turnpoint.deploy;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turnpoint's one configuration: built-in defaults, then an optional JSON file, then {@code TURNPOINT_*} environment
 * variables, each overriding the one before. Each verticle gets its own slice ({@link #persistence()},
 * {@link #engine()}, {@link #api()}, {@link #console()}) and parses it into its own typed settings.
 */
public final class TurnpointConfig {

  /** An environment variable and where its value goes in the configuration. */
  record EnvOverride(String variable, String slice, String key, Function<String, Object> parse,
                     String description) {
  }

  static final List<EnvOverride> ENV_OVERRIDES = List.of(
      new EnvOverride("TURNPOINT_HTTP_PORT", "api", "http_port", TurnpointConfig::port,
          "Port of the REST API and its docs (default 8080)"),
      new EnvOverride("TURNPOINT_CONSOLE_PORT", "console", "http_port", TurnpointConfig::port,
          "Port of the browser console (default 8081)"),
      new EnvOverride("TURNPOINT_HOST", "server", "host", value -> value,
          "Interface both servers listen on (default 0.0.0.0)"),
      new EnvOverride("TURNPOINT_DATA_DIR", "persistence", "data_dir", value -> value,
          "Where the embedded MongoDB keeps its files and the admin key file (default ./data)"),
      new EnvOverride("TURNPOINT_MONGO_URI", "persistence", "mongo_uri", value -> value,
          "Connection string of an external MongoDB 6+; unset = embedded MongoDB"),
      new EnvOverride("TURNPOINT_MONGO_DATABASE", "persistence", "database", value -> value,
          "Database name (default turnpoint)"),
      new EnvOverride("TURNPOINT_EMBEDDED_MIN_FILL_PERCENT", "persistence", "embedded_min_fill_percent",
          Integer::parseInt, "Embedded MongoDB: share of live data below which it rewrites sparse parts of its file"
          + " (default 80, 0 never)"),
      new EnvOverride("TURNPOINT_EMBEDDED_CHUNK_RETENTION_MS", "persistence", "embedded_chunk_retention_ms",
          Integer::parseInt, "Embedded MongoDB: how long a part of its file without live data is kept (default 0)"),
      new EnvOverride("TURNPOINT_BOOTSTRAP_API_KEY", "server", "bootstrap_api_key", value -> value,
          "Platform-admin API key to create on first start instead of a random one"),
      new EnvOverride("TURNPOINT_OPENAI_BASE_URL", "engine", "openai_base_url", value -> value,
          "Base URL of the OpenAI-compatible API for openai_llm nodes (default https://api.openai.com/v1)"),
      new EnvOverride("TURNPOINT_OPENAI_API_KEY", "engine", "openai_api_key", value -> value,
          "API key for openai_llm nodes that bring none of their own"),
      new EnvOverride("TURNPOINT_BODY_LIMIT_BYTES", "api", "body_limit_bytes", Long::parseLong,
          "Largest request body the API accepts (default 5242880, 5 MB)"),
      new EnvOverride("TURNPOINT_SAMPLES", "server", "import_samples", Boolean::parseBoolean,
          "Import the sample workflows and runs into an empty store (default true)"));

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
