package io.hookline.fanout;

import io.hookline.delivery.AttemptWriter;
import io.hookline.delivery.Delivery;
import io.hookline.delivery.Lanes;
import io.hookline.event.AcceptedEvent;
import io.hookline.event.SkipReason;
import io.hookline.event.WebhookEventType;
import io.hookline.fold.FoldWriter;
import io.hookline.ingest.CommitListener;
import io.hookline.payload.PayloadRenderer;
import io.hookline.payload.RenderedPayload;
import io.hookline.progress.EventTicket;
import io.hookline.progress.Ledger;
import io.hookline.tracing.SpanHandle;
import io.hookline.tracing.SpanNames;
import io.hookline.tracing.TraceParent;
import io.hookline.tracing.Tracing;
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
 * <p>With tracing on, each event's routing is a {@link SpanNames#FANOUT} span, and its deliveries are sent under it.
 *
 * <p>Confined to its slot's event loop.
 */
public final class Fanout implements CommitListener {

    private final Subscriptions subscriptions;
    private final WebhookStore webhooks;
    private final Ledger ledger;
    private final Lanes lanes;
    private final AttemptWriter writer;
    private final FoldWriter folds;
    private final Tracing tracing;
    private final Routing routing;

    public Fanout(
            Subscriptions subscriptions,
            WebhookStore webhooks,
            Ledger ledger,
            Lanes lanes,
            AttemptWriter writer,
            FoldWriter folds) {
        this(subscriptions, webhooks, ledger, lanes, writer, folds, Tracing.OFF);
    }

    public Fanout(
            Subscriptions subscriptions,
            WebhookStore webhooks,
            Ledger ledger,
            Lanes lanes,
            AttemptWriter writer,
            FoldWriter folds,
            Tracing tracing) {
        this.tracing = tracing;
        this.folds = folds;
        this.subscriptions = subscriptions;
        this.routing = new Routing(subscriptions);
        this.webhooks = webhooks;
        this.ledger = ledger;
        this.lanes = lanes;
        this.writer = writer;
    }

    @Override
    public List<WebhookRef> webhooksOf(String workspaceId) {
        return subscriptions.all(workspaceId);
    }

    /** Events just committed by this slot's journal, with their workspaces' webhooks as they were then. */
    @Override
    public void committed(List<AcceptedEvent> events, List<List<WebhookRef>> webhooks) {
        long now = System.nanoTime();
        List<AcceptedEvent> unmatched = null;
        List<List<WebhookRef>> unmatchedKnown = null;
        List<SpanHandle> unmatchedSpans = null;
        for (int i = 0; i < events.size(); i++) {
            AcceptedEvent event = events.get(i);
            SpanHandle span = tracing.on() ? span(event, false) : null;
            List<WebhookRef> targets = Subscriptions.targetsAmong(webhooks.get(i), event.types(), event.event());
            if (targets.isEmpty()) {
                if (unmatched == null) {
                    unmatched = new ArrayList<>();
                    unmatchedKnown = new ArrayList<>();
                    unmatchedSpans = tracing.on() ? new ArrayList<>() : null;
                }
                unmatched.add(event);
                unmatchedKnown.add(webhooks.get(i));
                if (span != null) {
                    unmatchedSpans.add(span);
                }
            } else {
                plan(event, targets, ledger.open(event.seq(), targets.size(), now), span);
            }
        }
        if (unmatched != null) {
            confirmUnmatched(unmatched, unmatchedKnown, now, unmatchedSpans);
        }
    }

    /**
     * A pending event brought back by the re-drive: sent to the webhooks that have no attempt for it yet, as far as
     * their lanes have room; it stays pending for the others. Those are the webhooks it was routed to when committed
     * ({@code owed}) that are still enabled and subscribed; where that is not known ({@code owed} null: taken over
     * from an instance that died before parking it), those enabled and subscribed now that existed when it came.
     * False if it could go nowhere (every webhook it waits for has a full queue).
     */
    public boolean redrive(AcceptedEvent event, Set<UUID> attempted, Set<UUID> owed) {
        List<WebhookRef> targets = routing.redriveTargets(event, attempted, owed);
        long now = System.nanoTime();
        if (targets.isEmpty()) {
            EventTicket ticket = ledger.openParked(event.seq(), 1, now);
            if (attempted.isEmpty()) {
                SkipReason reason =
                        owed == null ? routing.noTargetReason(event, null) : routing.noLongerWanted(event, owed);
                writer.skip(ticket, reason);
                if (tracing.on()) {
                    ended(span(event, true), 0, reason);
                }
            } else {
                ticket.markAttempted();
                writer.released(ticket);
            }
            return true;
        }
        List<WebhookRef> withRoom =
                targets.stream().filter(w -> lanes.room(w.id()) > 0).toList();
        EventTicket ticket = ledger.openParked(event.seq(), Math.max(1, withRoom.size()), now);
        if (withRoom.size() < targets.size()) {
            ticket.markDeferred();
        }
        if (withRoom.isEmpty()) {
            writer.released(ticket); // still pending; a later pass tries again (no span: nothing happened)
            return false;
        }
        // read back from PostgreSQL: the request it came with is long gone, so its deliveries start a new trace
        plan(event, withRoom, ticket, tracing.on() ? span(event, true) : null);
        return true;
    }

    private static UUID[] ids(List<WebhookRef> targets) {
        UUID[] ids = new UUID[targets.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = targets.get(i).id();
        }
        return ids;
    }

    /** A pending event that can no longer be read: set aside so it never blocks the others. */
    public void unreadable(long seq) {
        writer.skip(ledger.openParked(seq, 1, System.nanoTime()), SkipReason.UNREADABLE_EVENT);
    }

    /**
     * Each webhook gets the event once, as the most specific of its types the event fires; a webhook that folds
     * reactions gets it through its fold instead of its lane.
     */
    private void plan(AcceptedEvent event, List<WebhookRef> targets, EventTicket ticket, SpanHandle span) {
        if (!ticket.parked()) {
            ticket.owe(ids(targets)); // a pending row written for it later names these webhooks (see redrive)
        }
        RenderedPayload[] rendered = new RenderedPayload[4];
        long receivedAt = event.receivedAt().toInstant().toEpochMilli();
        TraceParent trace = span == null ? null : span.parent();
        for (int i = 0; i < targets.size(); i++) {
            WebhookRef webhook = targets.get(i);
            WebhookEventType type = webhook.firedType(event.types());
            if (webhook.folds(type)) {
                folds.add(webhook, event, ticket);
            } else {
                lanes.offer(
                        new Delivery(webhook, payloadFor(event, webhook, type, rendered), ticket, receivedAt, trace));
            }
        }
        ended(span, targets.size(), null);
    }

    /** The event's fan-out span: under its request, or a new trace for a re-drive (or an event without one). */
    private SpanHandle span(AcceptedEvent event, boolean redrive) {
        return tracing.fanout(
                redrive ? null : event.trace(), event.event().workspaceId(), event.eventId(), event.seq(), redrive);
    }

    private static void ended(SpanHandle span, int webhooks, SkipReason skipped) {
        if (span != null) {
            span.set(SpanNames.FANOUT_WEBHOOKS, webhooks);
            if (skipped != null) {
                span.set(SpanNames.SKIP_REASON, skipped.wire());
            }
            span.end(null);
        }
    }

    /** Renders each distinct (type, format) once per event; at most four exist for one event. */
    private static RenderedPayload payloadFor(
            AcceptedEvent event, WebhookRef webhook, WebhookEventType type, RenderedPayload[] rendered) {
        for (int i = 0; i < rendered.length && rendered[i] != null; i++) {
            if (rendered[i].type() == type && rendered[i].format() == webhook.format()) {
                return rendered[i];
            }
        }
        RenderedPayload payload = PayloadRenderer.render(
                event.seq(), event.eventId(), event.event(), type, webhook.format(), event.reactions());
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
    private void confirmUnmatched(
            List<AcceptedEvent> events, List<List<WebhookRef>> known, long now, List<SpanHandle> spans) {
        List<EventTicket> tickets = new ArrayList<>(events.size());
        events.forEach(e -> tickets.add(ledger.open(e.seq(), 1, now)));
        String[] workspaces =
                events.stream().map(e -> e.event().workspaceId()).distinct().toArray(String[]::new);
        webhooks.staleWorkspaces(workspaces, subscriptions)
                .compose(stale -> Future.join(
                        stale.stream().map(subscriptions::reloadWorkspace).toList()))
                .onComplete(ar -> {
                    for (int i = 0; i < events.size(); i++) {
                        AcceptedEvent event = events.get(i);
                        EventTicket ticket = tickets.get(i);
                        SpanHandle span = spans == null ? null : spans.get(i);
                        List<WebhookRef> targets = ar.failed() ? List.of() : routing.unknownThen(event, known.get(i));
                        if (ar.failed()) {
                            // cannot tell now: the event is parked and the re-drive decides later
                            ticket.markDeferred();
                            writer.released(ticket);
                            ended(span, 0, null);
                        } else if (targets.isEmpty()) {
                            SkipReason reason = routing.noTargetReason(event, known.get(i));
                            writer.skip(ticket, reason);
                            ended(span, 0, reason);
                        } else {
                            ticket.addDeliveries(targets.size() - 1);
                            plan(event, targets, ticket, span);
                        }
                    }
                });
    }
}
