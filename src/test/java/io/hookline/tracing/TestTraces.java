package io.hookline.tracing;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

/** Trace parents made up by tests, as if requests of another process had brought them. */
public final class TestTraces {

    private TestTraces() {}

    /** A sampled parent span {@code spanId} (16 hex digits) in trace {@code traceId} (32 hex digits). */
    public static TraceParent parent(String traceId, String spanId) {
        return new TraceParent(
                SpanContext.createFromRemoteParent(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault()),
                null);
    }
}
