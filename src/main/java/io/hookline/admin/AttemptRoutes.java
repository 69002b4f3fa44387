package io.hookline.admin;

import io.hookline.http.ApiException;
import io.hookline.http.Responses;
import io.hookline.store.AttemptHorizon;
import io.hookline.store.AttemptLog;
import io.hookline.store.Keyset;
import io.hookline.webhook.WebhookStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongFunction;

/** "Last sending attempts", "Download log" and "Save and test" for one webhook. */
final class AttemptRoutes {

    /** Attempts and the log page by the same key, so a cursor of one is a cursor of the other. */
    private static final String LIST = "attempts";

    private final Vertx vertx;
    private final Pool pool;
    private final WebhookStore webhooks;
    private final TestSend testSend;

    AttemptRoutes(Vertx vertx, Pool pool, WebhookStore webhooks, TestSend testSend) {
        this.vertx = vertx;
        this.pool = pool;
        this.webhooks = webhooks;
        this.testSend = testSend;
    }

    void addRoutes(Router router) {
        router.get("/v1/workspaces/:ws/webhooks/:id/attempts").handler(this::attempts);
        router.get("/v1/workspaces/:ws/webhooks/:id/log").handler(this::log);
        router.post("/v1/workspaces/:ws/webhooks/:id/test").handler(this::test);
    }

    private void attempts(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        UUID id = Requests.uuid(ctx, "id", "webhook");
        String list = Pages.list(ctx, LIST);
        Keyset page = Pages.request(ctx, list, 20);
        query(ws, id, horizon -> AttemptLog.summaries(pool, id, page, horizon))
                .onSuccess(rows -> Responses.json(
                        ctx, 200, Pages.body(page, list, rows, r -> r.getLong("id"), AttemptJson::summary)))
                .onFailure(ctx::fail);
    }

    /**
     * A JSON array (as documented), so the next page's cursor travels in a {@code Link: <log?...>; rel="next"} header
     * (RFC 8288) instead of the body. The target is relative to the request's own URL, so it stays right behind a
     * proxy that serves Hookline under a path prefix.
     */
    private void log(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        UUID id = Requests.uuid(ctx, "id", "webhook");
        String list = Pages.list(ctx, LIST);
        Keyset page = Pages.request(ctx, list, 100);
        query(ws, id, horizon -> AttemptLog.logIds(pool, id, page, horizon))
                .onSuccess(rows -> {
                    List<Long> ids = rows.stream()
                            .limit(page.limit())
                            .map(row -> row.getLong("id"))
                            .toList();
                    String next = Pages.nextCursor(page, list, rows, r -> r.getLong("id"));
                    if (next != null) {
                        // from '.../log/' (a trailing slash is served too) 'log?...' would resolve to '.../log/log'
                        String self = ctx.request().path().endsWith("/") ? "./" : "log";
                        ctx.response()
                                .putHeader(
                                        "Link",
                                        "<" + self + "?limit=" + page.limit() + "&cursor=" + next + ">; rel=\"next\"");
                    }
                    ctx.response()
                            .setStatusCode(200)
                            .putHeader(HttpHeaders.CONTENT_TYPE, Responses.APPLICATION_JSON)
                            .putHeader(
                                    HttpHeaders.CONTENT_DISPOSITION,
                                    "attachment; filename=\"webhook-" + id + "-log.json\"");
                    // a handful of megabytes at worst per read: an entry holds up to 1 MiB of request body
                    RowStream.send(
                            ctx.response(),
                            "[",
                            ids,
                            8,
                            some -> AttemptLog.logEntries(pool, id, some),
                            AttemptJson::logEntry,
                            "]");
                })
                .onFailure(ctx::fail);
    }

    private void test(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        UUID id = Requests.uuid(ctx, "id", "webhook");
        Requests.optionalBody(ctx, Set.of()); // it takes none: one sent by mistake is refused, not ignored
        testSend.run(ws, id)
                .onSuccess(attempt -> Responses.json(ctx, 200, attempt))
                .onFailure(ctx::fail);
    }

    /**
     * Runs the query after checking the webhook belongs to the workspace, up to the newest attempt that can no longer
     * be followed by an older one committing late ({@link AttemptHorizon}), so a cursor walk has no gaps.
     */
    private Future<List<Row>> query(String ws, UUID id, LongFunction<Future<RowSet<Row>>> query) {
        return webhooks.exists(ws, id)
                .compose(found -> found
                        ? AttemptHorizon.settled(vertx, pool).compose(query::apply)
                        : Future.failedFuture(
                                ApiException.notFound("Workspace '" + ws + "' has no webhook " + id + ".")))
                .map(Requests::rows);
    }
}
