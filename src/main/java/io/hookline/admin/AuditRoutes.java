package io.hookline.admin;

import io.hookline.http.Responses;
import io.hookline.http.Times;
import io.hookline.store.AuditLog;
import io.hookline.store.Keyset;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/** Who changed which webhook how: {@code GET /v1/workspaces/{ws}/audit}, newest first. */
final class AuditRoutes {

    private static final String LIST = "audit";

    private final Pool pool;

    AuditRoutes(Pool pool) {
        this.pool = pool;
    }

    void addRoutes(Router router) {
        router.get("/v1/workspaces/:ws/audit").handler(this::list);
    }

    private void list(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        String list = Pages.list(ctx, LIST);
        Keyset page = Pages.request(ctx, list, 100);
        OwnedLists.ofExisting(pool, ws, AuditLog.page(pool, ws, page))
                .onSuccess(rows -> Responses.json(
                        ctx, 200, Pages.body(page, list, Requests.rows(rows), r -> r.getLong("id"), AuditRoutes::json)))
                .onFailure(ctx::fail);
    }

    private static JsonObject json(Row r) {
        return new JsonObject()
                .put("at", Times.iso(r.getOffsetDateTime("at")))
                .put("actor", r.getString("actor"))
                .put("action", r.getString("action"))
                .put(
                        "webhook_id",
                        r.getUUID("webhook_id") == null
                                ? null
                                : r.getUUID("webhook_id").toString())
                .put("before", r.getString("before") == null ? null : new JsonObject(r.getString("before")))
                .put("after", r.getString("after") == null ? null : new JsonObject(r.getString("after")));
    }
}
