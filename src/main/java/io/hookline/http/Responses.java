package io.hookline.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers; ignores a client that has already gone away. */
public final class Responses {

    public static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

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
        end(response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON), body);
    }

    /**
     * Ends {@code response} with {@code body}, its length declared: Vert.x declares it only when it also sends the
     * body, so without this an answer to HEAD (served as GET) would leave it out, and HEAD must carry the headers
     * GET would.
     */
    public static void end(HttpServerResponse response, Buffer body) {
        response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()))
                .end(body);
    }
}
