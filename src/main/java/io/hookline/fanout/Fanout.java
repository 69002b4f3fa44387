package io.hookline.fanout;

import io.hookline.delivery.AttemptWriter;
import io.hookline.delivery.Delivery;
import io.hookline.delivery.Lanes;
import io.hookline.event.AcceptedEvent;
import io.hookline.event.SkipReason;
import io.hookline.event.WebhookEventType;
import io.hookline.fold.FoldWriter;
import io.hookline.payload.PayloadRenderer;
import io.hookline.payload.RenderedPayload;
import io.hookline.progress.EventTicket;
import io.hookline.progress.Ledger;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookRef;
import io.hookline.webhook.WebhookStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Routes committed events to the enabled webhooks of their workspace that subscribe to one of their types and whose
 * filter lets them through, on the event loop that committed them: each distinct (type, format) payload is rendered once, and each webhook's
 * delivery goes to its lane here.
 *
 * <p>Confined to its slot's event loop.
 */
public final class Fanout {

  private final Subscriptions subscriptions;
  private final WebhookStore webhooks;
  private final Ledger ledger;
  private final Lanes lanes;
  private final AttemptWriter writer;
  private final FoldWriter folds;

  public Fanout(Subscriptions subscriptions, WebhookStore webhooks, Ledger ledger, Lanes lanes, AttemptWriter writer,
                FoldWriter folds) {
    this.folds = folds;
    this.subscriptions = subscriptions;
    this.webhooks = webhooks;
    this.ledger = ledger;
    this.lanes = lanes;
    this.writer = writer;
  }

  /** Events just committed by this slot's journal. */
  public void accept(List<AcceptedEvent> events) {
    long now = System.nanoTime();
    List<AcceptedEvent> unmatched = null;
    for (AcceptedEvent event : events) {
      List<WebhookRef> targets = subscriptions.targets(event.event().workspaceId(), event.types(), event.event());
      if (targets.isEmpty()) {
        if (unmatched == null) {
          unmatched = new ArrayList<>();
        }
        unmatched.add(event);
      } else {
        plan(event, targets, ledger.open(event.seq(), targets.size(), now));
      }
    }
    if (unmatched != null) {
      confirmUnmatched(unmatched, now);
    }
  }

  /**
   * A pending event brought back by the re-drive: sent to the webhooks that have no attempt for it yet (and
   * existed when it was received), as far as their lanes have room; it stays pending for the others.
   */
  public void redrive(AcceptedEvent event, Set<UUID> attempted) {
    List<WebhookRef> targets = new ArrayList<>();
    for (WebhookRef ref : subscriptions.targets(event.event().workspaceId(), event.types(), event.event())) {
      if (!attempted.contains(ref.id()) && !ref.createdAt().isAfter(event.receivedAt())) {
        targets.add(ref);
      }
    }
    long now = System.nanoTime();
    if (targets.isEmpty()) {
      EventTicket ticket = ledger.openParked(event.seq(), 1, now);
      if (attempted.isEmpty()) {
        writer.skip(ticket, noTargetReason(event));
      } else {
        ticket.markAttempted();
        writer.released(ticket);
      }
      return;
    }
    List<WebhookRef> withRoom = targets.stream().filter(w -> lanes.room(w.id()) > 0).toList();
    EventTicket ticket = ledger.openParked(event.seq(), Math.max(1, withRoom.size()), now);
    if (withRoom.size() < targets.size()) {
      ticket.markDeferred();
    }
    if (withRoom.isEmpty()) {
      writer.released(ticket);
    } else {
      plan(event, withRoom, ticket);
    }
  }

  /** A pending event that can no longer be read: set aside so it never blocks the others. */
  public void unreadable(long seq) {
    writer.skip(ledger.openParked(seq, 1, System.nanoTime()), SkipReason.UNREADABLE_EVENT);
  }

  /**
   * Each webhook gets the event once, as the most specific of its types the event fires; a webhook that folds
   * reactions gets it through its fold instead of its lane.
   */
  private void plan(AcceptedEvent event, List<WebhookRef> targets, EventTicket ticket) {
    RenderedPayload[] rendered = new RenderedPayload[4];
    long receivedAt = event.receivedAt().toInstant().toEpochMilli();
    for (int i = 0; i < targets.size(); i++) {
      WebhookRef webhook = targets.get(i);
      WebhookEventType type = webhook.firedType(event.types());
      if (webhook.folds(type)) {
        folds.add(webhook, event, ticket);
      } else {
        lanes.offer(new Delivery(webhook, payloadFor(event, webhook, type, rendered), ticket, receivedAt));
      }
    }
  }

  /** No webhook gets the event: filtered out when some subscribe to its types, else nobody wants it. */
  private SkipReason noTargetReason(AcceptedEvent event) {
    return subscriptions.hasSubscriber(event.event().workspaceId(), event.types()) ? SkipReason.FILTERED_OUT
        : SkipReason.NO_MATCHING_WEBHOOK;
  }

  /** Renders each distinct (type, format) once per event; at most four exist for one event. */
  private static RenderedPayload payloadFor(AcceptedEvent event, WebhookRef webhook, WebhookEventType type,
                                            RenderedPayload[] rendered) {
    for (int i = 0; i < rendered.length && rendered[i] != null; i++) {
      if (rendered[i].type() == type && rendered[i].format() == webhook.format()) {
        return rendered[i];
      }
    }
    RenderedPayload payload = PayloadRenderer.render(event.seq(), event.eventId(), event.event(), type,
        webhook.format(), event.reactions());
    for (int i = 0; i < rendered.length; i++) {
      if (rendered[i] == null) {
        rendered[i] = payload;
        break;
      }
    }
    return payload;
  }

  /**
   * The cache says no enabled webhook wants these events. Before skipping them, ask the database: another instance
   * may have created one a moment ago, and its notification may not have arrived here yet.
   */
  private void confirmUnmatched(List<AcceptedEvent> events, long now) {
    List<EventTicket> tickets = new ArrayList<>(events.size());
    events.forEach(e -> tickets.add(ledger.open(e.seq(), 1, now)));
    String[] workspaces = events.stream().map(e -> e.event().workspaceId()).distinct().toArray(String[]::new);
    webhooks.staleWorkspaces(workspaces, subscriptions)
        .compose(stale -> Future.join(stale.stream().map(subscriptions::reloadWorkspace).toList()))
        .onComplete(ar -> {
          for (int i = 0; i < events.size(); i++) {
            AcceptedEvent event = events.get(i);
            EventTicket ticket = tickets.get(i);
            List<WebhookRef> targets = ar.failed() ? List.of()
                : subscriptions.targets(event.event().workspaceId(), event.types(), event.event());
            if (ar.failed()) {
              // cannot tell now: the event is parked and the re-drive decides later
              ticket.markDeferred();
              writer.released(ticket);
            } else if (targets.isEmpty()) {
              writer.skip(ticket, noTargetReason(event));
            } else {
              ticket.addDeliveries(targets.size() - 1);
              plan(event, targets, ticket);
            }
          }
        });
  }
}
