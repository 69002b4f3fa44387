package io.hookline.delivery;

import io.hookline.payload.RenderedPayload;
import io.hookline.progress.EventTicket;
import io.hookline.webhook.WebhookRef;

/**
 * One POST to make: a rendered payload for one webhook, the ticket of the event it belongs to, and when that event
 * was committed (for the ingest-to-delivery latency).
 */
public record Delivery(WebhookRef webhook, RenderedPayload payload, EventTicket ticket, long receivedAtMillis) {
}
