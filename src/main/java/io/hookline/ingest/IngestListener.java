package io.hookline.ingest;

import io.hookline.http.BearerTokens;
import io.hookline.http.Listener;
import io.hookline.http.Responses;
import io.hookline.metrics.HooklineMetrics;
import io.hookline.tracing.Tracing;
import io.hookline.workspace.KnownWorkspaces;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The producers' listener (docs/api.md) on one event loop. Every event loop has one on the same port; each hands
 * what it accepts to its own group-commit journal.
 */
public final class IngestListener {

    private final Vertx vertx;
    private final EventJournal journal;
    private final HooklineMetrics metrics;
    private final KnownWorkspaces workspaces;
    private final Tracing tracing;
    private final Router router;
    /** POST /v1/events without the router; null while tracing is on (spans start in the router). */
    private final SingleEventShortcut shortcut;

    private HttpServer server;

    /** {@code tokens}: the ingest tokens (configured, or the generated one known by its hash). */
    public IngestListener(
            Vertx vertx,
            EventJournal journal,
            BearerTokens tokens,
            KnownWorkspaces workspaces,
            BooleanSupplier accepting,
            HooklineMetrics metrics) {
        this(vertx, journal, tokens, workspaces, accepting, metrics, Tracing.OFF);
    }

    public IngestListener(
            Vertx vertx,
            EventJournal journal,
            BearerTokens tokens,
            KnownWorkspaces workspaces,
            BooleanSupplier accepting,
            HooklineMetrics metrics,
            Tracing tracing) {
        this.vertx = vertx;
        this.tracing = tracing;
        this.journal = journal;
        this.metrics = metrics;
        this.workspaces = workspaces;
        EventHandlers handlers = new EventHandlers(journal, metrics, workspaces, tracing);
        this.router = routes(handlers, tokens, accepting);
        this.shortcut = tracing.on()
                ? null
                : new SingleEventShortcut(
                        IngestGuards.of(tokens, accepting, EventHandlers.MAX_EVENT_BYTES, "The event"), handlers);
    }

    private Router routes(EventHandlers handlers, BearerTokens tokens, BooleanSupplier accepting) {
        Router r = Router.router(vertx);
        r.get("/health").handler(ctx -> Responses.json(ctx, 200, new JsonObject().put("status", "UP")));
        // Guards and body reading are separate routes: Vert.x Web runs body handlers before user handlers on a route,
        // and a request must be refused (401, 415, 413) before its body is read.
        guarded(r, "/v1/events", tokens, accepting, EventHandlers.MAX_EVENT_BYTES, "The event");
        r.post("/v1/events")
                .handler(BodyHandler.create(false).setBodyLimit(EventHandlers.MAX_EVENT_BYTES))
                .handler(handlers::single);
        guarded(r, "/v1/events/batch", tokens, accepting, EventHandlers.MAX_BATCH_BYTES, "The batch");
        r.post("/v1/events/batch")
                .handler(BodyHandler.create(false).setBodyLimit(EventHandlers.MAX_BATCH_BYTES))
                .handler(handlers::batch);
        return r;
    }

    /** The request's span, when tracing is on, comes first: it covers refusals too, and continues the producer's trace. */
    private void guarded(
            Router router, String path, BearerTokens tokens, BooleanSupplier accepting, long maxBytes, String what) {
        if (tracing.on()) {
            router.post(path).handler(tracing.ingestRequests(path));
        }
        Route route = router.post(path);
        for (IngestGuards.Guard guard : IngestGuards.of(tokens, accepting, maxBytes, what)) {
            route.handler(IngestGuards.handler(guard));
        }
    }

    /** What this listener serves, e.g. for checking the API documentation against it. */
    public Router router() {
        return router;
    }

    /** {@code ingestTimeout}: the longest an answer may take (the journal's deadline). */
    public Future<HttpServer> listen(String host, int port, Duration ingestTimeout) {
        return Listener.listen(vertx, "ingest", router, shortcut, host, port, ingestTimeout)
                .onSuccess(s -> server = s);
    }

    /** Expires waiting events, and tells whether every request has its answer. */
    public boolean idle() {
        return journal.idle();
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
