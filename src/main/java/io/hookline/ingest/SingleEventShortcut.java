package io.hookline.ingest;

import io.hookline.http.FailureHandler;
import io.hookline.http.Responses;
import io.hookline.http.Shortcut;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.List;

/**
 * {@code POST /v1/events} without Vert.x Web: the call producers make for every event, so its routing context, route
 * chain and body handler were per-event work, and code the JIT compiler had to get through before Hookline ran at
 * speed. It takes only requests that pass every ingest guard and declare a body length within the limit (so reading
 * the body is bounded without a body handler); anything else, refusals included, goes through the router, which
 * answers with the same guards. Not used while tracing is on: the router's first handler starts the request's span.
 */
final class SingleEventShortcut implements Shortcut {

    private static final String PATH = "/v1/events";

    private final List<IngestGuards.Guard> guards;
    private final EventHandlers handlers;

    SingleEventShortcut(List<IngestGuards.Guard> guards, EventHandlers handlers) {
        this.guards = guards;
        this.handlers = handlers;
    }

    @Override
    public boolean takes(HttpServerRequest request) {
        if (request.method() != HttpMethod.POST
                || !PATH.equals(request.path())
                || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                || request.getHeader(HttpHeaders.EXPECT) != null
                || (request.version() != HttpVersion.HTTP_1_0 && request.authority() == null)) {
            return false; // the router answers these (no readable Host is a 400, as on every other route)
        }
        if (IngestGuards.declaredLength(request) < 0) {
            return false; // no length to bound the read by; the maxBody guard below refuses one over the limit
        }
        for (IngestGuards.Guard guard : guards) {
            if (guard.apply(request) != null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void serve(HttpServerRequest request) {
        request.body().onComplete(ar -> {
            if (ar.failed()) {
                return; // the producer went away before its body arrived: nobody to answer
            }
            handlers.single(
                    ar.result(),
                    new EventHandlers.Reply() {
                        @Override
                        public void answer(int status, Buffer body) {
                            Responses.json(request.response(), status, body);
                        }

                        @Override
                        public void fail(Throwable failure) {
                            FailureHandler.answer(request, failure);
                        }
                    },
                    null);
        });
    }
}
