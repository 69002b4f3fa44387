package io.hookline.admin;

import io.hookline.event.Violation;
import io.hookline.http.ApiException;
import io.hookline.http.Responses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;

/** {@code GET /v1/workspaces/{ws}/webhooks/{id}/stats?hours=24}: attempts, failures and latency per hour. */
final class StatsRoutes {

  private static final int DEFAULT_HOURS = 24;

  private final HourlyStats stats;

  StatsRoutes(HourlyStats stats) {
    this.stats = stats;
  }

  void addRoutes(Router router) {
    router.get("/v1/workspaces/:ws/webhooks/:id/stats").handler(this::stats);
  }

  private void stats(RoutingContext ctx) {
    String ws = Requests.workspace(ctx);
    UUID id = Requests.uuid(ctx, "id", "webhook");
    int hours = hours(ctx.request().getParam("hours"));
    stats.lastHours(ws, id, hours)
        // one page by definition (the hours asked for); next_cursor as on every list, always null
        .onSuccess(data -> Responses.json(ctx, 200, new JsonObject().put("data", data).putNull("next_cursor")))
        .onFailure(ctx::fail);
  }

  /** {@code ?hours=}: 24 when absent, 422 outside 1..240. */
  private static int hours(String raw) {
    if (raw == null) {
      return DEFAULT_HOURS;
    }
    try {
      int hours = Integer.parseInt(raw);
      if (hours >= 1 && hours <= HourlyStats.MAX_HOURS) {
        return hours;
      }
    } catch (NumberFormatException ignored) {
      // falls through to the error
    }
    throw ApiException.invalid("hours must be a whole number from 1 to " + HourlyStats.MAX_HOURS + ".",
        List.of(new Violation("hours", "must be a whole number from 1 to " + HourlyStats.MAX_HOURS
            + " (got '" + raw + "')")));
  }
}
