package io.hookline.recovery;

import io.hookline.event.AcceptedEvent;
import io.hookline.event.WebhookEventType;
import io.hookline.payload.PayloadRenderer;
import io.hookline.payload.RenderedPayload;
import io.hookline.webhook.WebhookRef;

/**
 * Whether a stored event can be sent to a webhook again, and the request it gets: rendered for that webhook (its
 * type and format), carrying the event's own id as {@code webhook-id}. The one place resend and recover decide
 * what matches, so a richer subscription (several types, filters) changes only this.
 */
public final class Resendable {

    private Resendable() {}

    /**
     * The webhook event type the event is sent as to this webhook (the most specific of its types that the event
     * fires), or null when the webhook does not take it: none of its types fire, or its filter rejects the event.
     */
    public static WebhookEventType typeFor(WebhookRef webhook, AcceptedEvent event) {
        return webhook.typeFor(event.event(), event.types());
    }

    public static RenderedPayload render(WebhookRef webhook, AcceptedEvent event, WebhookEventType type) {
        return PayloadRenderer.render(
                event.seq(), event.eventId(), event.event(), type, webhook.format(), event.reactions());
    }
}
