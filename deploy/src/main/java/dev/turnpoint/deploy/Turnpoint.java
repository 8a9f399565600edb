package dev.turnpoint.deploy;

import dev.turnpoint.api.ApiVerticle;
import dev.turnpoint.console.ConsoleVerticle;
import dev.turnpoint.engine.EngineVerticle;
import dev.turnpoint.persistence.PersistenceVerticle;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.ApiKeyStore;
import dev.turnpoint.service.CreatedApiKey;
import dev.turnpoint.service.ServiceProxies;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running Turnpoint: persistence, API, engine and console verticles deployed in that order on one Vert.x instance,
 * the platform-admin key ensured and, on a first start, the samples imported. The store and the engine are worker
 * verticles: their work grows with the graphs and runs they handle (a large graph's BSON, a turn over it), and on a
 * worker thread it never holds up an event loop that serves HTTP clients; each still handles one message at a time.
 * The API comes before the engine so that the engine's outbound allow-list can name the port the API really listens
 * on ({@link TurnpointConfig#engine(int)}); a request in the moment between the two is answered 503.
 *
 * <p>{@link #start} and {@link #close} block until done, so call them from {@code main} or a test thread, never
 * from an event loop.
 */
public final class Turnpoint {

  static final String ADMIN_KEY_FILE = "admin-api-key";
  private static final long CLOSE_TIMEOUT_SECONDS = 15;

  private static final Logger LOG = LoggerFactory.getLogger(Turnpoint.class);

  private final Vertx vertx;
  private final TurnpointConfig config;
  private final int apiPort;
  private final int consolePort;
  private final Path adminKeyFile;
  private final boolean adminKeyCreated;

  private Turnpoint(Vertx vertx, TurnpointConfig config, int apiPort, int consolePort, Path adminKeyFile,
                    boolean adminKeyCreated) {
    this.vertx = vertx;
    this.config = config;
    this.apiPort = apiPort;
    this.consolePort = consolePort;
    this.adminKeyFile = adminKeyFile;
    this.adminKeyCreated = adminKeyCreated;
  }

  public static Turnpoint start(TurnpointConfig config) {
    Vertx vertx = Vertx.vertx();
    try {
      return start(vertx, config);
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  static Turnpoint start(Vertx vertx, TurnpointConfig config) {
    deploy(vertx, new PersistenceVerticle(), config.persistence(), ThreadingModel.WORKER);
    ApiVerticle api = new ApiVerticle();
    deploy(vertx, api, config.api(), ThreadingModel.EVENT_LOOP);
    int apiPort = api.actualPort();
    deploy(vertx, new EngineVerticle(), config.engine(apiPort), ThreadingModel.WORKER);
    ConsoleVerticle console = new ConsoleVerticle();
    deploy(vertx, console, config.console(), ThreadingModel.EVENT_LOOP);

    JsonObject server = config.server();
    String team = server.getString("bootstrap_team_id");
    ApiKeyStore keys = ServiceProxies.client(vertx, ApiKeyStore.class, Addresses.API_KEY_STORE);
    CreatedApiKey created = keys.bootstrapPlatformAdmin(team, server.getString("bootstrap_api_key")).await();
    Path keyFile = config.dataDir().resolve(ADMIN_KEY_FILE).toAbsolutePath().normalize();
    if (created != null) {
      writeOwnerOnly(keyFile, created.key() + System.lineSeparator());
      LOG.info("Created the platform-admin API key for team '{}'", team);
    }
    if (server.getBoolean("import_samples", true)) {
      // The HTTP sample calls Turnpoint's own API, wherever it listens, at the address the engine may reach.
      JsonObject localApi = new JsonObject().put("turnpoint_api_url", "http://" + TurnpointConfig.ownApi(apiPort));
      new SampleImporter(vertx, team, localApi).importIfEmpty();
    }
    return new Turnpoint(vertx, config, apiPort, console.port(), keyFile, created != null);
  }

  private static void deploy(Vertx vertx, io.vertx.core.Deployable verticle, JsonObject config,
                             ThreadingModel threading) {
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config).setThreadingModel(threading)).await();
  }

  /** Writes a secret so that only the owner can read it, whatever the umask. */
  static void writeOwnerOnly(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
      Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  public int apiPort() {
    return apiPort;
  }

  public int consolePort() {
    return consolePort;
  }

  public Path adminKeyFile() {
    return adminKeyFile;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The lines printed once Turnpoint answers requests. */
  public String banner(long startMillis) {
    String host = "localhost";
    String mongo = config.persistence().getString("mongo_uri") == null
        ? "embedded MongoDB, data in " + config.dataDir().toAbsolutePath().normalize()
        : "external MongoDB";
    StringBuilder text = new StringBuilder()
        .append("Turnpoint is ready in ").append(startMillis).append(" ms (").append(mongo).append(")\n")
        .append("  API      http://").append(host).append(':').append(apiPort).append("/workflows/v1\n")
        .append("  API docs http://").append(host).append(':').append(apiPort).append("/docs\n")
        .append("  Console  http://").append(host).append(':').append(consolePort).append("/\n");
    if (Files.exists(adminKeyFile)) {
      text.append("  Admin API key ").append(adminKeyCreated ? "created in " : "in ").append(adminKeyFile);
    } else {
      text.append("  Admin API key: created on an earlier start (its file is no longer in the data directory)");
    }
    return text.toString();
  }

  /**
   * Undeploys everything; the embedded MongoDB closes its files. Bounded, so that a SIGTERM always ends the process:
   * every acknowledged write is already durable, so giving up on a slow close loses nothing.
   */
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      LOG.warn("Turnpoint did not stop within {} s; exiting anyway", CLOSE_TIMEOUT_SECONDS);
    } catch (ExecutionException e) {
      LOG.warn("Turnpoint stopped with an error", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
