package io.hookline.admin;

import io.hookline.http.ApiException;
import io.hookline.http.Responses;
import io.hookline.http.Times;
import io.hookline.store.HourlyAttempts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** {@code GET /v1/workspaces/{ws}/webhooks/{id}/stats?hours=24}: attempts, failures and latency per hour. */
final class StatsRoutes {

    private static final int DEFAULT_HOURS = 24;

    private final HourlyAttempts stats;

    StatsRoutes(HourlyAttempts stats) {
        this.stats = stats;
    }

    void addRoutes(Router router) {
        router.get("/v1/workspaces/:ws/webhooks/:id/stats").handler(this::stats);
    }

    private void stats(RoutingContext ctx) {
        String ws = Requests.workspace(ctx);
        UUID id = Requests.uuid(ctx, "id", "webhook");
        int hours = Requests.wholeParam(ctx, "hours", DEFAULT_HOURS, HourlyAttempts.MAX_HOURS);
        Pages.onePage(ctx);
        stats.lastHours(ws, id, hours)
                .onSuccess(rows -> {
                    if (rows.isEmpty()) { // a real window always has at least one hour: no such webhook here
                        ctx.fail(ApiException.notFound("Workspace '" + ws + "' has no webhook " + id + "."));
                        return;
                    }
                    JsonArray data = new JsonArray();
                    rows.forEach(hour -> data.add(json(hour)));
                    // one page by definition (the hours asked for); next_cursor as on every list, always null
                    Responses.json(ctx, 200, new JsonObject().put("data", data).putNull("next_cursor"));
                })
                .onFailure(ctx::fail);
    }

    private static JsonObject json(HourlyAttempts.Hour hour) {
        return new JsonObject()
                .put("at", Times.iso(hour.at()))
                .put("attempts", hour.attempts())
                .put("failures", hour.failures())
                .put("p50_ms", number(hour.p50Ms()))
                .put("p95_ms", number(hour.p95Ms()));
    }

    /** Whole milliseconds as integers, so a client sees 120 rather than 120.0. */
    private static Number number(double value) {
        return value == Math.rint(value) ? (Number) (long) value : (Number) value;
    }
}
