package io.hookline.admin;

import io.hookline.http.ApiException;
import io.hookline.http.Responses;
import io.hookline.http.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * "Why didn't my webhook fire?": an event's status — {@code pending} (accepted, deliveries outstanding),
 * {@code dispatched} (every delivery attempted) or {@code skipped} (with the reason) — and each delivery's outcome.
 */
final class EventRoutes {

  private final Pool pool;

  EventRoutes(Pool pool) {
    this.pool = pool;
  }

  void addRoutes(Router router) {
    router.get("/v1/workspaces/:ws/events/:event_id").handler(this::lookup);
  }

  private void lookup(RoutingContext ctx) {
    String ws = Requests.workspace(ctx);
    String eventId = Requests.eventId(ctx);
    pool.preparedQuery("SELECT e.seq, e.id, e.kind, e.received_at, e.skip_reason, p.seq IS NOT NULL AS pending "
            + "FROM events e LEFT JOIN pending_events p ON p.seq = e.seq WHERE e.workspace_id = $1 AND e.id = $2")
        .execute(Tuple.of(ws, eventId))
        .compose(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Workspace '" + ws + "' has no event '" + eventId + "' (events are kept for "
                + "the log retention period).");
          }
          Row event = rows.iterator().next();
          return pool.preparedQuery("SELECT webhook_id, event_type, success, status_code, attempted_at FROM attempts "
                  + "WHERE event_seq = $1 AND NOT test ORDER BY id").execute(Tuple.of(event.getLong("seq")))
              .map(attempts -> json(event, attempts));
        })
        .onSuccess(json -> Responses.json(ctx, 200, json))
        .onFailure(ctx::fail);
  }

  private static JsonObject json(Row event, Iterable<Row> attempts) {
    JsonArray deliveries = new JsonArray();
    for (Row a : attempts) {
      deliveries.add(new JsonObject().put("webhook_id", a.getUUID("webhook_id").toString())
          .put("event_type", a.getString("event_type")).put("success", a.getBoolean("success"))
          .put("status_code", a.getInteger("status_code"))
          .put("attempted_at", Times.iso(a.getOffsetDateTime("attempted_at"))));
    }
    String skip = event.getString("skip_reason");
    String status = skip != null ? "skipped" : event.getBoolean("pending") ? "pending" : "dispatched";
    return new JsonObject().put("id", event.getString("id")).put("type", event.getString("kind"))
        .put("received_at", Times.iso(event.getOffsetDateTime("received_at"))).put("status", status)
        .put("skip_reason", skip).put("deliveries", deliveries);
  }
}
