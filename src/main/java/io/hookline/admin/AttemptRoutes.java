package io.hookline.admin;

import io.hookline.http.ApiException;
import io.hookline.http.Responses;
import io.hookline.store.AttemptLog;
import io.hookline.webhook.WebhookStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.UUID;
import java.util.function.Function;

/** "Last sending attempts", "Download log" and "Save and test" for one webhook. */
final class AttemptRoutes {

  private final Pool pool;
  private final WebhookStore webhooks;
  private final TestSend testSend;

  AttemptRoutes(Pool pool, WebhookStore webhooks, TestSend testSend) {
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
    int limit = Requests.limit(ctx, 20);
    query(ws, id, () -> AttemptLog.summaries(pool, id, limit), AttemptJson::summary)
        .onSuccess(data -> Responses.json(ctx, 200, new JsonObject().put("data", data)))
        .onFailure(ctx::fail);
  }

  private void log(RoutingContext ctx) {
    String ws = Requests.workspace(ctx);
    UUID id = Requests.uuid(ctx, "id", "webhook");
    int limit = Requests.limit(ctx, 100);
    query(ws, id, () -> AttemptLog.log(pool, id, limit), AttemptJson::logEntry)
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

  /** Runs the query after checking the webhook belongs to the workspace. */
  private Future<JsonArray> query(String ws, UUID id, java.util.function.Supplier<Future<RowSet<Row>>> query,
                                  Function<Row, JsonObject> toJson) {
    return webhooks.exists(ws, id)
        .compose(found -> found ? query.get()
            : Future.failedFuture(ApiException.notFound("Workspace '" + ws + "' has no webhook " + id + ".")))
        .map(rows -> {
          JsonArray data = new JsonArray();
          rows.forEach(row -> data.add(toJson.apply(row)));
          return data;
        });
  }
}
