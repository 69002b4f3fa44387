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
import io.hookline.notify.NotifierVerticle;
import io.hookline.webhook.ChangeFeed;
import io.hookline.store.Database;
import io.hookline.webhook.Subscriptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
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
  private AppContext app;
  private Pool pool;
  private ChangeFeed changeFeed;
  private long heartbeat = -1;

  public HooklineApp(HooklineConfig config) {
    this(config, Clock.systemUTC());
  }

  public HooklineApp(HooklineConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
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
              new UrlPolicy(vertx, config.allowPrivateTargets()), failurePolicy, loops);
          changeFeed = new ChangeFeed(vertx, Database.connectOptions(url), subscriptions);
          return pool.preparedQuery("INSERT INTO instances (id) VALUES ($1)").execute(Tuple.of(app.instanceId()))
              .compose(v -> changeFeed.start())
              .compose(v -> subscriptions.reloadAll());
        })
        .compose(v -> deploy())
        .onSuccess(v -> {
          heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> pool
              .preparedQuery("UPDATE instances SET heartbeat_at = now() WHERE id = $1")
              .execute(Tuple.of(app.instanceId())));
          logStarted(url);
        });
  }

  private Future<?> deploy() {
    LocalCodec.register(vertx, FanoutBatch.class);
    LocalCodec.register(vertx, DeliveryBatch.class);
    int loops = app.deliveryPartitions();
    Future<?> chain = Future.succeededFuture();
    for (int i = 0; i < loops; i++) {
      int partition = i;
      chain = chain.compose(v -> vertx.deployVerticle(new DeliveryVerticle(app, partition)));
    }
    return chain
        .compose(v -> vertx.deployVerticle(() -> new FanoutVerticle(app), new DeploymentOptions().setInstances(loops)))
        .compose(v -> vertx.deployVerticle(new RedriveVerticle(app)))
        .compose(v -> vertx.deployVerticle(() -> new IngestVerticle(app), new DeploymentOptions().setInstances(loops)))
        .compose(v -> vertx.deployVerticle(new NotifierVerticle(app)))
        .compose(v -> vertx.deployVerticle(new AdminVerticle(app)));
  }

  static int eventLoops(HooklineConfig config) {
    return config.eventLoops() > 0 ? config.eventLoops() : Math.max(1, java.lang.Runtime.getRuntime().availableProcessors());
  }

  private void logStarted(DatabaseUrl url) {
    LOG.info("Hookline {} started: instance {}, ingest port {}, admin port {}, database {}, event loops {}, "
            + "delivery timeout {} ms, failure threshold {}, private targets {}, mail {}",
        io.hookline.delivery.Sender.VERSION, app.instanceId(), app.ports().ingest(), app.ports().admin(),
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
    return feed.transform(ar -> pool.preparedQuery("UPDATE instances SET stopped_at = now() WHERE id = $1").execute(Tuple.of(app.instanceId()))
        .transform(ar2 -> pool.close()));
  }

  /** A start-up failure whose message is the one line to print. */
  public static final class StartupException extends RuntimeException {
    public StartupException(String message) {
      super(message, null, false, false);
    }
  }
}
