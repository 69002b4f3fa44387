package io.hookline.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.function.Function;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers; ignores a client that has already gone away. */
public final class Responses {

  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  private Responses() {
  }

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    json(ctx, status, body.toBuffer());
  }

  /** {@code {"data": [...]}} from the rows of a query, or the query's failure. */
  public static void list(RoutingContext ctx, Future<RowSet<Row>> rows, Function<Row, JsonObject> toJson) {
    rows.onSuccess(result -> {
      JsonArray data = new JsonArray();
      result.forEach(row -> data.add(toJson.apply(row)));
      json(ctx, 200, new JsonObject().put("data", data));
    }).onFailure(ctx::fail);
  }

  public static void json(RoutingContext ctx, int status, Buffer body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(body);
  }
}
