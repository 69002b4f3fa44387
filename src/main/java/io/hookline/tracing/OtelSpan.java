package io.hookline.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.vertx.core.http.HttpClientRequest;

/** A {@link SpanHandle} over an OpenTelemetry span. */
final class OtelSpan implements SpanHandle {

    private static final TextMapSetter<HttpClientRequest> HEADERS = (request, name, value) -> {
        if (request != null) {
            request.putHeader(name, value);
        }
    };

    private final Span span;
    private TraceParent parent;

    OtelSpan(Span span) {
        this.span = span;
    }

    @Override
    public TraceParent parent() {
        if (parent == null) {
            parent = new TraceParent(span.getSpanContext(), null);
        }
        return parent;
    }

    @Override
    public SpanHandle set(String key, String value) {
        span.setAttribute(key, value);
        return this;
    }

    @Override
    public SpanHandle set(String key, long value) {
        span.setAttribute(key, value);
        return this;
    }

    @Override
    public void inject(HttpClientRequest request) {
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), request, HEADERS);
    }

    @Override
    public void end(String error) {
        if (error != null) {
            span.setStatus(StatusCode.ERROR, error);
        }
        span.end();
    }

    /** An ingest request's answer: its status, and an error for a 5xx (a 4xx is the producer's mistake, not ours). */
    void answered(int status) {
        span.setAttribute(SpanNames.HTTP_STATUS, status);
        end(status >= 500 ? "HTTP " + status : null);
    }

    /** An ingest request whose connection closed before it was answered: no status, an error saying so. */
    void unanswered() {
        span.setAttribute(SpanNames.ERROR_TYPE, "connection_closed");
        end("the connection closed before the answer was sent");
    }
}
