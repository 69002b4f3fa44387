package io.hookline.admin;

import io.hookline.http.Responses;
import io.hookline.http.Times;
import io.hookline.store.Keyset;
import io.hookline.store.NotificationOutbox;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/** The workspace's notification mails and their delivery state: {@code GET /v1/workspaces/{ws}/notifications}. */
final class NotificationRoutes {

    private static final String LIST = "notifications";

    private final Pool pool;

    NotificationRoutes(Pool pool) {
        this.pool = pool;
    }

    void addRoutes(Router router) {
        router.get("/v1/workspaces/:ws/notifications").handler(this::list);
    }

    private void list(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        String list = Pages.list(ctx, LIST);
        Keyset page = Pages.request(ctx, list, 100);
        OwnedLists.ofExisting(pool, ws, NotificationOutbox.page(pool, ws, page))
                .onSuccess(rows -> Responses.json(
                        ctx,
                        200,
                        Pages.body(page, list, Requests.rows(rows), r -> r.getLong("id"), NotificationRoutes::json)))
                .onFailure(ctx::fail);
    }

    private static JsonObject json(Row r) {
        return new JsonObject()
                .put("id", r.getLong("id"))
                .put("kind", r.getString("kind"))
                .put(
                        "webhook_id",
                        r.getUUID("webhook_id") == null
                                ? null
                                : r.getUUID("webhook_id").toString())
                .put("to", r.getString("to_address"))
                .put("subject", r.getString("subject"))
                .put("status", r.getString("status"))
                .put("attempts", r.getInteger("attempts"))
                .put("last_error", r.getString("last_error"))
                .put("created_at", Times.iso(r.getOffsetDateTime("created_at")))
                .put("sent_at", Times.iso(r.getOffsetDateTime("sent_at")));
    }
}
