package io.hookline.fanout;

import io.hookline.event.AcceptedEvent;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Pending events brought back from PostgreSQL for one slot, each with the webhooks already attempted for it. */
public record RedriveBatch(List<Item> items) {

    /**
     * {@code event} is null when the stored event could no longer be read; {@code owed} (the webhooks it was routed
     * to when committed) is null when the pending row does not say.
     */
    public record Item(long seq, AcceptedEvent event, Set<UUID> attempted, Set<UUID> owed) {}
}
