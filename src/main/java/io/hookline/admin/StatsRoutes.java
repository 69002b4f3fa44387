package io.hookline.admin;

import io.hookline.event.Violation;
import io.hookline.http.ApiException;
import io.hookline.http.Responses;
import io.hookline.http.Times;
import io.hookline.store.HourlyAttempts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
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
        int hours = hours(ctx.request().getParam("hours"));
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

    /** {@code ?hours=}: 24 when absent, 422 outside 1..240. */
    private static int hours(String raw) {
        if (raw == null) {
            return DEFAULT_HOURS;
        }
        try {
            int hours = Integer.parseInt(raw);
            if (hours >= 1 && hours <= HourlyAttempts.MAX_HOURS) {
                return hours;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error
        }
        throw ApiException.invalid(
                "hours must be a whole number from 1 to " + HourlyAttempts.MAX_HOURS + ".",
                List.of(new Violation(
                        "hours",
                        "must be a whole number from 1 to " + HourlyAttempts.MAX_HOURS + " (got '" + raw + "')")));
    }
}
