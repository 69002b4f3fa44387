package io.hookline.fanout;

import io.hookline.event.AcceptedEvent;
import io.hookline.event.SkipReason;
import io.hookline.webhook.Subscriptions;
import io.hookline.webhook.WebhookRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Who an event goes to when it is not routed by the webhook list noted when its write was sent, and why nobody got
 * it: after the database check for a workspace whose list wanted nothing, and on the re-drive of a parked event.
 */
final class Routing {

    private final Subscriptions subscriptions;

    Routing(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    /**
     * A parked event's webhooks without an attempt for it: those it was routed to when committed ({@code owed}) that
     * still want it; where that is not known ({@code owed} null), those that want it now and existed when it came.
     */
    List<WebhookRef> redriveTargets(AcceptedEvent event, Set<UUID> attempted, Set<UUID> owed) {
        List<WebhookRef> targets = new ArrayList<>();
        for (WebhookRef ref : subscriptions.targets(event.event().workspaceId(), event.types(), event.event())) {
            if (!attempted.contains(ref.id())
                    && (owed == null ? ref.existedAt(event.seq(), event.receivedAt()) : owed.contains(ref.id()))) {
                targets.add(ref);
            }
        }
        return targets;
    }

    /**
     * After the database check, the webhooks the event goes to: among those this instance had not heard of when the
     * event's write was sent ({@code known} were judged then: none of them wanted it), the ones that existed when it
     * came and want it now.
     */
    List<WebhookRef> unknownThen(AcceptedEvent event, List<WebhookRef> known) {
        List<WebhookRef> targets = new ArrayList<>();
        for (WebhookRef ref : subscriptions.targets(event.event().workspaceId(), event.types(), event.event())) {
            if (!isKnown(known, ref) && ref.existedAt(event.seq(), event.receivedAt())) {
                targets.add(ref);
            }
        }
        return targets;
    }

    private static boolean isKnown(List<WebhookRef> known, WebhookRef ref) {
        if (known != null) {
            for (WebhookRef then : known) {
                if (then.id().equals(ref.id())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Every webhook a parked event was routed to went off it meanwhile: its filter refuses it now, it dropped the
     * event's types, or (the usual case) it was disabled or deleted.
     */
    SkipReason noLongerWanted(AcceptedEvent event, Set<UUID> owed) {
        SkipReason reason = SkipReason.WEBHOOK_DISABLED;
        for (UUID id : owed) {
            WebhookRef ref = subscriptions.get(id);
            if (ref != null && ref.enabled()) {
                if (ref.subscribesToAny(event.types())) {
                    return SkipReason.FILTERED_OUT;
                }
                reason = SkipReason.NO_MATCHING_WEBHOOK;
            }
        }
        return reason;
    }

    /**
     * No webhook gets the event: filtered out when one that wanted its types refused it by its filter, else nobody
     * wants it. Judged by {@code known} (the webhooks as they were when its write was sent; null if not known) and by
     * the webhooks now that it did not list and that existed when the event came.
     */
    SkipReason noTargetReason(AcceptedEvent event, List<WebhookRef> known) {
        for (WebhookRef ref : known == null ? List.<WebhookRef>of() : known) {
            if (ref.enabled() && ref.subscribesToAny(event.types())) {
                return SkipReason.FILTERED_OUT;
            }
        }
        for (WebhookRef ref : subscriptions.matching(event.event().workspaceId(), event.types())) {
            if (!isKnown(known, ref) && ref.existedAt(event.seq(), event.receivedAt())) {
                return SkipReason.FILTERED_OUT;
            }
        }
        return SkipReason.NO_MATCHING_WEBHOOK;
    }
}
