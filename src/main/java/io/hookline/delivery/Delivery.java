package io.hookline.delivery;

import io.hookline.payload.RenderedPayload;
import io.hookline.progress.EventTicket;
import io.hookline.tracing.TraceParent;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.Promise;
import java.util.UUID;

/**
 * One POST to make: a rendered payload for one webhook, the ticket of the event it belongs to, and when that event
 * was committed (for the ingest-to-delivery latency). A direct send (resend, recover; see {@link DirectSends}) has no
 * ticket but a promise, completed with its attempt once stored. {@code trace}: the fan-out span its attempt is a
 * child of; null while tracing is off, and for sends that start a trace of their own. {@code recovery}: the recovery
 * job that sends it, whose progress its attempt counts into; null for everything else.
 */
public record Delivery(
        WebhookRef webhook,
        RenderedPayload payload,
        EventTicket ticket,
        long receivedAtMillis,
        Trigger trigger,
        Promise<AttemptRecord> stored,
        TraceParent trace,
        UUID recovery) {

    public Delivery(WebhookRef webhook, RenderedPayload payload, EventTicket ticket, long receivedAtMillis) {
        this(webhook, payload, ticket, receivedAtMillis, Trigger.DELIVERY, null, null, null);
    }

    public Delivery(
            WebhookRef webhook, RenderedPayload payload, EventTicket ticket, long receivedAtMillis, TraceParent trace) {
        this(webhook, payload, ticket, receivedAtMillis, Trigger.DELIVERY, null, trace, null);
    }

    public Delivery(
            WebhookRef webhook,
            RenderedPayload payload,
            EventTicket ticket,
            long receivedAtMillis,
            Trigger trigger,
            Promise<AttemptRecord> stored) {
        this(webhook, payload, ticket, receivedAtMillis, trigger, stored, null, null);
    }

    boolean direct() {
        return stored != null;
    }
}
