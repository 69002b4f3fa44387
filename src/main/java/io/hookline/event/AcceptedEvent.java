package io.hookline.event;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * An event committed to the journal that fires at least one type: what fan-out needs to render and route it.
 * {@code reactions} is the aggregate fixed at commit (reactions only, else empty).
 */
public record AcceptedEvent(long seq, String eventId, IngestEvent event, List<WebhookEventType> types,
                            Map<String, String> reactions, OffsetDateTime receivedAt) {
}
