package io.hookline.ingest;

import io.hookline.http.ApiException;
import io.hookline.http.BearerTokens;
import io.hookline.http.JsonBodies;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The checks every ingest call passes before its body is read: accepting at all, token, content type, size. Each is
 * a function from the request to its problem (null when there is none), so the router and {@link SingleEventShortcut}
 * apply the very same rules.
 */
final class IngestGuards {

    /** A check of a request's head: the error to answer, or null when the request passes. */
    interface Guard extends Function<HttpServerRequest, ApiException> {}

    private IngestGuards() {}

    /** The guards of one ingest path, in the order they are answered. */
    static List<Guard> of(BearerTokens tokens, BooleanSupplier accepting, long maxBytes, String what) {
        return List.of(accepting(accepting), ingestToken(tokens), jsonContentType(), maxBody(maxBytes, what));
    }

    /** The guard as a route handler: the next handler when the request passes, the guard's error otherwise. */
    static Handler<RoutingContext> handler(Guard guard) {
        return ctx -> {
            ApiException problem = guard.apply(ctx.request());
            if (problem == null) {
                ctx.next();
            } else {
                ctx.fail(problem);
            }
        };
    }

    /** 503 while the process is shutting down: producers should send to another instance or retry. */
    static Guard accepting(BooleanSupplier accepting) {
        return request -> accepting.getAsBoolean()
                ? null
                : new ApiException(
                        503,
                        "shutting_down",
                        "This Hookline instance is shutting down and accepts no new events; retry shortly.");
    }

    static Guard ingestToken(BearerTokens tokens) {
        return request -> {
            String token = BearerTokens.extract(request);
            if (token == null) {
                return ApiException.unauthorized(
                        "Send an ingest token as 'Authorization: Bearer <token>', in one Authorization header.");
            }
            return tokens.matches(token)
                    ? null
                    : ApiException.unauthorized("The bearer token is not a valid ingest token.");
        };
    }

    static Guard jsonContentType() {
        return JsonBodies::problem;
    }

    /** Refuses a declared oversize body before reading it; the body reader enforces the same limit on the bytes. */
    static Guard maxBody(long limit, String what) {
        return request -> {
            long declared = declaredLength(request);
            return declared > limit ? tooLarge(limit, what) : null;
        };
    }

    /** The Content-Length the request declares, or -1 when it declares none or one that is not a number. */
    static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException ignored) {
            return -1; // Vert.x itself rejects malformed Content-Length headers
        }
    }

    static ApiException tooLarge(long limit, String what) {
        return new ApiException(
                413, "payload_too_large", what + " is larger than " + (limit / (1024 * 1024)) + " MiB.");
    }
}
