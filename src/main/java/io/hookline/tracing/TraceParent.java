package io.hookline.tracing;

import io.opentelemetry.api.trace.SpanContext;

/**
 * Where the next stage of an event's trace hangs: the span it is a child of and, after the journal commit, the
 * commit's span it links to. Opaque outside this package; only ever made while tracing is on.
 */
public final class TraceParent {

    final SpanContext span;
    final SpanContext link;

    TraceParent(SpanContext span, SpanContext link) {
        this.span = span;
        this.link = link;
    }

    /** The same parent, linked to {@code commit}'s span (the write that stored the event). */
    public TraceParent linkedTo(TraceParent commit) {
        return commit == null ? this : new TraceParent(span, commit.span);
    }

    /** 32 hex digits. */
    public String traceId() {
        return span.getTraceId();
    }
}
