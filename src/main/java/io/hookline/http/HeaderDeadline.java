package io.hookline.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Closes a connection that has not delivered a complete request head within the deadline of opening, or of the
 * end of its last answer. Vert.x only has idle timeouts, which every trickled byte resets; this clock does not
 * care about bytes, only about whether a request has begun. While an exchange is under way (head received, answer
 * not yet finished) there is no deadline, so slow answers are never cut.
 *
 * <p>One instance per listener instance: its handlers all run on that listener's event loop, so the map needs no
 * locking. A sweep once a second does the closing, so the hot path only counts and reads the clock (no timer per
 * request); a connection is closed between the deadline and one sweep later.
 */
final class HeaderDeadline {

    static final long SWEEP_MS = 1000;

    /** Per connection: exchanges under way (several with pipelining) and since when it has had none. */
    private static final class State {
        int exchanges;
        long idleSinceNanos = System.nanoTime();

        void ended() {
            if (--exchanges == 0) {
                idleSinceNanos = System.nanoTime();
            }
        }
    }

    private final long deadlineNanos;
    private final Map<HttpConnection, State> connections = new HashMap<>();

    /** Call on the listener's context: the sweep belongs to its deployment and ends with it. */
    HeaderDeadline(Vertx vertx, Duration deadline) {
        this.deadlineNanos = deadline.toNanos();
        vertx.setPeriodic(SWEEP_MS, id -> sweep());
    }

    void connectionOpened(HttpConnection connection) {
        connections.put(connection, new State());
        connection.closeHandler(v -> connections.remove(connection));
    }

    /**
     * The first route of the router: a request head has arrived. Its end is observed through the routing context
     * (the response's own end handler belongs to Vert.x Web, which replaces it when a body handler is used).
     */
    void exchangeBegins(RoutingContext ctx) {
        State state = begin(ctx.request());
        if (state != null) {
            ctx.addEndHandler(ar -> state.ended());
        }
        ctx.next();
    }

    /** A request a {@link Shortcut} serves: no routing context, so its end is the response's own. */
    void exchangeBegins(HttpServerRequest request) {
        State state = begin(request);
        if (state != null) {
            request.response().endHandler(v -> state.ended());
        }
    }

    private State begin(HttpServerRequest request) {
        State state = connections.get(request.connection());
        if (state != null) {
            state.exchanges++;
        }
        return state;
    }

    private void sweep() {
        long now = System.nanoTime();
        List<HttpConnection> late = new ArrayList<>();
        connections.forEach((connection, state) -> {
            if (state.exchanges == 0 && now - state.idleSinceNanos > deadlineNanos) {
                late.add(connection);
            }
        });
        for (HttpConnection connection : late) {
            connections.remove(connection);
            connection.close();
        }
    }
}
