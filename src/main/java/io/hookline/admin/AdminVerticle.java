package io.hookline.admin;

import io.hookline.app.AppContext;
import io.hookline.delivery.DeliveryVerticle;
import io.hookline.delivery.Sender;
import io.hookline.http.FailureHandler;
import io.hookline.http.Responses;
import io.hookline.webhook.UrlPolicy;
import io.hookline.webhook.WebhookStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;

/** The admin listener: management API (CONTRACT §7), health, readiness and the web console (§11). */
public final class AdminVerticle extends VerticleBase {

  private static final long MAX_BODY = 64 * 1024;

  private final AppContext app;

  public AdminVerticle(AppContext app) {
    this.app = app;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/ready").handler(ctx -> app.pool().query("SELECT 1").execute()
        .onSuccess(r -> Responses.json(ctx, 200, new JsonObject().put("status", "READY")))
        .onFailure(err -> Responses.json(ctx, 503, new JsonObject().put("status", "UNAVAILABLE")
            .put("error", new JsonObject().put("code", "storage_unavailable")
                .put("message", "PostgreSQL does not answer.")))));
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(app.metrics().registry().scrape()));
    router.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    router.route("/v1/*").handler(new AdminAuth(app.config().adminToken(), app.pool()));

    WebhookStore webhooks = new WebhookStore(app.pool(), app.subscriptions(),
        app.config().maxWebhooksPerWorkspace(), app.config().logRetentionDays());
    UrlPolicy urlPolicy = new UrlPolicy(vertx, app.config().allowPrivateTargets());
    WebClient client = WebClient.create(vertx, DeliveryVerticle.clientOptions(app.config().deliveryTimeoutMs()));
    Sender sender = new Sender(vertx, client, app.config().deliveryTimeoutMs(), app.clock(), app.targetGuard());
    new CatalogueRoutes().addRoutes(router);
    new WorkspaceRoutes(app.pool()).addRoutes(router);
    new TokenRoutes(app.pool()).addRoutes(router);
    new WebhookRoutes(webhooks, urlPolicy).addRoutes(router);
    new AttemptRoutes(app.pool(), new TestSend(app.pool(), sender)).addRoutes(router);
    new EventRoutes(app.pool()).addRoutes(router);
    new AuditRoutes(app.pool()).addRoutes(router);
    new NotificationRoutes(app.pool()).addRoutes(router);
    new StatsRoutes(new HourlyStats(app.pool())).addRoutes(router);
    new WhoAmIRoutes(app.config().maxWebhooksPerWorkspace()).addRoutes(router);
    new ConsoleRoutes().addRoutes(router);
    FailureHandler.install(router);
    app.registerRouter("admin", router);

    return vertx.createHttpServer(new HttpServerOptions().setPort(app.config().adminPort()).setHost("0.0.0.0"))
        .requestHandler(router).listen()
        .onSuccess(server -> app.ports().admin(server.actualPort()));
  }
}
