package io.hookline.app;

import io.hookline.admin.AdminVerticle;
import io.hookline.bus.Addresses;
import io.hookline.bus.LocalCodec;
import io.hookline.config.DatabaseUrl;
import io.hookline.config.HooklineConfig;
import io.hookline.delivery.DeliveryBudget;
import io.hookline.delivery.DirectSends;
import io.hookline.delivery.FailurePolicy;
import io.hookline.delivery.Gates;
import io.hookline.fanout.RedriveBatch;
import io.hookline.fanout.RedriveVerticle;
import io.hookline.fold.FoldsInFlight;
import io.hookline.ingest.ReactionCache;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.notify.NotifierVerticle;
import io.hookline.progress.InFlightEvents;
import io.hookline.progress.InstanceProgress;
import io.hookline.recovery.RecoveryProgress;
import io.hookline.recovery.RecoveryVerticle;
import io.hookline.store.Database;
import io.hookline.store.InstanceLease;
import io.hookline.store.ProbeLeases;
import io.hookline.store.RetentionVerticle;
import io.hookline.store.WorkspaceStore;
import io.hookline.target.UrlPolicy;
import io.hookline.tracing.Tracing;
import io.hookline.webhook.ChangeFeed;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookStore;
import io.hookline.workspace.KnownWorkspaces;
import io.hookline.workspace.WorkspaceLifecycle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main verticle and the only place that wires: prepares the database (create, migrate), registers this
 * instance, builds what the parts share, then deploys one {@link SlotVerticle} per event loop, the re-drive, the
 * notifier, retention and the admin listener. Nothing else imports this package.
 */
public final class HooklineApp extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(HooklineApp.class);
    private static final long HEARTBEAT_MS = 1000;

    private final HooklineConfig config;
    private final Clock clock;
    private final HooklineMetrics metrics;
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final Ports ports = new Ports();
    private final List<SlotVerticle> slots = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> control = new ArrayList<>();
    private final DirectSends directSends = new DirectSends();
    private Tracing tracing = Tracing.OFF;
    private Pool pool;
    private InstanceLease lease;
    private InstanceProgress progress;
    private Subscriptions subscriptions;
    private KnownWorkspaces workspaces;
    private StartupTokens.Resolved tokens;
    private ChangeFeed changeFeed;
    private AdminVerticle admin;
    private Shutdown shutdown;
    private long heartbeat = -1;
    /** The event loops with a slot: every one, unless PostgreSQL accepts too few connections (ConnectionBudget). */
    private int slotCount;

    private final Promise<Void> startFailed = Promise.promise();

    /** {@code metrics} should wrap the registry the Vert.x instance reports its own metrics to. */
    public HooklineApp(HooklineConfig config, Clock clock, HooklineMetrics metrics) {
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        DatabaseUrl url = DatabaseUrl.parse(config.database().url());
        return Database.ensureExists(vertx, url)
                .recover(err -> Future.failedFuture(DatabaseStartErrors.preparing(url, err)))
                .compose(v -> Database.migrate(vertx, url)
                        .recover(err -> Future.failedFuture(DatabaseStartErrors.migrating(url, err))))
                .compose(migrations -> {
                    if (migrations > 0) {
                        LOG.info("Database {} migrated ({} migrations applied)", url.redacted(), migrations);
                    }
                    pool = Database.pool(vertx, url, ConnectionBudget.CONTROL_POOL_SIZE, "hookline-control");
                    lease = new InstanceLease(pool);
                    subscriptions = new Subscriptions(pool);
                    workspaces = new KnownWorkspaces(pool);
                    changeFeed = new ChangeFeed(vertx, Database.connectOptions(url, "listener"))
                            .webhooks(subscriptions)
                            .listen(WorkspaceStore.CHANNEL, workspaces::changed, workspaces::reloadAll);
                    return ConnectionBudget.slots(config, pool)
                            .onSuccess(slots -> slotCount = slots)
                            .compose(v -> StartupTokens.resolve(pool, config))
                            .onSuccess(resolved -> tokens = resolved)
                            .compose(v -> lease.register())
                            .compose(v -> changeFeed.start())
                            .compose(v -> subscriptions.reloadAll())
                            .compose(v -> workspaces.reloadAll());
                })
                .compose(v -> deploy(shared(url)))
                .onSuccess(v -> {
                    heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> lease.heartbeat(progress.watermark()));
                    StartupLog.started(config, lease.id(), ports, url, slots.size(), vertx, tokens.notices());
                })
                .onFailure(startFailed::tryFail);
    }

    /** Fails with the start, before the deployment, which waits until what the start opened is closed (review). */
    public Future<Void> startFailed() {
        return startFailed.future();
    }

    private Shared shared(DatabaseUrl url) {
        int loops = slotCount;
        progress = new InstanceProgress(loops, lease.startSeq());
        WebhookStore webhooks = new WebhookStore(
                pool,
                subscriptions,
                config.admin().maxWebhooksPerWorkspace(),
                config.retention().logRetentionDays());
        FailurePolicy failurePolicy = failurePolicy();
        DeliveryBudget budget = new DeliveryBudget(config.delivery().maxQueuedDeliveries());
        tracing = Tracing.of(
                config.runtime().otlpEndpoint(),
                io.hookline.delivery.Sender.VERSION,
                lease.id().toString(),
                metrics::spans);
        registerGauges(budget);
        return new Shared(
                config,
                url,
                clock,
                metrics,
                lease,
                progress,
                new InFlightEvents(),
                subscriptions,
                webhooks,
                Gates.of(vertx, config.delivery(), metrics, new ProbeLeases(pool, lease.id()), subscriptions),
                budget,
                new UrlPolicy(vertx, config.delivery().allowPrivateTargets()),
                new RecoveryProgress(lease.id(), failurePolicy),
                accepting::get,
                loops,
                tokens.ingest(),
                workspaces,
                directSends,
                tracing,
                new ReactionCache(),
                new FoldsInFlight());
    }

    /** Auto-disable and warnings; a new notice wakes the notifier instead of waiting for its next poll. */
    private FailurePolicy failurePolicy() {
        return new FailurePolicy(
                config.delivery().failureThreshold(),
                config.delivery().warnAfterFailures(),
                subscriptions,
                () -> vertx.eventBus().publish(Addresses.NOTIFY_WAKE, null));
    }

    /** Gauges over all slots, so they are registered once here rather than per slot. */
    private void registerGauges(DeliveryBudget budget) {
        metrics.gauge("hookline.delivery.queue.depth", "Deliveries waiting in memory, all webhooks", budget::used);
        metrics.gauge(
                "hookline.pending.events.in.memory",
                "Accepted events this process is working on",
                () -> slots.stream().mapToInt(SlotVerticle::eventsInMemory).sum());
    }

    /** Consumers before producers: the slots (delivery, fan-out, ingest), re-drive, mail, retention, admin. */
    private Future<?> deploy(Shared shared) {
        LocalCodec.register(vertx, RedriveBatch.class);
        Future<?> chain = deploySlots(shared);
        admin = adminVerticle(shared);
        shutdown =
                new Shutdown(vertx, config.runtime().shutdownDeadlineMs(), accepting, slots, control, lease, progress);
        return chain.onSuccess(id -> ports.ingest(slots.get(0).ingestPort()))
                .compose(v -> deployControl(shared))
                .onSuccess(v -> ports.admin(admin.port()));
    }

    private Future<?> deploySlots(Shared shared) {
        // One deployment of as many instances as there are event loops: Vert.x gives consecutive instances consecutive
        // loops, so each slot has a loop of its own (separate deployments can land on the same one).
        AtomicInteger next = new AtomicInteger();
        return vertx.deployVerticle(
                () -> {
                    SlotVerticle slot = new SlotVerticle(next.getAndIncrement(), shared);
                    slots.add(slot);
                    return slot;
                },
                new DeploymentOptions().setInstances(shared.slots()));
    }

    private AdminVerticle adminVerticle(Shared shared) {
        return new AdminVerticle(
                pool,
                subscriptions,
                shared.webhooks(),
                shared.guard(),
                config,
                clock,
                metrics,
                tokens.admin(),
                new WorkspaceLifecycle(pool, subscriptions, workspaces),
                directSends,
                tracing,
                accepting::get);
    }

    /** The single-instance verticles, one after the other; each id is kept so shutdown can undeploy it. */
    private Future<String> deployControl(Shared shared) {
        return keep(vertx.deployVerticle(new RedriveVerticle(
                        pool,
                        lease,
                        shared.inFlight(),
                        shared.budget(),
                        config.runtime().instanceLeaseMs(),
                        shared.slots(),
                        accepting::get,
                        metrics)))
                .compose(v -> keep(vertx.deployVerticle(new NotifierVerticle(pool, lease.id(), config))))
                .compose(v -> keep(vertx.deployVerticle(
                        new RetentionVerticle(pool, clock, config.retention().logRetentionDays()))))
                .compose(v -> keep(vertx.deployVerticle(new RecoveryVerticle(
                        pool,
                        lease.id(),
                        subscriptions,
                        shared.webhooks(),
                        directSends,
                        config.runtime().instanceLeaseMs()))))
                .compose(v -> keep(vertx.deployVerticle(admin)));
    }

    private Future<String> keep(Future<String> deployment) {
        return deployment.onSuccess(control::add);
    }

    /** Graceful shutdown (SIGTERM); see {@link Shutdown} for the order. True when every step of it completed. */
    public Future<Boolean> shutdown() {
        return shutdown == null ? Future.succeededFuture(true) : shutdown.run();
    }

    // ---- for embedding (tests, tools): the running instance's parts ----

    public Ports ports() {
        return ports;
    }

    public Pool pool() {
        return pool;
    }

    public Subscriptions subscriptions() {
        return subscriptions;
    }

    /** What a listener serves ({@code ingest} or {@code admin}), e.g. to check the API documentation against it. */
    public Router router(String listener) {
        return "ingest".equals(listener) ? slots.get(0).ingestRouter() : admin.router();
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
        return feed.transform(ar -> lease.markStopped(progress == null ? 0 : progress.watermark()))
                .transform(ar -> pool.close())
                .transform(ar -> tracing.on()
                        ? vertx.executeBlocking(() -> {
                            tracing.close(); // the last spans, e.g. of the attempts shutdown waited for
                            return null;
                        })
                        : Future.succeededFuture());
    }
}
