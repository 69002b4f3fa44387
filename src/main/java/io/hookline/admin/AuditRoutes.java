package io.hookline.admin;

import io.hookline.http.Responses;
import io.hookline.http.Times;
import io.hookline.store.AuditLog;
import io.hookline.store.Keyset;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.List;

/** Who changed which webhook how: {@code GET /v1/workspaces/{ws}/audit}, newest first. */
final class AuditRoutes {

    private static final String LIST = "audit";

    /** Two megabytes at worst per read (each webhook object is at most the admin body limit, 64 KiB). */
    private static final int ENTRIES_PER_READ = 16;

    private final Pool pool;

    AuditRoutes(Pool pool) {
        this.pool = pool;
    }

    void addRoutes(Router router) {
        router.get("/v1/workspaces/:ws/audit").handler(this::list);
    }

    /** Streamed, a few entries per read: an entry may hold two large webhook objects (see {@link RowStream}). */
    private void list(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        String list = Pages.list(ctx, LIST);
        Keyset page = Pages.request(ctx, list, 100);
        OwnedLists.ofExisting(pool, ws, AuditLog.pageIds(pool, ws, page))
                .onSuccess(rows -> {
                    List<Row> found = Requests.rows(rows);
                    List<Long> ids = found.stream()
                            .limit(page.limit())
                            .map(r -> r.getLong("id"))
                            .toList();
                    String next = Pages.nextCursor(page, list, found, r -> r.getLong("id"));
                    ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, Responses.APPLICATION_JSON);
                    RowStream.send(
                            ctx.response(),
                            "{\"data\":[",
                            ids,
                            ENTRIES_PER_READ,
                            some -> AuditLog.entries(pool, ws, some),
                            AuditRoutes::json,
                            "],\"next_cursor\":" + (next == null ? "null" : "\"" + next + "\"") + "}");
                })
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
