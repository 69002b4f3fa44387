package io.hookline.admin;

import io.hookline.event.Violation;
import io.hookline.http.ApiException;
import io.hookline.http.Responses;
import io.hookline.store.Keyset;
import io.hookline.target.TargetGuard;
import io.hookline.target.UrlPolicy;
import io.hookline.webhook.WebhookJson;
import io.hookline.webhook.WebhookStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;

/** Webhook CRUD and its secret (docs/api.md, webhooks). */
final class WebhookRoutes {

    private static final String LIST = "webhooks";

    private final WebhookStore store;
    private final Pool pool;
    private final UrlPolicy urlPolicy;

    WebhookRoutes(WebhookStore store, Pool pool, UrlPolicy urlPolicy) {
        this.store = store;
        this.pool = pool;
        this.urlPolicy = urlPolicy;
    }

    void addRoutes(Router router) {
        router.post("/v1/workspaces/:ws/webhooks").handler(this::create);
        router.get("/v1/workspaces/:ws/webhooks").handler(this::list);
        router.get("/v1/workspaces/:ws/webhooks/:id").handler(this::get);
        router.patch("/v1/workspaces/:ws/webhooks/:id").handler(this::update);
        router.delete("/v1/workspaces/:ws/webhooks/:id").handler(this::delete);
        router.get("/v1/workspaces/:ws/webhooks/:id/secret").handler(this::secret);
    }

    private void create(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        WebhookStore.Definition def = WebhookRequest.forCreate(Requests.body(ctx, WebhookRequest.FIELDS));
        allowedTarget(def.url())
                .compose(v -> store.create(ws, def, AdminAuth.principal(ctx).actor()))
                .onSuccess(webhook -> Responses.json(ctx, 201, webhook))
                .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        String list = Pages.list(ctx, LIST);
        Keyset page = Pages.request(ctx, list, 100);
        OwnedLists.ofExisting(pool, ws, store.page(ws, page))
                .onSuccess(rows -> Responses.json(
                        ctx,
                        200,
                        Pages.body(page, list, Requests.rows(rows), r -> r.getLong("seq"), WebhookJson::withStats)))
                .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        UUID id = Requests.uuid(ctx, "id", "webhook");
        store.get(ws, id)
                .onSuccess(webhook -> Responses.json(ctx, 200, webhook))
                .onFailure(ctx::fail);
    }

    private void update(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        UUID id = Requests.uuid(ctx, "id", "webhook");
        JsonObject body = Requests.body(ctx, WebhookRequest.FIELDS);
        WebhookRequest.validatePatchShape(body);
        Future<Void> target =
                body.getValue("url") instanceof String url ? allowedTarget(url) : Future.succeededFuture();
        target.compose(v -> store.update(
                        ws,
                        id,
                        row -> WebhookRequest.forUpdate(body, row),
                        AdminAuth.principal(ctx).actor()))
                .onSuccess(webhook -> Responses.json(ctx, 200, webhook))
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        UUID id = Requests.uuid(ctx, "id", "webhook");
        store.delete(ws, id, AdminAuth.principal(ctx).actor())
                .onSuccess(v -> ctx.response().setStatusCode(204).end())
                .onFailure(ctx::fail);
    }

    private void secret(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        UUID id = Requests.uuid(ctx, "id", "webhook");
        store.secret(ws, id)
                .onSuccess(secret -> Responses.json(
                        ctx, 200, new JsonObject().put("id", id.toString()).put("secret", secret)))
                .onFailure(ctx::fail);
    }

    /** The private-target policy, as a 422 naming the rule that failed. */
    private Future<Void> allowedTarget(String url) {
        return urlPolicy
                .check(url)
                .<Void>mapEmpty()
                .recover(err -> Future.failedFuture(
                        err instanceof TargetGuard.Refused
                                ? ApiException.invalid(
                                        "The webhook URL is refused: " + err.getMessage() + ".",
                                        List.of(new Violation("url", err.getMessage())))
                                : err));
    }
}
