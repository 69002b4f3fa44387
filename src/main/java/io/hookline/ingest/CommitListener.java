package io.hookline.ingest;

import io.hookline.event.AcceptedEvent;
import io.hookline.webhook.WebhookRef;
import java.util.List;

/**
 * Where a slot's committed events go: its fan-out. Each event is routed by its workspace's webhooks as this instance
 * knew them when the event's write was sent, not when fan-out gets to it. A change to a webhook that commits after
 * the event (re-enabling it, subscribing it to the type, creating it) is never applied to the event, however long
 * fan-out takes to reach it: producers may have their 202 and an admin may change a webhook before that.
 */
public interface CommitListener {

    /** The workspace's webhooks as this instance knows them now; asked for each event just before its write. */
    List<WebhookRef> webhooksOf(String workspaceId);

    /** Events just committed, each with what {@link #webhooksOf} said for it (same order). */
    void committed(List<AcceptedEvent> events, List<List<WebhookRef>> webhooks);
}
