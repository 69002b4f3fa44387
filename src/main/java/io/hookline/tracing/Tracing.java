package io.hookline.tracing;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * OpenTelemetry tracing of an event's way through Hookline (docs/observability.md): the ingest request, the
 * group-commit write that stored it, its fan-out and each delivery attempt. Chosen once at start: {@link #OFF} unless
 * {@code HOOKLINE_OTLP_ENDPOINT} is set. Callers ask {@link #on()} before doing any work for tracing, so with tracing
 * off an event costs one boolean read per stage and a null field, and no OpenTelemetry object is ever made.
 *
 * <p>A stage hands the next one a {@link TraceParent} (null while off). Every method may be called from any thread.
 */
public interface Tracing {

    /** Tracing off: nothing is recorded, and no {@code traceparent} header is sent. */
    Tracing OFF = new NoTracing();

    /** Tracing that exports to the OTLP/HTTP collector at {@code endpoint}, or {@link #OFF} when it is empty. */
    static Tracing of(String endpoint, String version, String instanceId) {
        return of(endpoint, version, instanceId, SpanCounter.NONE);
    }

    /** As {@link #of(String, String, String)}, telling {@code counter} what became of the spans. */
    static Tracing of(String endpoint, String version, String instanceId, SpanCounter counter) {
        return endpoint == null || endpoint.isEmpty()
                ? OFF
                : OtlpTracing.create(endpoint, version, instanceId, counter);
    }

    boolean on();

    /**
     * A route handler that opens the span of each ingest request to {@code route} (continuing the producer's trace
     * when the request has a {@code traceparent}) and ends it with the answer. Only added to the router while on.
     */
    Handler<RoutingContext> ingestRequests(String route);

    /** The span {@link #ingestRequests} opened for this request; {@link SpanHandle#NONE} if there is none. */
    SpanHandle request(RoutingContext ctx);

    /**
     * One group-commit write of {@code events} events: a child of the first sampled request among {@code requests}
     * (the requests of its events, in arrival order; nulls are skipped), with a link to each of the others.
     */
    SpanHandle commit(List<TraceParent> requests, int events);

    /**
     * Routing one committed event: a child of its request span, linked to the commit that stored it. Without a parent
     * it starts a new trace: a {@code redrive} brings an event back from PostgreSQL, long after its request.
     */
    SpanHandle fanout(TraceParent event, String workspaceId, String eventId, long seq, boolean redrive);

    /** One POST to a receiver: a child of the event's fan-out, or a new trace (resend, recovery, test, fold). */
    SpanHandle attempt(TraceParent parent, Attempt attempt);

    /** Exports what is still buffered (waiting up to a few seconds for the collector) and stops. Blocks. */
    void close();

    /** What an attempt span records about the request before it is made. */
    record Attempt(
            String trigger, String workspaceId, String webhookId, String eventId, boolean ssl, String host, int port) {}
}
