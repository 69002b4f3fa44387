package io.hookline.delivery;

import io.hookline.webhook.WebhookRef;

/** One POST to make: a rendered payload for one webhook, and the ticket of the event it belongs to. */
public record Delivery(WebhookRef webhook, RenderedPayload payload, EventTicket ticket, long createdNanos) {
}
