package io.hookline.event;

import io.hookline.tracing.TraceParent;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * An event committed to the journal that fires at least one type: what fan-out needs to render and route it.
 * {@code reactions} is the aggregate fixed at commit (reactions only, else empty). {@code trace}: where its fan-out
 * span hangs, when tracing is on and the event comes straight from ingest; null otherwise (read back from
 * PostgreSQL, or tracing off).
 */
public record AcceptedEvent(
        long seq,
        String eventId,
        IngestEvent event,
        List<WebhookEventType> types,
        Map<String, String> reactions,
        OffsetDateTime receivedAt,
        TraceParent trace) {

    public AcceptedEvent(
            long seq,
            String eventId,
            IngestEvent event,
            List<WebhookEventType> types,
            Map<String, String> reactions,
            OffsetDateTime receivedAt) {
        this(seq, eventId, event, types, reactions, receivedAt, null);
    }
}
