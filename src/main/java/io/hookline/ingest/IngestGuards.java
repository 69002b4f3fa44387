package io.hookline.ingest;

import io.hookline.http.ApiException;
import io.hookline.http.BearerTokens;
import io.hookline.http.JsonBodies;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;

/** The checks every ingest call passes before its body is read: accepting at all, token, content type, size. */
final class IngestGuards {

    private IngestGuards() {}

    /** 503 while the process is shutting down: producers should send to another instance or retry. */
    static Handler<RoutingContext> accepting(BooleanSupplier accepting) {
        return ctx -> {
            if (accepting.getAsBoolean()) {
                ctx.next();
            } else {
                ctx.fail(new ApiException(
                        503,
                        "shutting_down",
                        "This Hookline instance is shutting down and accepts no new events; retry shortly."));
            }
        };
    }

    static Handler<RoutingContext> ingestToken(BearerTokens tokens) {
        return ctx -> {
            String token = BearerTokens.extract(ctx.request());
            if (token == null) {
                ctx.fail(ApiException.unauthorized("Send an ingest token as 'Authorization: Bearer <token>'."));
            } else if (!tokens.matches(token)) {
                ctx.fail(ApiException.unauthorized("The bearer token is not a valid ingest token."));
            } else {
                ctx.next();
            }
        };
    }

    static Handler<RoutingContext> jsonContentType() {
        return ctx -> {
            String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (JsonBodies.isJson(type)) {
                ctx.next();
            } else {
                ctx.fail(JsonBodies.unsupported(type));
            }
        };
    }

    /** Refuses a declared oversize body before reading it; the body handler enforces the same limit on the bytes. */
    static Handler<RoutingContext> maxBody(long limit, String what) {
        return ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                try {
                    if (Long.parseLong(length.trim()) > limit) {
                        ctx.fail(tooLarge(limit, what));
                        return;
                    }
                } catch (NumberFormatException ignored) {
                    // Vert.x itself rejects malformed Content-Length headers
                }
            }
            ctx.next();
        };
    }

    static ApiException tooLarge(long limit, String what) {
        return new ApiException(
                413, "payload_too_large", what + " is larger than " + (limit / (1024 * 1024)) + " MiB.");
    }
}
