package io.hookline.http;

import io.hookline.store.StorageErrors;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns failures into JSON error bodies: domain {@link ApiException}s, the status
 * codes Vert.x Web fails with itself (404, 405, 413 from the body handler), and anything unexpected (500, logged).
 */
public final class FailureHandler implements Handler<RoutingContext> {

    /**
     * Routes a router's failures here, including the statuses Vert.x Web answers itself when no route matches (404,
     * 405) or when a path cannot be decoded (400, e.g. {@code %ZZ}): those never reach a route's failure handler and
     * would otherwise be HTML, plain text or empty.
     */
    public static void install(Router router) {
        router.route().failureHandler(new FailureHandler(500, router));
        for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
            router.errorHandler(status, new FailureHandler(status, router));
        }
    }

    /**
     * Answers a request the HTTP decoder refused (Vert.x's default answers with an empty body): 414 for a request
     * line longer than the listener allows, 431 for too many header bytes, 400 for anything else unreadable. The
     * connection is closed afterwards, as the decoder cannot tell where the next request would start.
     */
    public static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        JsonObject body;
        int status;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            body = ErrorBody.of(
                    "uri_too_long",
                    "The request line is longer than " + Listener.MAX_REQUEST_LINE + " bytes; shorten the URL.",
                    null);
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            body = ErrorBody.of(
                    "headers_too_large",
                    "The request headers are larger than " + Listener.MAX_HEADER_BYTES + " bytes in all.",
                    null);
        } else {
            status = 400;
            body = MALFORMED;
        }
        notToBeKept(request.response())
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body.toBuffer())
                .onComplete(ar -> request.connection().close());
    }

    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);
    private static final CharSequence WWW_AUTHENTICATE = HttpHeaders.createOptimized("WWW-Authenticate");
    private static final CharSequence BEARER = HttpHeaders.createOptimized("Bearer");
    private static final JsonObject MALFORMED = ErrorBody.of(
            "malformed_request",
            "The request could not be read: "
                    + "check the request line, the Host header and the path's %-escapes (UTF-8).",
            null);

    /** The status to answer when Vert.x Web calls this without saying one (its error handlers by status). */
    private final int defaultStatus;
    /** The router this handles failures for, asked which methods a path takes when the answer is a 405. */
    private final Router router;

    private FailureHandler(int defaultStatus, Router router) {
        this.defaultStatus = defaultStatus;
        this.router = router;
    }

    /**
     * API answers carry secrets (signing secrets, new tokens) and workspace data: no cache along the way may keep
     * them, and no browser may read them as anything but the JSON they are declared as. Error answers get the same,
     * including those given before any route ran (a path that cannot be decoded, a request line too long).
     */
    public static HttpServerResponse notToBeKept(HttpServerResponse response) {
        return response.putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE).putHeader(NOSNIFF_HEADER, NOSNIFF);
    }

    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
    private static final CharSequence NOSNIFF_HEADER = HttpHeaders.createOptimized("X-Content-Type-Options");
    private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");

    @Override
    public void handle(RoutingContext ctx) {
        if (!ctx.response().headWritten()) {
            notToBeKept(ctx.response());
        }
        Throwable failure = ctx.failure();
        if (failure instanceof ApiException) {
            answer(ctx.request(), failure);
            return;
        }
        if (failure != null && !ctx.request().isEnded() && unreadableBody(failure)) {
            // the HTTP decoder could not read the body (a bad chunk size): the client's fault, not worth an ERROR;
            // Vert.x closes such a connection itself, so this answer reaches a client only if it is still open
            LOG.debug(
                    "Unreadable body on {} {}: {}",
                    ctx.request().method(),
                    ctx.request().path(),
                    failure.toString());
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            Responses.json(ctx, 400, MALFORMED);
            return;
        }
        int status;
        if (failure instanceof HttpException http) {
            status = http.getStatusCode();
        } else if (failure != null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            status = ctx.statusCode(); // Vert.x Web failing the request itself, e.g. 400 for a missing Host header
        } else if (failure != null) {
            unexpected(ctx.request(), failure);
            return;
        } else {
            status = ctx.statusCode() > 0 ? ctx.statusCode() : defaultStatus;
        }
        if (status == 405) {
            ctx.response().putHeader(HttpHeaders.ALLOW, AllowedMethods.on(router, ctx.normalizedPath()));
        }
        Responses.json(ctx, status < 400 ? 500 : status, statusBody(ctx, status));
    }

    /** The answer to a failure of a request served without the router ({@link Shortcut}): as the router answers. */
    public static void answer(HttpServerRequest request, Throwable failure) {
        if (failure instanceof ApiException api) {
            if (api.status() == 401) {
                // RFC 9110 §11.6.1: a 401 names the scheme the credentials must use
                request.response().putHeader(WWW_AUTHENTICATE, BEARER);
            }
            Responses.json(request.response(), api.status(), JsonAnswers.encode(ErrorBody.of(api)));
        } else {
            unexpected(request, failure);
        }
    }

    /**
     * Thrown by Netty's HTTP decoder while it read a request's body (a malformed chunk size): the request, not Hookline,
     * is broken. Recognised by where it was thrown, since Netty throws plain exceptions for it.
     */
    private static boolean unreadableBody(Throwable failure) {
        StackTraceElement[] trace = failure.getStackTrace();
        return (failure instanceof IllegalArgumentException
                        || failure instanceof io.netty.handler.codec.DecoderException)
                && trace.length > 0
                && trace[0].getClassName().equals("io.netty.handler.codec.http.HttpObjectDecoder");
    }

    /** A failure no handler expected: 503 when the database is down (worth a retry), otherwise 500, logged. */
    private static void unexpected(HttpServerRequest request, Throwable failure) {
        if (StorageErrors.isUnavailable(failure)) {
            LOG.warn("Storage unavailable on {} {}: {}", request.method(), request.path(), failure.toString());
            Responses.json(
                    request.response(),
                    503,
                    ErrorBody.of(ApiException.unavailable("The database is unavailable; retry later."))
                            .toBuffer());
        } else {
            LOG.error("Unhandled failure on {} {}", request.method(), request.path(), failure);
            Responses.json(
                    request.response(),
                    500,
                    ErrorBody.of("internal_error", "Something went wrong on our side; it was logged.", null)
                            .toBuffer());
        }
    }

    /** The body for a status Vert.x Web failed with itself (or an unknown one), naming what to fix where it can. */
    private static JsonObject statusBody(RoutingContext ctx, int status) {
        return switch (status) {
            case 400 -> MALFORMED;
            case 404 ->
                ErrorBody.of("not_found", "No such resource: " + ctx.request().path(), null);
            case 405 ->
                ErrorBody.of(
                        "method_not_allowed",
                        ctx.request().method() + " is not allowed on "
                                + ctx.request().path(),
                        null);
            case 413 -> ErrorBody.of("payload_too_large", "The request body is larger than allowed here.", null);
            case 415 -> ErrorBody.of("unsupported_media_type", "Send the body as application/json.", null);
            default -> ErrorBody.of("http_" + status, "The request failed with status " + status + ".", null);
        };
    }
}
