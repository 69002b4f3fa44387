package io.hookline.fanout;

import io.hookline.delivery.Delivery;
import io.hookline.delivery.EventTicket;
import io.hookline.delivery.RenderedPayload;
import io.hookline.event.AcceptedEvent;
import io.hookline.event.PayloadFormat;
import io.hookline.event.WebhookEventType;
import io.hookline.webhook.WebhookRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an accepted event and the webhooks that want it into deliveries, rendering each distinct
 * (type, format) payload once and sharing the bytes.
 */
public final class DeliveryPlanner {

  private DeliveryPlanner() {
  }

  public static List<Delivery> plan(AcceptedEvent event, List<WebhookRef> webhooks) {
    return plan(event, webhooks, false);
  }

  /**
   * {@code more}: the event has other webhooks not planned now (no room for them), so when these deliveries are
   * done it must stay pending for the re-drive.
   */
  public static List<Delivery> plan(AcceptedEvent event, List<WebhookRef> webhooks, boolean more) {
    EventTicket ticket = new EventTicket(event.seq(), webhooks.size());
    if (more) {
      ticket.markDeferred();
    }
    Map<String, RenderedPayload> rendered = new HashMap<>(4);
    List<Delivery> deliveries = new ArrayList<>(webhooks.size());
    for (WebhookRef webhook : webhooks) {
      RenderedPayload payload = rendered.computeIfAbsent(webhook.eventType().wire() + '|' + webhook.format().wire(),
          key -> render(event, webhook.eventType(), webhook.format()));
      deliveries.add(new Delivery(webhook, payload, ticket, event.receivedAt().toInstant().toEpochMilli()));
    }
    return deliveries;
  }

  public static RenderedPayload render(AcceptedEvent event, WebhookEventType type, PayloadFormat format) {
    PayloadFormat effective = type.isMessageType() ? format : PayloadFormat.V2;
    return new RenderedPayload(event.seq(), event.eventId(), type, effective,
        PayloadRenderer.render(event.event(), type, effective, event.reactions()), false);
  }
}
