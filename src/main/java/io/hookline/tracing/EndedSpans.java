package io.hookline.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Counts every span that ends, ahead of the export queue: what the collector took, or was refused, is counted by
 * {@link ReportedExporter}, so the difference is what the full queue dropped.
 */
final class EndedSpans implements SpanProcessor {

    private final SpanCounter counter;

    EndedSpans(SpanCounter counter) {
        this.counter = counter;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        counter.counted("ended", 1);
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }
}
