package io.hookline.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers; ignores a client that has already gone away. */
public final class Responses {

    private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

    private Responses() {}

    public static void json(RoutingContext ctx, int status, JsonObject body) {
        json(ctx, status, JsonAnswers.encode(body));
    }

    public static void json(RoutingContext ctx, int status, Buffer body) {
        json(ctx.response(), status, body);
    }

    public static void json(HttpServerResponse response, int status, Buffer body) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                .end(body);
    }
}
