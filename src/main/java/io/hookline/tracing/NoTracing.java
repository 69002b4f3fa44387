package io.hookline.tracing;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Tracing off: every stage gets {@link SpanHandle#NONE}; no OpenTelemetry class is touched. */
final class NoTracing implements Tracing {

    @Override
    public boolean on() {
        return false;
    }

    @Override
    public Handler<RoutingContext> ingestRequests(String route) {
        return RoutingContext::next;
    }

    @Override
    public SpanHandle request(RoutingContext ctx) {
        return SpanHandle.NONE;
    }

    @Override
    public SpanHandle commit(List<TraceParent> requests, int events) {
        return SpanHandle.NONE;
    }

    @Override
    public SpanHandle fanout(TraceParent event, String workspaceId, String eventId, long seq, boolean redrive) {
        return SpanHandle.NONE;
    }

    @Override
    public SpanHandle attempt(TraceParent parent, Attempt attempt) {
        return SpanHandle.NONE;
    }

    @Override
    public void close() {}
}
