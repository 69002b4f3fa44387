package io.hookline.delivery;

import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookRef;
import java.util.ArrayDeque;
import java.util.UUID;

/**
 * The deliveries of one webhook: a bounded queue and a cap on requests in flight, so a slow or dead receiver
 * ties up only its own lane. What does not fit is deferred — it stays pending in PostgreSQL and the re-drive
 * brings it back — instead of growing memory.
 *
 * <p>Confined to its delivery verticle's event loop.
 */
final class WebhookLane {

  private final UUID webhookId;
  private final Subscriptions subscriptions;
  private final Sender sender;
  private final OutcomeWriter writer;
  private final int capacity;
  private final int maxInFlight;
  private final DeliveryBudget budget;
  private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
  private int inFlight;

  WebhookLane(UUID webhookId, Subscriptions subscriptions, Sender sender, OutcomeWriter writer, int capacity,
              int maxInFlight, DeliveryBudget budget) {
    this.webhookId = webhookId;
    this.subscriptions = subscriptions;
    this.sender = sender;
    this.writer = writer;
    this.capacity = capacity;
    this.maxInFlight = maxInFlight;
    this.budget = budget;
  }

  void offer(Delivery delivery) {
    if (queue.size() >= capacity || !budget.tryAcquire()) {
      writer.dropped(delivery.ticket().markDeferred());
      return;
    }
    queue.add(delivery);
    pump();
  }

  int queued() {
    return queue.size();
  }

  int inFlight() {
    return inFlight;
  }

  private void pump() {
    while (inFlight < maxInFlight && !queue.isEmpty()) {
      Delivery delivery = queue.poll();
      budget.release();
      // The current definition decides: a webhook disabled or deleted after fan-out gets nothing more.
      WebhookRef current = subscriptions.get(webhookId);
      if (current == null || !current.enabled()) {
        writer.dropped(delivery.ticket());
        continue;
      }
      inFlight++;
      sender.send(current, delivery.payload(), false, delivery.ticket()).onComplete(ar -> {
        inFlight--;
        writer.attempt(ar.result());
        pump();
      });
    }
  }
}
