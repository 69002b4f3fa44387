package io.hookline.admin;

import io.hookline.http.Responses;
import io.hookline.http.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** The workspace's notification mails and their delivery state: {@code GET /v1/workspaces/{ws}/notifications}. */
final class NotificationRoutes {

  private final Pool pool;

  NotificationRoutes(Pool pool) {
    this.pool = pool;
  }

  void addRoutes(Router router) {
    router.get("/v1/workspaces/:ws/notifications").handler(this::list);
  }

  private void list(RoutingContext ctx) {
    String ws = Requests.workspace(ctx);
    int limit = Requests.limit(ctx, 100);
    Responses.list(ctx, pool.preparedQuery("SELECT id, kind, webhook_id, to_address, subject, status, attempts, "
        + "last_error, created_at, sent_at FROM notifications WHERE workspace_id = $1 ORDER BY id DESC LIMIT $2")
        .execute(Tuple.of(ws, limit)), NotificationRoutes::json);
  }

  private static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("kind", r.getString("kind"))
        .put("webhook_id", r.getUUID("webhook_id") == null ? null : r.getUUID("webhook_id").toString())
        .put("to", r.getString("to_address")).put("subject", r.getString("subject"))
        .put("status", r.getString("status")).put("attempts", r.getInteger("attempts"))
        .put("last_error", r.getString("last_error")).put("created_at", Times.iso(r.getOffsetDateTime("created_at")))
        .put("sent_at", Times.iso(r.getOffsetDateTime("sent_at")));
  }
}
