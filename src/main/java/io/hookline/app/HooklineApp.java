package io.hookline.app;

import io.hookline.admin.AdminVerticle;
import io.hookline.bus.LocalCodec;
import io.hookline.config.DatabaseUrl;
import io.hookline.config.HooklineConfig;
import io.hookline.delivery.DeliveryBatch;
import io.hookline.delivery.DeliveryVerticle;
import io.hookline.delivery.FailurePolicy;
import io.hookline.webhook.UrlPolicy;
import io.hookline.fanout.FanoutBatch;
import io.hookline.fanout.FanoutVerticle;
import io.hookline.fanout.RedriveVerticle;
import io.hookline.ingest.IngestVerticle;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.notify.NotifierVerticle;
import io.hookline.webhook.ChangeFeed;
import io.hookline.store.Database;
import io.hookline.store.RetentionVerticle;
import io.hookline.webhook.Subscriptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main verticle: prepares the database (create, migrate), builds the shared {@link AppContext}, then deploys
 * delivery, fan-out, ingest and admin verticles in that order, so nothing accepts work it cannot pass on.
 */
public final class HooklineApp extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HooklineApp.class);
  private static final long HEARTBEAT_MS = 2000;

  private final HooklineConfig config;
  private final Clock clock;
  private final HooklineMetrics metrics;
  private AppContext app;
  private Pool pool;
  private ChangeFeed changeFeed;
  private long heartbeat = -1;
  /** Deployment ids by shutdown order: ingest, fan-out + re-drive, delivery, the rest. */
  private final List<List<String>> stages = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
      new ArrayList<>());

  public HooklineApp(HooklineConfig config) {
    this(config, Clock.systemUTC(), HooklineMetrics.standalone());
  }

  /** {@code metrics} should wrap the registry the Vert.x instance reports its own metrics to. */
  public HooklineApp(HooklineConfig config, Clock clock, HooklineMetrics metrics) {
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Available once started. */
  public AppContext app() {
    return app;
  }

  @Override
  public Future<?> start() {
    DatabaseUrl url = DatabaseUrl.parse(config.dbUrl());
    return Database.ensureExists(vertx, url)
        .recover(err -> Future.failedFuture(new StartupException("PostgreSQL at " + url.redacted()
            + " is not reachable (" + err.getMessage() + "); start it or point HOOKLINE_DB_URL at a running server")))
        .compose(v -> Database.migrate(vertx, url))
        .compose(migrations -> {
          if (migrations > 0) {
            LOG.info("Database {} migrated ({} migrations applied)", url.redacted(), migrations);
          }
          int loops = eventLoops(config);
          pool = Database.pool(vertx, url, config.dbPoolSize(), "hookline");
          Subscriptions subscriptions = new Subscriptions(pool);
          FailurePolicy failurePolicy = new FailurePolicy(config.failureThreshold(), subscriptions,
              () -> vertx.eventBus().publish(NotifierVerticle.WAKE, null));
          app = new AppContext(config, pool, UUID.randomUUID(), subscriptions, clock,
              new UrlPolicy(vertx, config.allowPrivateTargets()), failurePolicy, loops, metrics);
          metrics.gauge("hookline.delivery.queue.depth", "Deliveries waiting in memory, all webhooks",
              app.deliveryBudget()::used);
          metrics.gauge("hookline.pending.events.in.memory", "Accepted events this process is working on",
              app.inFlight()::size);
          changeFeed = new ChangeFeed(vertx, Database.connectOptions(url, "listener"), subscriptions);
          return pool.preparedQuery("INSERT INTO instances (id) VALUES ($1)").execute(Tuple.of(app.instanceId()))
              .compose(v -> changeFeed.start())
              .compose(v -> subscriptions.reloadAll());
        })
        .compose(v -> deploy())
        .onSuccess(v -> {
          heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> pool
              .preparedQuery("UPDATE instances SET heartbeat_at = now() WHERE id = $1")
              .execute(Tuple.of(app.instanceId()))
              .onSuccess(r -> app.heartbeatSucceeded())
              .onFailure(err -> app.heartbeatFailed()));
          logStarted(url);
        });
  }

  /** Deploys consumers before producers: delivery, fan-out, re-drive, then ingest, mail, retention, admin. */
  private Future<?> deploy() {
    LocalCodec.register(vertx, FanoutBatch.class);
    LocalCodec.register(vertx, DeliveryBatch.class);
    int loops = app.deliveryPartitions();
    Future<?> chain = Future.succeededFuture();
    for (int i = 0; i < loops; i++) {
      int partition = i;
      chain = chain.compose(v -> remember(vertx.deployVerticle(new DeliveryVerticle(app, partition)), 2));
    }
    return chain
        .compose(v -> remember(vertx.deployVerticle(() -> new FanoutVerticle(app),
            new DeploymentOptions().setInstances(loops)), 1))
        .compose(v -> remember(vertx.deployVerticle(new RedriveVerticle(app)), 1))
        .compose(v -> remember(vertx.deployVerticle(() -> new IngestVerticle(app),
            new DeploymentOptions().setInstances(loops)), 0))
        .compose(v -> remember(vertx.deployVerticle(new NotifierVerticle(app)), 3))
        .compose(v -> remember(vertx.deployVerticle(new RetentionVerticle(app)), 3))
        .compose(v -> remember(vertx.deployVerticle(new AdminVerticle(app)), 3));
  }

  private Future<String> remember(Future<String> deployment, int stage) {
    return deployment.onSuccess(id -> stages.get(stage).add(id));
  }

  /**
   * Graceful shutdown (SIGTERM): ingest answers 503 at once and finishes the commits under way; fan-out and
   * re-drive stop; deliveries in flight finish until {@code HOOKLINE_SHUTDOWN_DEADLINE_MS} and their attempts are
   * written; what is left stays pending for the next start (or another instance, which may take it over at once
   * because this one is marked stopped).
   */
  public Future<Void> shutdown() {
    if (app == null) {
      return Future.succeededFuture();
    }
    app.beginShutdown();
    LOG.info("Shutting down: refusing new events, finishing deliveries in flight (deadline {} ms)",
        config.shutdownDeadlineMs());
    Future<Void> chain = Future.succeededFuture();
    for (List<String> stage : stages) {
      chain = chain.compose(v -> Future.join(stage.stream().map(id -> vertx.undeploy(id)).toList()).<Void>mapEmpty()
          .recover(err -> Future.succeededFuture()));
    }
    return chain.compose(v -> pool.preparedQuery("SELECT count(*) FROM pending_events WHERE instance_id = $1")
            .execute(Tuple.of(app.instanceId()))
            .map(rows -> rows.iterator().next().getLong(0)))
        .onSuccess(left -> LOG.info("Stopped gracefully; {} events left pending for the next start", left))
        .<Void>mapEmpty()
        .recover(err -> Future.succeededFuture());
  }

  static int eventLoops(HooklineConfig config) {
    return config.eventLoops() > 0 ? config.eventLoops() : Math.max(1, java.lang.Runtime.getRuntime().availableProcessors());
  }

  private void logStarted(DatabaseUrl url) {
    LOG.info("Hookline {} started: instance {}, listening on {} (ingest port {}, admin port {}), database {}, "
            + "event loops {}, delivery timeout {} ms, failure threshold {}, private targets {}, mail {}",
        io.hookline.delivery.Sender.VERSION, app.instanceId(), config.bindAddress(), app.ports().ingest(),
        app.ports().admin(),
        url.redacted(), app.deliveryPartitions(), config.deliveryTimeoutMs(), config.failureThreshold(),
        config.allowPrivateTargets() ? "allowed" : "refused",
        config.mailEnabled() ? config.smtpHost() + ":" + config.smtpPort() : "off (stored and logged only)");
    if (config.adminTokenGenerated()) {
      LOG.warn("HOOKLINE_ADMIN_TOKEN is not set; generated admin token for this run: {}", config.adminToken());
    }
    if (config.ingestTokensGenerated()) {
      LOG.warn("HOOKLINE_INGEST_TOKENS is not set; generated ingest token for this run: {}",
          config.ingestTokens().get(0));
    }
  }

  @Override
  public Future<?> stop() {
    if (heartbeat >= 0) {
      vertx.cancelTimer(heartbeat);
    }
    if (pool == null) {
      return Future.succeededFuture();
    }
    Future<Void> feed = changeFeed == null ? Future.succeededFuture() : changeFeed.stop();
    return feed
        .transform(ar -> pool.preparedQuery("UPDATE instances SET stopped_at = now() WHERE id = $1")
            .execute(Tuple.of(app.instanceId())))
        .transform(ar -> pool.close());
  }

  /** A start-up failure whose message is the one line to print. */
  public static final class StartupException extends RuntimeException {
    public StartupException(String message) {
      super(message, null, false, false);
    }
  }
}
