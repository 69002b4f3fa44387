package io.hookline.tracing;

/**
 * Counts what became of the spans Hookline ended, for the metrics: {@code ended}, {@code exported} (the collector
 * took them) and {@code export_failed} (it did not; they are dropped). Ended spans counted in neither of the others
 * were dropped because the export queue was full, or are still queued. Called from any thread.
 */
@FunctionalInterface
public interface SpanCounter {

    SpanCounter NONE = (outcome, spans) -> {};

    void counted(String outcome, int spans);
}
