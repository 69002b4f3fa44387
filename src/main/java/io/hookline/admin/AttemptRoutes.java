package io.hookline.admin;

import io.hookline.http.ApiException;
import io.hookline.http.Responses;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.function.Function;

/** "Last sending attempts", "Download log" and "Save and test" for one webhook. */
final class AttemptRoutes {

  private final Pool pool;
  private final TestSend testSend;

  AttemptRoutes(Pool pool, TestSend testSend) {
    this.pool = pool;
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
    int limit = Requests.limit(ctx, 20);
    query(ws, id, "SELECT a.id, a.event_id, a.event_type, a.attempted_at, a.duration_ms, a.success, a.status_code, "
        + "a.error, a.test FROM attempts a WHERE a.webhook_id = $1 ORDER BY a.id DESC LIMIT $2", limit,
        AttemptJson::summary)
        .onSuccess(data -> Responses.json(ctx, 200, new JsonObject().put("data", data)))
        .onFailure(ctx::fail);
  }

  private void log(RoutingContext ctx) {
    String ws = Requests.workspace(ctx);
    UUID id = Requests.uuid(ctx, "id", "webhook");
    int limit = Requests.limit(ctx, 100);
    query(ws, id, "SELECT " + AttemptJson.LOG_COLUMNS + " FROM attempts a " + AttemptJson.PAYLOAD_JOIN
        + " WHERE a.webhook_id = $1 ORDER BY a.id DESC LIMIT $2", limit, AttemptJson::logEntry)
        .onSuccess(data -> {
          ctx.response().putHeader(HttpHeaders.CONTENT_DISPOSITION,
              "attachment; filename=\"webhook-" + id + "-log.json\"");
          Responses.json(ctx, 200, data.toBuffer());
        })
        .onFailure(ctx::fail);
  }

  private void test(RoutingContext ctx) {
    String ws = Requests.workspace(ctx);
    UUID id = Requests.uuid(ctx, "id", "webhook");
    testSend.run(ws, id).onSuccess(attempt -> Responses.json(ctx, 200, attempt)).onFailure(ctx::fail);
  }

  /** Runs {@code sql} ($1 webhook id, $2 limit) after checking the webhook belongs to the workspace. */
  private Future<JsonArray> query(String ws, UUID id, String sql, int limit, Function<Row, JsonObject> toJson) {
    return pool.preparedQuery("SELECT 1 FROM webhooks WHERE workspace_id = $1 AND id = $2").execute(Tuple.of(ws, id))
        .compose(found -> found.size() == 0
            ? Future.failedFuture(ApiException.notFound("Workspace '" + ws + "' has no webhook " + id + "."))
            : pool.preparedQuery(sql).execute(Tuple.of(id, limit)))
        .map(rows -> {
          JsonArray data = new JsonArray();
          rows.forEach(row -> data.add(toJson.apply(row)));
          return data;
        });
  }
}
