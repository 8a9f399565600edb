package dev.turnpoint.persistence;

import dev.turnpoint.persistence.embedded.EmbeddedMongoServer;
import dev.turnpoint.persistence.runs.MongoRunStore;
import dev.turnpoint.service.Addresses;
import dev.turnpoint.service.ApiKeyStore;
import dev.turnpoint.service.RunStore;
import dev.turnpoint.service.ServiceProxies;
import dev.turnpoint.service.WorkflowStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds the store services on the event bus, backed by MongoDB. The only place in Turnpoint that talks to the
 * database.
 *
 * <p>Configuration ({@link PersistenceConfig}): {@code mongo_uri} (absent: an embedded server is started in this
 * process), {@code database} ({@code "turnpoint"}), {@code data_dir} ({@code "./data"}),
 * {@code embedded_backend} ({@code "h2"}, or {@code "memory"}), and how the embedded H2 file reclaims its space:
 * {@code embedded_min_fill_percent} ({@code 80}), {@code embedded_chunk_retention_ms} ({@code 0}) and
 * {@code embedded_cache_mb} ({@code 4}).
 * {@link #start()} completes once the database is reachable, the indexes exist and every service is registered.
 * Deploy a single instance: each instance would start its own embedded server.
 *
 * <p>With the embedded server, {@link #start()} also releases every turn lease left in the store
 * ({@link MongoRunStore#releaseLeftoverLeases()}), so a run that was mid-turn when the previous process died takes its
 * next turn at once instead of after its lease ran out. That is safe because the embedded store belongs to this
 * process alone: its H2 file stays locked by the process that opened it (a second one fails to open it), its wire
 * server listens on a port chosen afresh at this start, and the release happens before the services are registered,
 * so before this process can begin a turn. Every lease found was therefore taken by a process that no longer runs,
 * and its turn was never answered (an answered turn was committed, which released its lease). A MongoDB given by
 * {@code mongo_uri} may be shared by other, live instances; there a lease is never released for its holder, it runs
 * out after {@code turn_lease_ms} unless that holder keeps renewing it.
 *
 * <p>Tests of other modules get a throw-away database by deploying
 * {@code new PersistenceVerticle()} with the config {@code {"embedded_backend": "memory"}}; the services are then at
 * {@link Addresses#WORKFLOW_STORE}, {@link Addresses#RUN_STORE} and {@link Addresses#API_KEY_STORE}.
 */
public class PersistenceVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PersistenceVerticle.class);

  private final Clock leaseClock;
  private final List<MessageConsumer<String>> consumers = new ArrayList<>();
  private EmbeddedMongoServer embeddedServer;
  private MongoClient mongo;

  /** The store services, their turn leases timed by the system clock. */
  public PersistenceVerticle() {
    this(Clock.systemUTC());
  }

  /** The store services, their turn leases timed by {@code leaseClock}: tests of lease expiry move it. */
  public PersistenceVerticle(Clock leaseClock) {
    this.leaseClock = leaseClock;
  }

  @Override
  public Future<?> start() {
    PersistenceConfig settings = PersistenceConfig.from(config());
    return connectionString(settings)
        .map(uri -> mongo = MongoClient.create(vertx, clientConfig(settings, uri)))
        .compose(client -> MongoIndexes.ensure(client, settings.embedded()))
        .compose(indexed -> {
          MongoRunStore runs = new MongoRunStore(mongo, leaseClock);
          return (settings.embedded() ? releaseLeftoverLeases(runs) : Future.<Void>succeededFuture())
              .compose(released -> registerServices(runs));
        })
        .recover(failure -> stop().transform(stopped -> Future.failedFuture(failure)));
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> unregistered = consumers.stream().<Future<?>>map(MessageConsumer::unregister).toList();
    return Future.join(unregistered)
        .transform(done -> mongo == null ? Future.succeededFuture() : mongo.close())
        .transform(done -> stopEmbeddedServer());
  }

  private Future<String> connectionString(PersistenceConfig settings) {
    if (!settings.embedded()) {
      return Future.succeededFuture(settings.mongoUri());
    }
    return vertx.executeBlocking(() -> EmbeddedMongoServer.start(settings))
        .map(server -> {
          embeddedServer = server;
          LOG.info("Embedded MongoDB ({} backend) listening at {}", settings.embeddedBackend(),
              server.connectionString());
          return server.connectionString();
        });
  }

  private static JsonObject clientConfig(PersistenceConfig settings, String uri) {
    JsonObject config = new JsonObject()
        .put("connection_string", uri)
        .put("db_name", settings.database());
    if (!settings.embedded()) {
      // An acknowledged write must survive the loss of the primary.
      config.put("w", "majority");
    }
    return config;
  }

  private static Future<Void> releaseLeftoverLeases(MongoRunStore runs) {
    return runs.releaseLeftoverLeases().map(released -> {
      if (released > 0) {
        LOG.info("Released {} turn lease(s) left by the previous process: those runs take turns again", released);
      }
      return null;
    });
  }

  private Future<Void> registerServices(MongoRunStore runs) {
    return Future.all(
        register(WorkflowStore.class, Addresses.WORKFLOW_STORE, new MongoWorkflowStore(mongo)),
        register(RunStore.class, Addresses.RUN_STORE, runs),
        register(ApiKeyStore.class, Addresses.API_KEY_STORE, new MongoApiKeyStore(mongo, vertx.eventBus()))
    ).mapEmpty();
  }

  private <T> Future<Void> register(Class<T> contract, String address, T implementation) {
    return ServiceProxies.register(vertx, contract, address, implementation)
        .map(consumer -> {
          consumers.add(consumer);
          return null;
        });
  }

  private Future<Void> stopEmbeddedServer() {
    if (embeddedServer == null) {
      return Future.succeededFuture();
    }
    EmbeddedMongoServer server = embeddedServer;
    embeddedServer = null;
    return vertx.executeBlocking(() -> {
      server.shutdown();
      return null;
    });
  }
}
