package io.hookline.tracing;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in Hookline's own log (text or JSON, like every other line) when the collector does not take spans, at most
 * once a minute, and when it takes them again. The SDK's own reports go to java.util.logging, i.e. unformatted to
 * standard error, so they are silenced.
 */
final class ReportedExporter implements SpanExporter {

    private static final Logger LOG = LoggerFactory.getLogger(ReportedExporter.class);
    private static final long REPORT_EVERY_NANOS = 60_000_000_000L;
    /** Held so that its level stays set (java.util.logging keeps loggers only weakly). */
    private static final java.util.logging.Logger SDK_EXPORT_LOG =
            java.util.logging.Logger.getLogger("io.opentelemetry.exporter");

    private final SpanExporter exporter;
    private final String endpoint;
    private volatile boolean failing;
    private volatile long reportedAt;

    private final SpanCounter counter;

    ReportedExporter(SpanExporter exporter, String endpoint, SpanCounter counter) {
        SDK_EXPORT_LOG.setLevel(Level.OFF);
        this.exporter = exporter;
        this.endpoint = endpoint;
        this.counter = counter;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        CompletableResultCode result = exporter.export(spans);
        int count = spans.size();
        result.whenComplete(() -> {
            counter.counted(result.isSuccess() ? "exported" : "export_failed", count);
            if (result.isSuccess()) {
                if (failing) {
                    failing = false;
                    LOG.info("Traces: the collector at {} takes spans again", endpoint);
                }
                return;
            }
            long now = System.nanoTime();
            if (!failing || now - reportedAt > REPORT_EVERY_NANOS) {
                reportedAt = now;
                LOG.warn(
                        "Traces: the collector at {} did not take {} spans ({}); spans are dropped until it does",
                        endpoint,
                        count,
                        describe(result.getFailureThrowable()));
            }
            failing = true;
        });
        return result;
    }

    /**
     * What went wrong, for an operator: the collector's HTTP status when it answered, else the chain of causes below
     * the exporter's own wrapper (e.g. {@code ConnectException / ClosedChannelException} when nothing listens).
     */
    private static String describe(Throwable failure) {
        if (failure == null) {
            return "refused";
        }
        if (failure instanceof FailedExportException.HttpExportException http && http.failedWithResponse()) {
            return "HTTP " + http.getResponse().getStatusCode();
        }
        StringBuilder out = new StringBuilder();
        Throwable at = failure;
        for (int depth = 0; at != null && depth < 6; depth++, at = at.getCause() == at ? null : at.getCause()) {
            if (at.getCause() != null && isWrapper(at)) {
                continue; // says nothing of its own
            }
            if (out.length() > 0) {
                out.append(" / ");
            }
            out.append(at.getClass().getSimpleName());
            if (at.getMessage() != null && !at.getMessage().isBlank()) {
                out.append(": ").append(at.getMessage());
            }
        }
        return out.toString();
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof FailedExportException
                || t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException;
    }

    @Override
    public CompletableResultCode flush() {
        return exporter.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return exporter.shutdown();
    }
}
