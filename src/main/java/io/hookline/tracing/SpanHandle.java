package io.hookline.tracing;

import io.vertx.core.http.HttpClientRequest;

/** One span being recorded. {@link #NONE} records nothing; a span is ended exactly once. */
public interface SpanHandle {

    SpanHandle NONE = new SpanHandle() {
        @Override
        public TraceParent parent() {
            return null;
        }

        @Override
        public SpanHandle set(String key, String value) {
            return this;
        }

        @Override
        public SpanHandle set(String key, long value) {
            return this;
        }

        @Override
        public void inject(HttpClientRequest request) {}

        @Override
        public void end(String error) {}
    };

    /** For children of this span; null for {@link #NONE}. */
    TraceParent parent();

    SpanHandle set(String key, String value);

    SpanHandle set(String key, long value);

    /** Puts this span's W3C {@code traceparent} (and {@code tracestate}, if any) on an outgoing request. */
    void inject(HttpClientRequest request);

    /** Ends the span; a non-null {@code error} marks it failed, with that text as its status description. */
    void end(String error);
}
