package io.hookline.delivery;

import io.hookline.payload.RenderedPayload;
import io.hookline.progress.EventTicket;
import io.hookline.webhook.WebhookRef;
import io.vertx.core.Promise;

/**
 * One POST to make: a rendered payload for one webhook, the ticket of the event it belongs to, and when that event
 * was committed (for the ingest-to-delivery latency). A direct send (resend, recover; see {@link DirectSends}) has no
 * ticket but a promise, completed with its attempt once stored.
 */
public record Delivery(WebhookRef webhook, RenderedPayload payload, EventTicket ticket, long receivedAtMillis,
                       Trigger trigger, Promise<AttemptRecord> stored) {

  public Delivery(WebhookRef webhook, RenderedPayload payload, EventTicket ticket, long receivedAtMillis) {
    this(webhook, payload, ticket, receivedAtMillis, Trigger.DELIVERY, null);
  }

  boolean direct() {
    return stored != null;
  }
}
