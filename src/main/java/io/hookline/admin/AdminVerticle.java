package io.hookline.admin;

import io.hookline.config.HooklineConfig;
import io.hookline.delivery.DeliverySlot;
import io.hookline.delivery.DirectSends;
import io.hookline.delivery.Sender;
import io.hookline.http.ApiException;
import io.hookline.http.BearerTokens;
import io.hookline.http.FailureHandler;
import io.hookline.http.Listener;
import io.hookline.http.Responses;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.recovery.Recoveries;
import io.hookline.recovery.Resend;
import io.hookline.store.Database;
import io.hookline.store.HourlyAttempts;
import io.hookline.target.TargetGuard;
import io.hookline.target.UrlPolicy;
import io.hookline.tracing.Tracing;
import io.hookline.webhook.SecretRotation;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookStore;
import io.hookline.workspace.WorkspaceLifecycle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** The admin listener: management API, health, readiness and the web console. */
public final class AdminVerticle extends VerticleBase {

    private static final long MAX_BODY = 64 * 1024;

    private final Pool pool;
    private final Subscriptions subscriptions;
    private final WebhookStore webhooks;
    private final TargetGuard guard;
    private final HooklineConfig config;
    private final Clock clock;
    private final HooklineMetrics metrics;
    private final BearerTokens adminTokens;
    private final WorkspaceLifecycle workspaces;
    private final DirectSends directSends;
    private final Tracing tracing;
    private final BooleanSupplier accepting;
    private Router router;
    private int port = -1;
    private static final long ADMIN_STOP_GRACE_MS = 5000;
    private io.vertx.core.http.HttpServer server;

    public AdminVerticle(
            Pool pool,
            Subscriptions subscriptions,
            WebhookStore webhooks,
            TargetGuard guard,
            HooklineConfig config,
            Clock clock,
            HooklineMetrics metrics,
            BearerTokens adminTokens,
            WorkspaceLifecycle workspaces,
            DirectSends directSends,
            Tracing tracing,
            BooleanSupplier accepting) {
        this.tracing = tracing;
        this.accepting = accepting;
        this.pool = pool;
        this.subscriptions = subscriptions;
        this.webhooks = webhooks;
        this.guard = guard;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.adminTokens = adminTokens;
        this.workspaces = workspaces;
        this.directSends = directSends;
    }

    @Override
    public Future<?> start() {
        router = Router.router(vertx);
        addProbeRoutes();
        // body limit and authentication come before every /v1 route, so they are registered first
        router.route("/v1/*").handler(AdminVerticle::privateAnswer);
        router.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
        router.route("/v1/*").handler(new AdminAuth(adminTokens, pool));
        addApiRoutes();
        // the slowest answer is save-and-test waiting for a receiver
        return Listener.listen(
                        vertx,
                        "admin",
                        router,
                        config.listeners().bindAddress(),
                        config.listeners().adminPort(),
                        Duration.ofMillis(config.delivery().timeoutMs()))
                .onSuccess(listening -> {
                    server = listening;
                    port = listening.actualPort();
                });
    }

    /**
     * Answers the requests under way, new connections refused: a save-and-test waiting for its receiver was cut off at
     * a stop (stored as a failure, and the admin got no answer: black-box review). At most 5 s (or the delivery timeout
     * and a second, if shorter), so that the whole stop stays within the time the process gives it (review).
     */
    @Override
    public Future<?> stop() {
        long graceMs = Math.min(config.delivery().timeoutMs() + 1000L, ADMIN_STOP_GRACE_MS);
        return server == null
                ? Future.succeededFuture()
                : server.shutdown(graceMs, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Health, readiness and metrics: outside /v1, so no admin token (metrics may ask for its own). */
    private void addProbeRoutes() {
        router.get("/health").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/ready").handler(this::ready);
        router.get("/metrics").handler(this::metrics);
    }

    /** Ready only while PostgreSQL answers: without it nothing can be accepted or delivered. */
    private void ready(RoutingContext ctx) {
        if (!accepting.getAsBoolean()) { // stopping: a load balancer should send producers elsewhere at once (review)
            Responses.json(
                    ctx,
                    503,
                    new JsonObject()
                            .put("status", "STOPPING")
                            .put(
                                    "error",
                                    new JsonObject()
                                            .put("code", "shutting_down")
                                            .put(
                                                    "message",
                                                    "This Hookline instance is shutting down and accepts no new events.")));
            return;
        }
        Database.ping(pool)
                .onSuccess(r -> Responses.json(ctx, 200, new JsonObject().put("status", "READY")))
                .onFailure(err -> Responses.json(
                        ctx,
                        503,
                        new JsonObject()
                                .put("status", "UNAVAILABLE")
                                .put(
                                        "error",
                                        new JsonObject()
                                                .put("code", "storage_unavailable")
                                                .put("message", "PostgreSQL does not answer."))));
    }

    /** The management API under /v1, one routes class per resource. */
    private void addApiRoutes() {
        Sender sender = new Sender(
                vertx,
                DeliverySlot.httpClient(
                        vertx, config.delivery().timeoutMs(), config.delivery().maxConnectionsPerHost()),
                config.delivery().timeoutMs(),
                clock,
                guard,
                tracing);
        new CatalogueRoutes().addRoutes(router);
        new WorkspaceRoutes(pool, workspaces).addRoutes(router);
        new TokenRoutes(pool).addRoutes(router);
        new WebhookRoutes(webhooks, pool, new UrlPolicy(vertx, config.delivery().allowPrivateTargets()))
                .addRoutes(router);
        new AttemptRoutes(vertx, pool, webhooks, new TestSend(pool, webhooks, sender)).addRoutes(router);
        new EventRoutes(pool, subscriptions).addRoutes(router);
        new RecoveryRoutes(new SecretRotation(pool, subscriptions), new Resend(pool, webhooks, directSends))
                .addRoutes(router);
        new RecoverRoutes(
                        new Recoveries(pool, webhooks, clock, config.retention().logRetentionDays()))
                .addRoutes(router);
        new AuditRoutes(pool).addRoutes(router);
        new NotificationRoutes(pool).addRoutes(router);
        new StatsRoutes(new HourlyAttempts(pool)).addRoutes(router);
        new WhoAmIRoutes(config.admin().maxWebhooksPerWorkspace()).addRoutes(router);
        new ConsoleRoutes().addRoutes(router);
    }

    /** Prometheus text; with HOOKLINE_METRICS_TOKEN_REQUIRED, for the admin token only (not a workspace token). */
    private void metrics(RoutingContext ctx) {
        if (config.admin().metricsTokenRequired() && !adminTokens.matches(BearerTokens.extract(ctx.request()))) {
            ctx.fail(ApiException.unauthorized(
                    "Metrics need the admin token here (HOOKLINE_METRICS_TOKEN_REQUIRED is true): "
                            + "send it as 'Authorization: Bearer <token>'."));
            return;
        }
        Responses.end(
                ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8"),
                Buffer.buffer(metrics.registry().scrape()));
    }

    /** See {@link FailureHandler#notToBeKept}. */
    private static void privateAnswer(io.vertx.ext.web.RoutingContext ctx) {
        FailureHandler.notToBeKept(ctx.response());
        ctx.next();
    }

    public Router router() {
        return router;
    }

    public int port() {
        return port;
    }
}
